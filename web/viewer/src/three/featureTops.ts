import { Matrix4, Vector3, type Mesh, type Object3D } from 'three';
import { FEATURE_ID_ATTRIBUTE } from './prepareTileMesh';

/**
 * The top centre of each of `features` in a tile's meshes (world frame: x east, y up, z -north): the centre of
 * the feature's vertices seen from above, at its highest vertex. One pass over the tile's vertices; features
 * the meshes do not hold are left out. `root` is the tileset's group: a tile not yet shown is not attached to
 * it, so its meshes' world matrices lack the tileset's transform until then.
 */
export function featureTops(meshes: readonly Mesh[], features: ReadonlySet<number>, root: Object3D): Map<number, [number, number, number]> {
  const boxes = new Map<number, { minX: number; maxX: number; minZ: number; maxZ: number; maxY: number }>();
  const point = new Vector3();
  for (const mesh of meshes) {
    const ids = mesh.geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
    const position = mesh.geometry.getAttribute('position');
    if (!ids || !position) continue;
    const matrix = worldMatrixOf(mesh, root);
    for (let i = 0; i < position.count; i++) {
      const feature = Math.round(ids.getX(i));
      if (!features.has(feature)) continue;
      point.fromBufferAttribute(position, i).applyMatrix4(matrix);
      const box = boxes.get(feature);
      if (!box) {
        boxes.set(feature, { minX: point.x, maxX: point.x, minZ: point.z, maxZ: point.z, maxY: point.y });
        continue;
      }
      box.minX = Math.min(box.minX, point.x);
      box.maxX = Math.max(box.maxX, point.x);
      box.minZ = Math.min(box.minZ, point.z);
      box.maxZ = Math.max(box.maxZ, point.z);
      box.maxY = Math.max(box.maxY, point.y);
    }
  }
  const tops = new Map<number, [number, number, number]>();
  for (const [feature, b] of boxes) tops.set(feature, [(b.minX + b.maxX) / 2, b.maxY, (b.minZ + b.maxZ) / 2]);
  return tops;
}

/** The mesh's matrix to the world, whether or not its tile is attached under `root` yet. */
function worldMatrixOf(mesh: Mesh, root: Object3D): Matrix4 {
  mesh.updateWorldMatrix(true, false);
  let attached = false;
  mesh.traverseAncestors((a) => {
    if (a === root) attached = true;
  });
  if (attached) return mesh.matrixWorld;
  root.updateWorldMatrix(true, false);
  return new Matrix4().multiplyMatrices(root.matrixWorld, mesh.matrixWorld);
}
