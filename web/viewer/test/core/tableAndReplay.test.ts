import { describe, expect, it } from 'vitest';
import { chartPath } from '../../src/core/chartPath';
import { featureRowsOf, sortRows, type FeatureRow } from '../../src/core/featureRows';
import { snapshotValues } from '../../src/core/snapshotValues';

const row = (tileId: string, featureIndex: number, value: number): FeatureRow => ({ tileId, featureIndex, layer: 'buildings', values: [value] });

describe('sortRows', () => {
  it('should sort by a metric both ways with missing values last', () => {
    const rows = [row('t', 0, 5), row('t', 1, Number.NaN), row('t', 2, 1), row('t', 3, 9)];
    expect(sortRows([...rows], 0, 'ascending').map((r) => r.featureIndex)).toEqual([2, 0, 3, 1]);
    expect(sortRows([...rows], 0, 'descending').map((r) => r.featureIndex)).toEqual([3, 0, 2, 1]);
    expect(sortRows([...rows], 'feature', 'descending').map((r) => r.featureIndex)).toEqual([3, 2, 1, 0]);
  });
});

describe('snapshotValues', () => {
  it('should lay a city snapshot out per tile and skip what the catalogue does not know', () => {
    const { tiles, skipped } = snapshotValues(
      { metric: 'm', unit: '', at: '', values: [
        { id: 'x', tile: 'a', feature: 1, value: 7, time: '' },
        { id: 'y', tile: 'zz', feature: 0, value: 1, time: '' },
        { id: 'z', tile: 'a', feature: 9, value: 1, time: '' },
      ] },
      new Map([['a', 3]]),
    );
    expect(Array.from(tiles.get('a')!)).toEqual([Number.NaN, 7, Number.NaN]);
    expect(skipped).toBe(2);
  });
});

describe('chartPath', () => {
  it('should scale time left to right and values bottom to top', () => {
    const path = chartPath([{ t: 2000, v: 10 }, { t: 0, v: 0 }, { t: 1000, v: Number.NaN }], 100, 50);
    expect(path.d).toBe('M0.0 50.0 L100.0 0.0');
    expect([path.min, path.max]).toEqual([0, 10]);
  });

  it('should draw nothing without points and a flat line in the middle', () => {
    expect(chartPath([], 100, 50).d).toBe('');
    expect(chartPath([{ t: 0, v: 3 }, { t: 10, v: 3 }], 100, 50).d).toBe('M0.0 25.0 L100.0 25.0');
  });
});

describe('featureRowsOf', () => {
  it('should carry the ids of the sensors on each feature when given them', () => {
    const rows = featureRowsOf([{ tileId: 'a', featureCount: 2, layer: 'buildings' }], 0, () => Number.NaN, (_tile, f) => (f === 1 ? ['s1', 's2'] : undefined));

    expect(rows.map((r) => r.sensors)).toEqual([undefined, ['s1', 's2']]);
  });

  it('should make one row per feature of each tile with one value per metric', () => {
    const rows = featureRowsOf([{ tileId: 'a', featureCount: 2, layer: 'buildings' }, { tileId: 'b', featureCount: 1, layer: 'streets' }], 2, (t, f, m) => (t === 'a' ? 10 * f + m : Number.NaN));
    expect(rows.map((r) => [r.tileId, r.featureIndex, r.layer, r.values])).toEqual([
      ['a', 0, 'buildings', [0, 1]], ['a', 1, 'buildings', [10, 11]], ['b', 0, 'streets', [Number.NaN, Number.NaN]],
    ]);
  });
});
