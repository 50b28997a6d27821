import { Triangle, Vector3, type Mesh } from 'three';
import type { TwinScene } from './TwinScene';
import { FEATURE_ID_ATTRIBUTE } from './prepareTileMesh';
import type { FeatureHit, TwinTilesetLayer } from './TwinTilesetLayer';

const MAX_CANDIDATES = 24;

/**
 * Client coordinates of a visible point on a feature, preferring its roof: the centroids of the
 * feature's upward-facing triangles (largest first, then the rest), each checked by casting a ray
 * back through it and seeing the same feature first, and not covered by the interface. Null if the
 * feature is hidden, covered or off screen.
 * Scans the tile's triangles (O(n)): meant for tests and "fly to", not per frame.
 */
export function featureScreenPoint(
  scene: TwinScene,
  layer: TwinTilesetLayer,
  tileId: string,
  featureIndex: number,
  pick: (raycaster: ReturnType<TwinScene['raycasterAt']>) => FeatureHit | null = (r) => layer.pick(r),
): { x: number; y: number } | null {
  const tile = layer.tiles.get(tileId);
  if (!tile) return null;
  scene.camera.updateMatrixWorld();

  const candidates: { point: Vector3; score: number }[] = [];
  const triangle = new Triangle();
  const normal = new Vector3();
  for (const mesh of tile.meshes) {
    for (const [a, b, c] of trianglesOf(mesh, featureIndex)) {
      const position = mesh.geometry.getAttribute('position');
      triangle.a.fromBufferAttribute(position, a);
      triangle.b.fromBufferAttribute(position, b);
      triangle.c.fromBufferAttribute(position, c);
      // Quantised positions are dequantised by the node's matrix, as in the shader.
      triangle.a.applyMatrix4(mesh.matrixWorld);
      triangle.b.applyMatrix4(mesh.matrixWorld);
      triangle.c.applyMatrix4(mesh.matrixWorld);
      triangle.getNormal(normal);
      const area = triangle.getArea();
      if (area <= 1e-6) continue;
      // Roofs first (normal up), big ones first; walls only as a fallback.
      const score = (normal.y > 0.5 ? 1e9 : 0) + area;
      candidates.push({ point: triangle.getMidpoint(new Vector3()), score });
    }
  }
  candidates.sort((p, q) => q.score - p.score);

  for (const { point } of candidates.slice(0, MAX_CANDIDATES)) {
    const exact = scene.toClient(point);
    if (!exact) continue;
    // Mouse events carry whole pixels: check the pixel a click would really land on.
    const client = { x: Math.round(exact.x), y: Math.round(exact.y) };
    // A point under a panel or the legend is on screen but cannot be clicked.
    if (typeof document !== 'undefined' && document.elementFromPoint(client.x, client.y) !== scene.renderer.domElement) continue;
    const hit = pick(scene.raycasterAt(client.x, client.y));
    if (hit && hit.tileId === tileId && hit.featureIndex === featureIndex) return client;
  }
  return null;
}

function* trianglesOf(mesh: Mesh, featureIndex: number): Generator<[number, number, number]> {
  const geometry = mesh.geometry;
  const ids = geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
  const index = geometry.getIndex();
  const count = index ? index.count : geometry.getAttribute('position').count;
  for (let i = 0; i + 2 < count; i += 3) {
    const a = index ? index.getX(i) : i;
    if (Math.round(ids.getX(a)) !== featureIndex) continue;
    yield index ? [a, index.getX(i + 1), index.getX(i + 2)] : [a, i + 1, i + 2];
  }
}
