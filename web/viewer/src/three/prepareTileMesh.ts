import { BufferAttribute, type Mesh } from 'three';

/** The name GLTFLoader gives the glTF attribute `_FEATURE_ID_0`. */
export const FEATURE_ID_ATTRIBUTE = '_feature_id_0';

/**
 * Makes a glTF primitive as GLTFLoader (inside 3DTilesRendererJS) returned it ready for the feature
 * shader, changing as little as possible:
 * - KHR_mesh_quantization int16 positions stay int16 on the GPU (8 B per vertex): GLTFLoader keeps
 *   the quantised array and the node's scale/translation, and three.js dequantises in the vertex
 *   shader through the model matrix. Copying into floats would triple the tile's vertex memory.
 * - `_FEATURE_ID_0` as uint8/uint16/float is bound as a float attribute and read exactly (ids below
 *   2^24). Only 32-bit integer ids are converted: WebGL would bind them as integers, which the
 *   shader's `float` input cannot read.
 * - Attributes the shader does not use (texture coordinates, colours) are dropped.
 * @returns false when the primitive has no feature ids (a third-party tileset's plain mesh).
 */
export function prepareTileMesh(mesh: Mesh): boolean {
  const geometry = mesh.geometry;
  const ids = geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
  if (!ids) return false;
  if (ids.array instanceof Uint32Array || ids.array instanceof Int32Array) {
    geometry.setAttribute(FEATURE_ID_ATTRIBUTE, new BufferAttribute(Float32Array.from(ids.array as ArrayLike<number>), 1));
  }
  for (const name of Object.keys(geometry.attributes)) {
    if (name !== 'position' && name !== 'normal' && name !== FEATURE_ID_ATTRIBUTE) geometry.deleteAttribute(name);
  }
  return true;
}

/** Bytes a geometry holds on the GPU (vertex attributes and indices). */
export function geometryBytes(mesh: Mesh): number {
  const geometry = mesh.geometry;
  let bytes = geometry.index ? geometry.index.array.byteLength : 0;
  for (const attribute of Object.values(geometry.attributes)) {
    bytes += (attribute as BufferAttribute).array.byteLength;
  }
  return bytes;
}
