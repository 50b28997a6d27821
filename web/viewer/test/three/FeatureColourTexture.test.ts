import { SRGBColorSpace } from 'three';
import { describe, expect, it } from 'vitest';
import { FeatureColourTexture } from '../../src/three/FeatureColourTexture';

describe('FeatureColourTexture', () => {
  it('should hold one RGBA texel per feature in a single row when it fits', () => {
    const colours = new FeatureColourTexture(300, 4096);

    expect([colours.width, colours.height]).toEqual([300, 1]);
    expect(colours.data.length).toBe(300 * 4);
    expect(colours.texture.colorSpace).toBe(SRGBColorSpace);
  });

  it('should wrap into rows beyond the maximum texture size', () => {
    const colours = new FeatureColourTexture(10, 4);

    expect([colours.width, colours.height]).toEqual([4, 3]);
  });

  it('should refuse more features than the largest texture holds', () => {
    expect(() => new FeatureColourTexture(17, 4)).toThrow(/^FeatureColourTexture: 17 features exceed a 4² texture$/);
  });

  it('should still make a texture for a tile without features', () => {
    expect(new FeatureColourTexture(0).width).toBe(1);
  });
});
