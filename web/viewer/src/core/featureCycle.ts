import type { FeatureRef } from './types';

/**
 * The feature after (or before) `current` among `tiles` (in the order given, features in index
 * order), wrapping around; the first (or last) when `current` is not among them. Null when no
 * tile has a feature.
 */
export function stepFeature(
  tiles: readonly { tileId: string; featureCount: number }[],
  current: FeatureRef | null,
  direction: 1 | -1,
): FeatureRef | null {
  const usable = tiles.filter((t) => t.featureCount > 0);
  if (usable.length === 0) return null;
  const at = current ? usable.findIndex((t) => t.tileId === current.tileId) : -1;
  if (at < 0 || !current || current.featureIndex >= usable[at].featureCount) {
    const tile = direction > 0 ? usable[0] : usable[usable.length - 1];
    return { tileId: tile.tileId, featureIndex: direction > 0 ? 0 : tile.featureCount - 1 };
  }
  const index = current.featureIndex + direction;
  if (index >= 0 && index < usable[at].featureCount) return { tileId: current.tileId, featureIndex: index };
  const tile = usable[(at + direction + usable.length) % usable.length];
  return { tileId: tile.tileId, featureIndex: direction > 0 ? 0 : tile.featureCount - 1 };
}
