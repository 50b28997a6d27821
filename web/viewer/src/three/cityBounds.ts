import { Box3, Vector3 } from 'three';
import type { TileInfo } from '../core';

/**
 * The box the tiles cover in the glTF frame (x = east, y = up, z = -north), from the catalogue's
 * east-north bounds, so the camera can frame the city before any tile has loaded.
 */
export function cityBounds(tiles: readonly TileInfo[]): Box3 {
  const box = new Box3();
  for (const t of tiles) {
    box.expandByPoint(new Vector3(t.minX, 0, -t.maxY));
    box.expandByPoint(new Vector3(t.maxX, Math.max(t.maxHeight, 0), -t.minY));
  }
  return box;
}
