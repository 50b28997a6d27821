import { describe, expect, it } from 'vitest';
import { buildFootprints, footprintCentre, pickFootprint } from '../../src/core/footprints';

// Two unit boxes' roofs and one wall, in the local frame (x east, y up, z -north).
const vertices = [
  // feature 0: roof square 0..1 east, 0..1 north at height 3 (two triangles, counter-clockwise from above)
  [0, 3, 0], [1, 3, 0], [1, 3, -1], [0, 3, 0], [1, 3, -1], [0, 3, -1],
  // feature 1: roof triangle 5..6 east, 0..1 north
  [5, 3, 0], [6, 3, 0], [5, 3, -1],
  // feature 1: a wall (vertical), not a footprint
  [5, 0, 0], [6, 0, 0], [6, 3, 0],
];
const feature = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];

function tile() {
  return buildFootprints('t', 2, vertices.length, (i, out) => {
    out[0] = vertices[i][0]; out[1] = vertices[i][1]; out[2] = vertices[i][2];
  }, (i) => feature[i], null);
}

describe('footprints', () => {
  it('should keep roofs, drop walls and group triangles by feature', () => {
    const t = tile();
    expect(t.features.length).toBe(3);
    expect(Array.from(t.start)).toEqual([0, 2, 3]);
    expect([t.minE, t.maxE, t.minN, t.maxN]).toEqual([0, 6, 0, 1]);
  });

  it('should pick the feature under a point in east-north metres', () => {
    const t = tile();
    expect(pickFootprint(t, 0.5, 0.5)).toBe(0);
    expect(pickFootprint(t, 5.2, 0.2)).toBe(1);
    expect(pickFootprint(t, 3, 0.5)).toBe(-1);
    expect(pickFootprint(t, 5.9, 0.9)).toBe(-1);
  });

  it('should give a point inside each footprint', () => {
    const t = tile();
    for (const f of [0, 1]) {
      const c = footprintCentre(t, f)!;
      expect(pickFootprint(t, c.e, c.n)).toBe(f);
    }
  });
});
