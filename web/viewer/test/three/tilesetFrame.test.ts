import { Matrix4, Sphere, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { tilesetFrame } from '../../src/three/tilesetFrame';

// The root transform TwinCity writes for Monaco: local east-north-up at the city origin, on ECEF.
const MONACO = [-0.129215, 0.991617, 0, 0, -0.685574, -0.089335, 0.722501, 0, 0.716444, 0.093358, 0.69137, 0, 4576908.359945, 596405.921093, 4387154.60101, 1];

function apply(m: number[], local: Vector3): Vector3 {
  return local.clone().applyMatrix4(new Matrix4().fromArray(m));
}

describe('tilesetFrame', () => {
  it('should undo a root east-north-up transform into x east, y up, z -north around the city origin', () => {
    const frame = tilesetFrame(MONACO, new Sphere());
    // 100 m east, 50 m north, 10 m up in the tileset's frame, placed on the globe by the root transform.
    const ecef = apply(MONACO, new Vector3(100, 50, 10));

    const local = ecef.applyMatrix4(frame);

    expect(local.x).toBeCloseTo(100, 3);
    expect(local.y).toBeCloseTo(10, 3);
    expect(local.z).toBeCloseTo(-50, 3);
  });

  it('should centre a geolocated tileset without a root transform on its bounding sphere, up = away from the earth', () => {
    const centre = new Vector3(4576908, 596405, 4387154);
    const frame = tilesetFrame(undefined, new Sphere(centre, 100));
    const above = centre.clone().add(centre.clone().normalize().multiplyScalar(20));

    expect(centre.clone().applyMatrix4(frame).length()).toBeCloseTo(0, 3);
    const local = above.applyMatrix4(frame);
    expect(local.y).toBeCloseTo(20, 3);
    expect(Math.hypot(local.x, local.z)).toBeCloseTo(0, 3);
  });

  it('should only centre (and turn z-up into y-up) a tileset in local coordinates', () => {
    const frame = tilesetFrame(undefined, new Sphere(new Vector3(10, 20, 0), 5));

    const local = new Vector3(10, 20, 3).applyMatrix4(frame);

    expect(local.toArray().map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 3, 0]);
  });
});
