import { Vector3, type BufferAttribute, type Mesh } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { authHeaders, buildFootprints, tileContentUrl, type FootprintTile, type TileInfo } from '../core';
import { FEATURE_ID_ATTRIBUTE } from './prepareTileMesh';

/**
 * A tile's footprints for the 2D map, read from the same GLB the 3D view draws. GLTFLoader parses
 * without a WebGL context (no textures in city tiles), so this works where WebGL is unavailable.
 */
export async function loadFootprints(tile: TileInfo, token: string | null, signal?: AbortSignal): Promise<FootprintTile> {
  const url = tileContentUrl(tile.content);
  const response = await fetch(url, { headers: authHeaders(token), signal });
  if (!response.ok) throw new Error(`loadFootprints: GET ${url} answered ${response.status}`);
  const gltf = await new GLTFLoader().parseAsync(await response.arrayBuffer(), '');
  gltf.scene.updateMatrixWorld(true);
  const positions: number[] = [];
  const features: number[] = [];
  const indices: number[] = [];
  const v = new Vector3();
  gltf.scene.traverse((o) => {
    const mesh = o as Mesh;
    const ids = mesh.isMesh ? (mesh.geometry.getAttribute(FEATURE_ID_ATTRIBUTE) as BufferAttribute | undefined) : undefined;
    if (!ids) return;
    const position = mesh.geometry.getAttribute('position') as BufferAttribute;
    const base = positions.length / 3;
    for (let i = 0; i < position.count; i++) {
      v.fromBufferAttribute(position, i).applyMatrix4(mesh.matrixWorld);
      positions.push(v.x, v.y, v.z);
      features.push(Math.round(ids.getX(i)));
    }
    const index = mesh.geometry.index;
    if (index) for (let i = 0; i < index.count; i++) indices.push(base + index.getX(i));
    else for (let i = 0; i < position.count; i++) indices.push(base + i);
  });
  return buildFootprints(
    tile.id,
    tile.featureCount,
    positions.length / 3,
    (i, out) => {
      out[0] = positions[3 * i];
      out[1] = positions[3 * i + 1];
      out[2] = positions[3 * i + 2];
    },
    (i) => features[i],
    indices,
  );
}
