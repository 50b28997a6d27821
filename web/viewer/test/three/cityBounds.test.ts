import { describe, expect, it } from 'vitest';
import { cityBounds } from '../../src/three/cityBounds';

describe('cityBounds', () => {
  it('should map east-north bounds to the glTF frame with z = -north', () => {
    const box = cityBounds([
      { id: 'a', minX: -100, minY: 50, maxX: 0, maxY: 150, maxHeight: 40, featureCount: 1, content: '' },
      { id: 'b', minX: 0, minY: -20, maxX: 200, maxY: 50, maxHeight: 90, featureCount: 1, content: '' },
    ]);

    expect(box.min.toArray()).toEqual([-100, 0, -150]);
    expect(box.max.toArray()).toEqual([200, 90, 20]);
  });

  it('should be empty without tiles', () => {
    expect(cityBounds([]).isEmpty()).toBe(true);
  });
});
