/**
 * Building footprints for the 2D map: the upward-facing triangles of a tile's mesh (roofs), seen
 * from above in east-north metres, each tagged with its feature index. Pure data, no three.js.
 */
export interface FootprintTile {
  tileId: string;
  featureCount: number;
  /** Six numbers per triangle: east, north of its three corners. */
  triangles: Float32Array;
  /** Feature index of each triangle. */
  features: Uint32Array;
  /** Triangles sorted by feature: feature f owns `order[start[f] .. start[f + 1])`. */
  order: Uint32Array;
  start: Uint32Array;
  minE: number;
  minN: number;
  maxE: number;
  maxN: number;
}

/** Below this upward share of its normal a triangle is a wall or a floor, not a roof. */
const MIN_UP = 0.2;

/**
 * Builds a tile's footprints from a mesh in the viewer's local frame (x east, y up, z -north):
 * `position(i)` gives vertex i, `featureOf(i)` its feature id, `index` the triangles' vertices.
 */
export function buildFootprints(
  tileId: string,
  featureCount: number,
  vertexCount: number,
  position: (i: number, out: number[]) => void,
  featureOf: (i: number) => number,
  index: ArrayLike<number> | null,
): FootprintTile {
  const triangleCount = index ? Math.floor(index.length / 3) : Math.floor(vertexCount / 3);
  const tris: number[] = [];
  const feats: number[] = [];
  const a: number[] = [0, 0, 0];
  const b: number[] = [0, 0, 0];
  const c: number[] = [0, 0, 0];
  let minE = Infinity, minN = Infinity, maxE = -Infinity, maxN = -Infinity;
  for (let t = 0; t < triangleCount; t++) {
    const ia = index ? index[3 * t] : 3 * t;
    const ib = index ? index[3 * t + 1] : 3 * t + 1;
    const ic = index ? index[3 * t + 2] : 3 * t + 2;
    position(ia, a);
    position(ib, b);
    position(ic, c);
    // y of the normal (b - a) x (c - a), compared with its length: how much the face looks up.
    const ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
    const vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const length = Math.hypot(nx, ny, nz);
    if (length === 0 || ny / length < MIN_UP) continue;
    const feature = featureOf(ia);
    if (feature < 0 || feature >= featureCount) continue;
    for (const p of [a, b, c]) {
      const e = p[0];
      const n = 0 - p[2]; // not -p[2]: north 0 stays +0
      tris.push(e, n);
      if (e < minE) minE = e;
      if (e > maxE) maxE = e;
      if (n < minN) minN = n;
      if (n > maxN) maxN = n;
    }
    feats.push(feature);
  }
  const features = Uint32Array.from(feats);
  const start = new Uint32Array(featureCount + 1);
  for (const f of features) start[f + 1]++;
  for (let f = 0; f < featureCount; f++) start[f + 1] += start[f];
  const fill = start.slice(0, featureCount);
  const order = new Uint32Array(features.length);
  features.forEach((f, t) => (order[fill[f]++] = t));
  return { tileId, featureCount, triangles: Float32Array.from(tris), features, order, start, minE, minN, maxE, maxN };
}

/** The feature whose footprint holds the point (east, north), or -1. */
export function pickFootprint(tile: FootprintTile, e: number, n: number): number {
  if (e < tile.minE || e > tile.maxE || n < tile.minN || n > tile.maxN) return -1;
  const t = tile.triangles;
  for (let i = 0; i < tile.features.length; i++) {
    const o = 6 * i;
    if (inTriangle(e, n, t[o], t[o + 1], t[o + 2], t[o + 3], t[o + 4], t[o + 5])) return tile.features[i];
  }
  return -1;
}

/** A point inside a feature's footprint (its largest triangle's centroid), or null. */
export function footprintCentre(tile: FootprintTile, feature: number): { e: number; n: number } | null {
  let best = -1;
  let area = 0;
  for (let k = tile.start[feature]; k < tile.start[feature + 1]; k++) {
    const o = 6 * tile.order[k];
    const t = tile.triangles;
    const a = Math.abs((t[o + 2] - t[o]) * (t[o + 5] - t[o + 1]) - (t[o + 4] - t[o]) * (t[o + 3] - t[o + 1]));
    if (a > area) {
      area = a;
      best = o;
    }
  }
  if (best < 0) return null;
  const t = tile.triangles;
  return { e: (t[best] + t[best + 2] + t[best + 4]) / 3, n: (t[best + 1] + t[best + 3] + t[best + 5]) / 3 };
}

function inTriangle(px: number, py: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
}
