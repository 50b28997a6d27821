import { Matrix4, Vector3, type Sphere } from 'three';

/** Distances beyond this from the earth's centre mean a tileset is placed on the globe (ECEF). */
const ECEF_THRESHOLD_M = 1e6;

/** glTF / three.js are y-up; 3D Tiles are z-up: this turns east-north-up into x = east, y = up, z = -north. */
const Z_UP_TO_Y_UP = new Matrix4().makeRotationX(-Math.PI / 2);

/**
 * The matrix that brings a tileset from the 3D Tiles world (ECEF for a geolocated one) into the
 * viewer's local frame, x = east, y = up, z = -north, metres: the frame TwinCity's tiles, the
 * catalogue bounds and the camera use.
 * - `rootTransform` (the root tile's `transform`, column-major) that places a local east-north-up
 *   frame on the globe, as TwinCity writes it, is undone exactly: the city origin becomes (0, 0, 0).
 * - Otherwise a geolocated tileset is centred on an east-north-up frame at its bounding sphere's
 *   centre; a local one is only centred.
 */
export function tilesetFrame(rootTransform: readonly number[] | undefined, bounds: Sphere): Matrix4 {
  if (rootTransform && rootTransform.length === 16) {
    const transform = new Matrix4().fromArray(rootTransform);
    const origin = new Vector3().setFromMatrixPosition(transform);
    if (origin.length() > ECEF_THRESHOLD_M) return Z_UP_TO_Y_UP.clone().multiply(transform.invert());
  }
  const centre = bounds.center;
  if (centre.length() > ECEF_THRESHOLD_M) {
    return Z_UP_TO_Y_UP.clone().multiply(eastNorthUpAt(centre).invert());
  }
  return Z_UP_TO_Y_UP.clone().multiply(new Matrix4().makeTranslation(-centre.x, -centre.y, -centre.z));
}

/** The east-north-up frame at an ECEF point (spherical up; ample for framing a camera). */
export function eastNorthUpAt(ecef: Vector3): Matrix4 {
  const up = ecef.clone().normalize();
  const east = new Vector3(-up.y, up.x, 0);
  if (east.lengthSq() < 1e-12) east.set(1, 0, 0);
  east.normalize();
  const north = new Vector3().crossVectors(up, east);
  return new Matrix4().makeBasis(east, north, up).setPosition(ecef);
}
