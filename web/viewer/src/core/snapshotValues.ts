import type { CitySnapshot } from './twinApi';

/**
 * A city snapshot as per-tile value arrays indexed by feature (NaN where the snapshot has nothing),
 * the same shape as the live state, so colouring does not care which one it reads. Values for a
 * tile or feature the catalogue does not know are skipped and counted.
 */
export function snapshotValues(snapshot: CitySnapshot, featureCounts: ReadonlyMap<string, number>): { tiles: Map<string, Float32Array>; skipped: number } {
  const tiles = new Map<string, Float32Array>();
  for (const [id, count] of featureCounts) tiles.set(id, new Float32Array(count).fill(Number.NaN));
  let skipped = 0;
  for (const v of snapshot.values) {
    const values = tiles.get(v.tile);
    if (!values || v.feature < 0 || v.feature >= values.length) {
      skipped++;
      continue;
    }
    values[v.feature] = v.value;
  }
  return { tiles, skipped };
}
