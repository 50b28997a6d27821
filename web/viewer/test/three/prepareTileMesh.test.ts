import { Mesh, Vector3 } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { describe, expect, it } from 'vitest';
import { FEATURE_ID_ATTRIBUTE, geometryBytes, prepareTileMesh } from '../../src/three/prepareTileMesh';

/**
 * A one-triangle GLB written the way the importers write building tiles: KHR_mesh_quantization
 * int16 positions (8-byte stride), a node scale/translation that dequantises them, a ushort
 * `_FEATURE_ID_0`. Parsed by the same GLTFLoader 3DTilesRendererJS uses.
 */
function quantisedGlb(featureIds: Uint16Array | Uint32Array = new Uint16Array([7, 7, 7])): ArrayBuffer {
  const positions = new Int16Array([0, 0, 0, 0, 32767, 0, 0, 0, 0, 100, -32767, 0]);
  const idBytes = new Uint8Array(Math.ceil(featureIds.byteLength / 4) * 4);
  idBytes.set(new Uint8Array(featureIds.buffer));
  const bin = new Uint8Array(positions.byteLength + idBytes.byteLength);
  bin.set(new Uint8Array(positions.buffer), 0);
  bin.set(idBytes, positions.byteLength);
  const gltf = {
    asset: { version: '2.0' },
    extensionsUsed: ['KHR_mesh_quantization'],
    extensionsRequired: ['KHR_mesh_quantization'],
    buffers: [{ byteLength: bin.byteLength }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: positions.byteLength, byteStride: 8, target: 34962 },
      { buffer: 0, byteOffset: positions.byteLength, byteLength: featureIds.byteLength, target: 34962 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5122, count: 3, type: 'VEC3', min: [0, 0, -32767], max: [32767, 100, 0] },
      { bufferView: 1, componentType: featureIds instanceof Uint16Array ? 5123 : 5125, count: 3, type: 'SCALAR' },
    ],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, _FEATURE_ID_0: 1 } }] }],
    nodes: [{ mesh: 0, scale: [0.0123, 0.004, 0.0123], translation: [1500.25, 12, -800.5] }],
    scenes: [{ nodes: [0] }],
    scene: 0,
  };
  let json = new TextEncoder().encode(JSON.stringify(gltf));
  const padded = new Uint8Array(Math.ceil(json.length / 4) * 4).fill(0x20);
  padded.set(json);
  json = padded;
  const total = 12 + 8 + json.length + 8 + bin.length;
  const out = new DataView(new ArrayBuffer(total));
  out.setUint32(0, 0x46546c67, true);
  out.setUint32(4, 2, true);
  out.setUint32(8, total, true);
  out.setUint32(12, json.length, true);
  out.setUint32(16, 0x4e4f534a, true);
  new Uint8Array(out.buffer, 20, json.length).set(json);
  out.setUint32(20 + json.length, bin.length, true);
  out.setUint32(24 + json.length, 0x004e4942, true);
  new Uint8Array(out.buffer, 28 + json.length, bin.length).set(bin);
  return out.buffer;
}

async function loadMesh(glb: ArrayBuffer): Promise<Mesh> {
  const gltf = await new GLTFLoader().parseAsync(glb, '');
  gltf.scene.updateMatrixWorld(true);
  let mesh: Mesh | undefined;
  gltf.scene.traverse((o) => {
    if ((o as Mesh).isMesh) mesh = o as Mesh;
  });
  if (!mesh) throw new Error('no mesh in the test GLB');
  return mesh;
}

describe('prepareTileMesh', () => {
  it('should keep quantised int16 positions on the GPU and dequantise through the node matrix', async () => {
    const mesh = await loadMesh(quantisedGlb());

    expect(prepareTileMesh(mesh)).toBe(true);

    const position = mesh.geometry.getAttribute('position');
    expect(position.array).toBeInstanceOf(Int16Array);
    expect(position.normalized).toBe(false);
    const world = new Vector3().fromBufferAttribute(position, 1).applyMatrix4(mesh.matrixWorld);
    expect(world.x).toBeCloseTo(1500.25 + 32767 * 0.0123, 3);
    const third = new Vector3().fromBufferAttribute(position, 2).applyMatrix4(mesh.matrixWorld);
    expect(third.y).toBeCloseTo(12 + 100 * 0.004, 4);
    expect(third.z).toBeCloseTo(-800.5 - 32767 * 0.0123, 3);
  });

  it('should keep ushort feature ids as they are (bound as floats, exact)', async () => {
    const mesh = await loadMesh(quantisedGlb());

    prepareTileMesh(mesh);

    const ids = mesh.geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
    expect(ids.array).toBeInstanceOf(Uint16Array);
    expect(Array.from(ids.array)).toEqual([7, 7, 7]);
  });

  it('should turn uint32 feature ids into floats, which a float shader input can read', async () => {
    const mesh = await loadMesh(quantisedGlb(new Uint32Array([70000, 70000, 70000])));

    prepareTileMesh(mesh);

    const ids = mesh.geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
    expect(ids.array).toBeInstanceOf(Float32Array);
    expect(Array.from(ids.array)).toEqual([70000, 70000, 70000]);
  });

  it('should report a primitive without feature ids so it keeps its own material', async () => {
    const mesh = await loadMesh(quantisedGlb());
    mesh.geometry.deleteAttribute(FEATURE_ID_ATTRIBUTE);

    expect(prepareTileMesh(mesh)).toBe(false);
  });

  it('should count 8 bytes per quantised vertex plus the feature ids in the GPU estimate', async () => {
    const mesh = await loadMesh(quantisedGlb());
    prepareTileMesh(mesh);

    expect(geometryBytes(mesh)).toBe(3 * 4 * 2 + 3 * 2);
  });
});
