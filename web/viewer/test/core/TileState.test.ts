import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../src/core/decodeFrame';
import { TileState } from '../../src/core/TileState';

const frame = (metricIndex: number, features: number[], values: number[]) => decodeFrame(encodeFrame([{ metricIndex, features, values }]));

describe('TileState', () => {
  it('should start with no value for any feature', () => {
    const tile = new TileState('t', 3, 2);

    expect(Number.isNaN(tile.valueAt(0, 0))).toBe(true);
    expect(tile.countWithValue(0)).toBe(0);
  });

  it('should keep values of other features when a delta arrives', () => {
    const tile = new TileState('t', 3, 1);
    tile.apply(frame(0, [0, 1], [1, 2]), true);

    tile.apply(frame(0, [1], [5]), false);

    expect([tile.valueAt(0, 0), tile.valueAt(1, 0)]).toEqual([1, 5]);
  });

  it('should clear every metric on a snapshot', () => {
    const tile = new TileState('t', 2, 2);
    tile.apply(frame(1, [0], [9]), true);

    tile.apply(frame(0, [1], [3]), true);

    expect(Number.isNaN(tile.valueAt(0, 1))).toBe(true);
    expect(tile.valueAt(1, 0)).toBe(3);
  });

  it('should skip values for an unknown metric or feature and count them', () => {
    const tile = new TileState('t', 2, 1);

    expect(tile.apply(frame(4, [0], [1]), false)).toBe(1);
    expect(tile.apply(frame(0, [2, 1], [1, 1]), false)).toBe(1);
    expect(Number.isNaN(tile.valueAt(4, 0))).toBe(true);
    expect(tile.metricValues(3)).toBeUndefined();
  });
});
