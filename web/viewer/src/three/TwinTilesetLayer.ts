import { Box3, Group, Sphere, type Camera, type Material, type Mesh, type Object3D, type Raycaster, type Vector3, type WebGLRenderer } from 'three';
import { TilesRenderer } from '3d-tiles-renderer';
import { authHeaders, colourOf, tileContentUrl, type FeatureRef, type Palette, type TileInfo } from '../core';
import { FeatureColourTexture } from './FeatureColourTexture';
import { createFeatureMaterial, type FeatureLook, type FeatureUniforms } from './featureMaterial';
import { FEATURE_ID_ATTRIBUTE, geometryBytes, prepareTileMesh } from './prepareTileMesh';
import { tilesetFrame } from './tilesetFrame';

/** A tile's content on the GPU: its meshes (one per glTF primitive, normally one), colours and uniforms. */
export interface LoadedTile {
  info: TileInfo;
  meshes: Mesh[];
  colours: FeatureColourTexture;
  material: Material;
  uniforms: FeatureUniforms;
  /** Geometry and colour texture bytes (the GPU memory estimate). */
  bytes: number;
}

/** A picked feature with the world position that was hit. */
export interface FeatureHit extends FeatureRef {
  point: Vector3;
  distance: number;
}

/** Payload of `tile-loaded` and `tile-unloaded`. */
export interface TileLoadedDetail {
  tileId: string;
}

/** Payload of `tile-load-error`. */
export interface TileLoadErrorDetail {
  tileId: string;
  message: string;
}

export interface TwinTilesetLayerOptions {
  /** Layer id (`buildings`, `streets`, `networks`, or a name for a third-party tileset). */
  id: string;
  /** URL of the layer's `tileset.json`. */
  url: string;
  /** The catalogue's tiles of this layer; content found in none of them gets an id from its URL. */
  tiles?: readonly TileInfo[];
  look?: FeatureLook;
  token?: string | null;
  maxTextureSize?: number;
  /** Screen-space error target in pixels (3DTilesRendererJS `errorTarget`): lower = more detail. */
  errorTarget?: number;
  /**
   * Bytes of tile content kept in the renderer's cache; tiles out of view are unloaded beyond it
   * (tiles in view always stay). Default: the renderer's own (300–400 MB).
   */
  cacheBytes?: number;
}

/**
 * One tileset streamed by 3DTilesRendererJS: tiles load and unload with the view, refined by their
 * geometric error, and their GPU memory is released when the renderer evicts them. Each tile with
 * feature ids is drawn by one feature material coloured from a {@link FeatureColourTexture}.
 * Events: `tileset-ready` (root loaded, frame known), `tile-loaded` / `tile-unloaded`,
 * `visible-tiles-change`, `tile-load-error`, `needs-render`.
 */
export class TwinTilesetLayer extends EventTarget {
  /** Holds the tiles, placed in the viewer's local frame (x east, y up, z -north). */
  readonly group = new Group();
  readonly tiles = new Map<string, LoadedTile>();
  /** Tile ids whose content is visible now. */
  readonly visibleTiles = new Set<string>();
  readonly renderer: TilesRenderer;
  readonly look: FeatureLook;
  /** Tile contents unloaded so far (their GPU memory released). */
  tilesDisposed = 0;
  /** Tile contents loaded now, with or without feature ids. */
  contentsLoaded = 0;
  private readonly byPath = new Map<string, TileInfo>();
  private selected: FeatureRef | null = null;
  private rootLoaded = false;
  private disposed = false;

  constructor(private readonly options: TwinTilesetLayerOptions) {
    super();
    this.look = options.look ?? 'solid';
    this.group.name = `twin-layer-${options.id}`;
    this.group.matrixAutoUpdate = false;
    for (const tile of options.tiles ?? []) this.byPath.set(pathOf(tileContentUrl(tile.content)), tile);

    const tiles = new TilesRenderer(options.url);
    tiles.fetchOptions = { headers: authHeaders(options.token) };
    tiles.errorTarget = options.errorTarget ?? 8;
    if (options.cacheBytes) {
      tiles.lruCache.maxBytesSize = options.cacheBytes;
      tiles.lruCache.minBytesSize = options.cacheBytes * 0.75;
    }
    this.renderer = tiles;
    this.group.add(tiles.group);

    tiles.addEventListener('load-root-tileset', () => this.onRootLoaded());
    tiles.addEventListener('load-model', (e) => this.onModelLoaded(e.scene, e.tile as TileHandle, e.url as string));
    tiles.addEventListener('dispose-model', (e) => {
      this.contentsLoaded--;
      this.tilesDisposed++;
      this.onModelDisposed(e.tile as TileHandle);
    });
    tiles.addEventListener('tile-visibility-change', (e) => this.onVisibility(e.tile as TileHandle, e.visible as boolean));
    tiles.addEventListener('load-error', (e) => {
      const url = String((e as { url?: unknown }).url ?? options.url);
      const message = `TwinTilesetLayer: failed to load ${url} (layer '${options.id}'): ${(e.error as Error)?.message ?? e.error}`;
      this.dispatchEvent(new CustomEvent<TileLoadErrorDetail>('tile-load-error', { detail: { tileId: url, message } }));
    });
    tiles.addEventListener('needs-update', () => this.dispatchEvent(new Event('needs-render')));
    tiles.addEventListener('needs-render', () => this.dispatchEvent(new Event('needs-render')));
  }

  get id(): string {
    return this.options.id;
  }

  /** True once the root tileset is loaded and nothing is downloading or parsing. */
  get idle(): boolean {
    // `stats` is public in 3DTilesRendererJS but missing from its typings.
    const { stats } = this.renderer as unknown as { stats: { queued: number; downloading: number; parsing: number } };
    return this.rootLoaded && stats.queued + stats.downloading + stats.parsing === 0;
  }

  /** Estimated GPU bytes of the loaded tiles (geometry and colour textures). */
  get gpuBytes(): number {
    let bytes = 0;
    for (const tile of this.tiles.values()) bytes += tile.bytes;
    return bytes;
  }

  /** Binds the renderer's camera; call once, before the first update. */
  setCamera(camera: Camera, renderer: WebGLRenderer): void {
    this.renderer.setCamera(camera);
    this.renderer.setResolutionFromRenderer(camera, renderer);
  }

  /** Screen size changed. */
  setResolution(camera: Camera, renderer: WebGLRenderer): void {
    this.renderer.setResolutionFromRenderer(camera, renderer);
  }

  /** Selects, loads and unloads tiles for the current camera; call before each render. */
  update(): void {
    if (this.disposed) return;
    this.group.updateMatrixWorld(true);
    this.renderer.update();
  }

  /** Bounds of the whole tileset in the local frame (empty before the root loaded). */
  bounds(): Box3 {
    const sphere = new Sphere();
    const box = new Box3();
    if (!this.renderer.getBoundingSphere(sphere)) return box;
    this.group.updateMatrixWorld(true);
    sphere.applyMatrix4(this.renderer.group.matrixWorld);
    return sphere.getBoundingBox(box);
  }

  private onRootLoaded(): void {
    const root = this.renderer.root as (TileHandle & { transform?: number[] }) | null;
    const sphere = new Sphere();
    this.renderer.getBoundingSphere(sphere);
    // getBoundingSphere answers in the renderer group's frame, which still has identity here.
    this.group.matrix.copy(tilesetFrame(root?.transform, sphere));
    this.group.updateMatrixWorld(true);
    this.rootLoaded = true;
    this.dispatchEvent(new Event('tileset-ready'));
  }

  private infoFor(url: string, scene: Object3D): TileInfo {
    const known = this.byPath.get(pathOf(url));
    if (known) return known;
    // A third-party tileset: the content's path is its id, feature count from the ids it holds.
    let count = 0;
    scene.traverse((o) => {
      const ids = (o as Mesh).geometry?.getAttribute(FEATURE_ID_ATTRIBUTE);
      if (ids) for (let i = 0; i < ids.count; i++) count = Math.max(count, ids.getX(i) + 1);
    });
    const id = `${this.options.id}:${pathOf(url)}`;
    return { id, minX: 0, minY: 0, maxX: 0, maxY: 0, maxHeight: 0, featureCount: count, content: url, layer: this.options.id };
  }

  private onModelLoaded(scene: Object3D, handle: TileHandle, url: string): void {
    this.contentsLoaded++;
    const info = this.infoFor(url, scene);
    const meshes: Mesh[] = [];
    scene.traverse((o) => {
      const mesh = o as Mesh;
      if (mesh.isMesh && prepareTileMesh(mesh)) meshes.push(mesh);
    });
    if (meshes.length === 0) return; // plain content (no feature ids) keeps its own materials
    const colours = new FeatureColourTexture(info.featureCount, this.options.maxTextureSize);
    const { material, uniforms } = createFeatureMaterial(colours.texture, colours.width, this.look);
    for (let f = 0; f < info.featureCount; f++) colourOf(Number.NaN, 0, 1, colours.data, 4 * f);
    colours.markDirty();
    let bytes = colours.data.byteLength;
    for (const mesh of meshes) {
      // The loader's materials are disposed by the renderer with the tile (it recorded them).
      mesh.material = material;
      mesh.userData.tileId = info.id;
      mesh.userData.layerId = this.options.id;
      bytes += geometryBytes(mesh);
    }
    handle.twinTileId = info.id;
    const tile: LoadedTile = { info, meshes, colours, material, uniforms, bytes };
    if (this.selected?.tileId === info.id) uniforms.selectedFeature.value = this.selected.featureIndex;
    this.tiles.set(info.id, tile);
    this.dispatchEvent(new CustomEvent<TileLoadedDetail>('tile-loaded', { detail: { tileId: info.id } }));
  }

  private onModelDisposed(handle: TileHandle): void {
    const id = handle.twinTileId;
    if (!id) return;
    const tile = this.tiles.get(id);
    if (!tile) return;
    // Geometry and the loader's materials go with the renderer's own disposal; ours go here.
    tile.material.dispose();
    tile.colours.dispose();
    this.tiles.delete(id);
    if (this.visibleTiles.delete(id)) this.dispatchEvent(new Event('visible-tiles-change'));
    this.dispatchEvent(new CustomEvent<TileLoadedDetail>('tile-unloaded', { detail: { tileId: id } }));
  }

  private onVisibility(handle: TileHandle, visible: boolean): void {
    const id = handle.twinTileId;
    if (!id) return;
    const changed = visible ? !this.visibleTiles.has(id) : this.visibleTiles.has(id);
    if (visible) this.visibleTiles.add(id);
    else this.visibleTiles.delete(id);
    if (changed) this.dispatchEvent(new Event('visible-tiles-change'));
  }

  /**
   * Recolours a tile from the values of one metric (NaN = no value → neutral grey), either every
   * feature or only `features` (those a delta changed).
   * @returns false when the tile is not loaded.
   */
  recolour(tileId: string, values: ArrayLike<number> | undefined, min: number, max: number, features?: ArrayLike<number>, palette: Palette = 'sequential'): boolean {
    const tile = this.tiles.get(tileId);
    if (!tile) return false;
    const { data } = tile.colours;
    const count = tile.info.featureCount;
    if (features) {
      for (let i = 0; i < features.length; i++) {
        const f = features[i];
        if (f < count) colourOf(values ? values[f] : Number.NaN, min, max, data, 4 * f, palette);
      }
    } else {
      for (let f = 0; f < count; f++) colourOf(values ? values[f] : Number.NaN, min, max, data, 4 * f, palette);
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

  /** The nearest feature of this layer the ray hits, or null. */
  pick(raycaster: Raycaster): FeatureHit | null {
    if (!this.group.visible) return null;
    const hits = raycaster.intersectObject(this.group, true);
    for (const hit of hits) {
      const mesh = hit.object as Mesh;
      const ids = mesh.geometry?.getAttribute(FEATURE_ID_ATTRIBUTE);
      const tileId = mesh.userData.tileId as string | undefined;
      if (!hit.face || !ids || !tileId) continue;
      return { tileId, featureIndex: Math.round(ids.getX(hit.face.a)), point: hit.point, distance: hit.distance };
    }
    return null;
  }

  /** Shows or hides the layer (a hidden layer neither draws nor loads). */
  setVisible(visible: boolean): void {
    this.group.visible = visible;
  }

  /** Frees every GPU resource and stops loads in flight. */
  dispose(): void {
    this.disposed = true;
    // The renderer's dispose unloads every tile, which fires dispose-model for each.
    this.renderer.dispose();
    this.tiles.clear();
    this.visibleTiles.clear();
    this.group.removeFromParent();
  }
}

/** The parts of a 3DTilesRendererJS tile this layer reads or stamps. */
interface TileHandle {
  twinTileId?: string;
}

function pathOf(url: string): string {
  return new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname;
}
