import { describe, expect, it } from 'vitest';
import { colourOf, NEUTRAL_COLOUR, normalise, viridis, viridisCssGradient } from '../../src/core/colourMap';

function rgba(value: number, min = 0, max = 100): number[] {
  const out = [0, 0, 0, 0];
  colourOf(value, min, max, out);
  return out;
}

describe('colourMap', () => {
  it('should map min and max to the ends of viridis', () => {
    expect(rgba(0)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(rgba(100)).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it('should clamp values outside the metric range', () => {
    expect(rgba(-50)).toEqual(rgba(0));
    expect(rgba(1e9)).toEqual(rgba(100));
  });

  it('should give NaN and infinities the neutral colour with zero alpha', () => {
    const neutral = [...NEUTRAL_COLOUR, 0];
    expect(rgba(Number.NaN)).toEqual(neutral);
    expect(rgba(Number.POSITIVE_INFINITY)).toEqual(neutral);
    expect(rgba(Number.NEGATIVE_INFINITY)).toEqual(neutral);
  });

  it('should report whether a value was coloured', () => {
    expect(colourOf(5, 0, 10, [0, 0, 0, 0])).toBe(true);
    expect(colourOf(Number.NaN, 0, 10, [0, 0, 0, 0])).toBe(false);
  });

  it('should interpolate between stops', () => {
    const out = [0, 0, 0];
    viridis(0.05, out);
    // halfway between #440154 and #482475
    expect(out).toEqual([0x46, Math.round((0x01 + 0x24) / 2), Math.round((0x54 + 0x75) / 2)]);
  });

  it('should get brighter along the scale', () => {
    const luminance = (t: number) => {
      const c = [0, 0, 0];
      viridis(t, c);
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    for (let t = 0; t < 1; t += 0.05) {
      expect(luminance(t + 0.05)).toBeGreaterThan(luminance(t));
    }
  });

  it('should not divide by zero when min equals max', () => {
    expect(normalise(5, 5, 5)).toBe(1);
    expect(normalise(4, 5, 5)).toBe(0);
    expect(Number.isNaN(normalise(Number.NaN, 5, 5))).toBe(true);
  });

  it('should write at an offset into a byte array', () => {
    const data = new Uint8Array(8);
    colourOf(100, 0, 100, data, 4);
    expect([...data]).toEqual([0, 0, 0, 0, 0xfd, 0xe7, 0x25, 255]);
  });

  it('should describe the palette as a CSS gradient for the legend', () => {
    expect(viridisCssGradient()).toMatch(/^linear-gradient\(to right, #440154 0%, .* #fde725 100%\)$/);
  });
});
