import {
  Box3,
  BufferAttribute,
  Group,
  Matrix4,
  Mesh,
  Vector3,
  type BufferGeometry,
  type Material,
  type MeshLambertMaterial,
  type Raycaster,
} from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { authHeaders, colourOf, tileContentUrl, type FeatureRef, type TileInfo } from '../core';
import { FeatureColourTexture } from './FeatureColourTexture';
import { createFeatureMaterial, type FeatureUniforms } from './featureMaterial';

/** The name GLTFLoader gives the glTF attribute `_FEATURE_ID_0`. */
export const FEATURE_ID_ATTRIBUTE = '_feature_id_0';

/** A tile on the GPU: its meshes (one per glTF primitive, normally one), colours and uniforms. */
export interface LoadedTile {
  info: TileInfo;
  meshes: Mesh[];
  colours: FeatureColourTexture;
  material: MeshLambertMaterial;
  uniforms: FeatureUniforms;
}

/** A picked feature with the world position that was hit. */
export interface FeatureHit extends FeatureRef {
  point: Vector3;
  distance: number;
}

/** Payload of `tile-loaded`. */
export interface TileLoadedDetail {
  tileId: string;
}

/** Payload of `tile-load-error`. */
export interface TileLoadErrorDetail {
  tileId: string;
  message: string;
}

export interface TwinTilesLayerOptions {
  token?: string | null;
  maxTextureSize?: number;
  /** Content fetches in flight at once. */
  concurrency?: number;
}

/**
 * Loads the city's tile GLBs into one group, a merged mesh per tile coloured per feature from a
 * {@link FeatureColourTexture}. Emits `tile-loaded` and `tile-load-error`; `dispose()` frees every
 * geometry, material and texture it made.
 */
export class TwinTilesLayer extends EventTarget {
  readonly group = new Group();
  readonly tiles = new Map<string, LoadedTile>();
  private readonly loader = new GLTFLoader();
  private readonly abort = new AbortController();
  private selected: FeatureRef | null = null;
  /** Bumped by clear(): a load that started before finds itself stale and drops its result. */
  private generation = 0;

  constructor(private readonly options: TwinTilesLayerOptions = {}) {
    super();
    this.group.name = 'twin-tiles';
  }

  /** Loads every tile; resolves when all have loaded or failed (failures are events, not throws). */
  async load(tiles: readonly TileInfo[]): Promise<void> {
    const queue = [...tiles];
    const worker = async (): Promise<void> => {
      for (let tile = queue.shift(); tile; tile = queue.shift()) {
        try {
          await this.loadTile(tile);
          this.dispatchEvent(new CustomEvent<TileLoadedDetail>('tile-loaded', { detail: { tileId: tile.id } }));
        } catch (error) {
          if (this.abort.signal.aborted) return;
          const message = `TwinTilesLayer: failed to load tile '${tile.id}' from ${tileContentUrl(tile.content)}: ${(error as Error).message}`;
          this.dispatchEvent(new CustomEvent<TileLoadErrorDetail>('tile-load-error', { detail: { tileId: tile.id, message } }));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 6) }, worker));
  }

  private async loadTile(info: TileInfo): Promise<void> {
    const generation = this.generation;
    const url = tileContentUrl(info.content);
    const response = await fetch(url, { headers: authHeaders(this.options.token), signal: this.abort.signal });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const gltf = await this.loader.parseAsync(await response.arrayBuffer(), '');
    if (this.abort.signal.aborted || generation !== this.generation) {
      disposeObject(gltf.scene);
      return;
    }

    gltf.scene.updateMatrixWorld(true);
    const sources: Mesh[] = [];
    gltf.scene.traverse((o) => {
      if ((o as Mesh).isMesh) sources.push(o as Mesh);
    });
    if (sources.length === 0) {
      disposeObject(gltf.scene);
      throw new Error('the GLB holds no mesh');
    }

    const colours = new FeatureColourTexture(info.featureCount, this.options.maxTextureSize);
    const { material, uniforms } = createFeatureMaterial(colours.texture, colours.width);
    const meshes: Mesh[] = [];
    try {
      for (const [i, source] of sources.entries()) {
        const geometry = prepareGeometry(source, i);
        const mesh = new Mesh(geometry, material);
        mesh.name = `${info.id}#${i}`;
        mesh.userData.tileId = info.id;
        mesh.matrixAutoUpdate = false;
        meshes.push(mesh);
      }
    } catch (error) {
      for (const m of meshes) m.geometry.dispose();
      material.dispose();
      colours.dispose();
      throw error;
    } finally {
      disposeObject(gltf.scene, meshes.map((m) => m.geometry));
    }

    for (let f = 0; f < info.featureCount; f++) colourOf(Number.NaN, 0, 1, colours.data, 4 * f);
    colours.markDirty();
    const tile: LoadedTile = { info, meshes, colours, material, uniforms };
    if (this.selected?.tileId === info.id) uniforms.selectedFeature.value = this.selected.featureIndex;
    this.tiles.set(info.id, tile);
    this.group.add(...meshes);
  }

  /**
   * Recolours a tile from the values of one metric (NaN = no value → neutral grey), either every
   * feature or only `features` (those a delta changed).
   * @returns false when the tile is not loaded.
   */
  recolour(tileId: string, values: ArrayLike<number> | undefined, min: number, max: number, features?: ArrayLike<number>): boolean {
    const tile = this.tiles.get(tileId);
    if (!tile) return false;
    const { data } = tile.colours;
    const count = tile.info.featureCount;
    if (features) {
      for (let i = 0; i < features.length; i++) {
        const f = features[i];
        if (f < count) colourOf(values ? values[f] : Number.NaN, min, max, data, 4 * f);
      }
    } else {
      for (let f = 0; f < count; f++) colourOf(values ? values[f] : Number.NaN, min, max, data, 4 * f);
    }
    tile.colours.markDirty();
    return true;
  }

  /** Highlights one feature (or none). */
  setSelected(ref: FeatureRef | null): void {
    this.selected = ref;
    for (const [id, tile] of this.tiles) {
      tile.uniforms.selectedFeature.value = ref && ref.tileId === id ? ref.featureIndex : -1;
    }
  }

  /** The nearest feature the ray hits, or null. */
  pick(raycaster: Raycaster): FeatureHit | null {
    const hits = raycaster.intersectObjects(this.group.children, false);
    for (const hit of hits) {
      const mesh = hit.object as Mesh;
      const ids = mesh.geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
      if (!hit.face || !ids) continue;
      return {
        tileId: mesh.userData.tileId as string,
        featureIndex: Math.round(ids.getX(hit.face.a)),
        point: hit.point,
        distance: hit.distance,
      };
    }
    return null;
  }

  /** World bounds of everything loaded (empty when nothing is). */
  bounds(): Box3 {
    return new Box3().setFromObject(this.group);
  }

  /** Removes every tile and frees its GPU resources; the layer can load another city. */
  clear(): void {
    this.generation++;
    for (const tile of this.tiles.values()) {
      for (const mesh of tile.meshes) mesh.geometry.dispose();
      tile.material.dispose();
      tile.colours.dispose();
    }
    this.tiles.clear();
    this.group.clear();
  }

  /** Frees every GPU resource and stops loads in flight. */
  dispose(): void {
    this.abort.abort();
    this.clear();
  }
}

/** The primitive's geometry in the city frame, with a feature id attribute the shader can read. */
export function prepareGeometry(source: Mesh, index: number): BufferGeometry {
  const geometry = source.geometry;
  const ids = geometry.getAttribute(FEATURE_ID_ATTRIBUTE);
  if (!ids) {
    throw new Error(`mesh primitive ${index} has no _FEATURE_ID_0 attribute`);
  }
  // Tiles carry no normals (buildings share vertices between roof and walls): the material shades
  // flat from screen-space derivatives, as glTF asks of clients when normals are absent.
  // 32-bit integer attributes would be bound as integers, which a float shader input cannot read.
  if (ids.array instanceof Uint32Array || ids.array instanceof Int32Array) {
    geometry.setAttribute(FEATURE_ID_ATTRIBUTE, new BufferAttribute(Float32Array.from(ids.array as ArrayLike<number>), 1));
  }
  // Tiles share one frame; the node transform (the dequantisation of KHR_mesh_quantization's int16
  // positions, and the tile's offset) is baked in once here, into float positions: baking it into the
  // int16 array would round every vertex to a whole metre.
  if (!source.matrixWorld.equals(identity)) {
    const position = geometry.getAttribute('position');
    if (!(position.array instanceof Float32Array)) {
      const floats = new Float32Array(position.count * 3);
      for (let i = 0; i < position.count; i++) {
        floats[i * 3] = position.getX(i);
        floats[i * 3 + 1] = position.getY(i);
        floats[i * 3 + 2] = position.getZ(i);
      }
      geometry.setAttribute('position', new BufferAttribute(floats, 3));
    }
    geometry.applyMatrix4(source.matrixWorld);
  }
  for (const name of Object.keys(geometry.attributes)) {
    if (name !== 'position' && name !== 'normal' && name !== FEATURE_ID_ATTRIBUTE) geometry.deleteAttribute(name);
  }
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();
  return geometry;
}

const identity = new Matrix4();

/** Disposes what GLTFLoader created, except the geometries that were kept. */
function disposeObject(root: Group, keep: BufferGeometry[] = []): void {
  root.traverse((o) => {
    const mesh = o as Mesh;
    if (!mesh.isMesh) return;
    if (!keep.includes(mesh.geometry)) mesh.geometry.dispose();
    const materials: Material[] = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const material of materials) {
      for (const value of Object.values(material)) {
        if (value && typeof value === 'object' && (value as { isTexture?: boolean }).isTexture) (value as { dispose(): void }).dispose();
      }
      material.dispose();
    }
  });
}
