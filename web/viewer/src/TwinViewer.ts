import {
  cityLayers,
  fetchCity,
  fetchFeature,
  layerMetric,
  TileSubscriptions,
  tilesOfLayer,
  TwinConnection,
  TwinState,
  type CityChangedDetail,
  type CityInfo,
  type ConnectionErrorDetail,
  type ConnectionStateDetail,
  type FeatureRef,
  type FrameAppliedDetail,
  type FrameErrorDetail,
  type MetricDefinition,
} from './core';
import { cityBounds, featureScreenPoint, TwinScene, TwinTilesetLayer, type FeatureHit, type TileLoadErrorDetail, type TileLoadedDetail } from './three';
import { Attribution, el, InfoPanel, Legend, MetricSelector, StatusLine, type MetricChangeDetail } from './ui';

/** The selection as the test hook reports it. */
export interface SelectedFeature extends FeatureRef {
  id?: string;
  metrics?: Record<string, number>;
}

/** `window.twincity`: what browser tests and the benchmark read and drive. */
export interface TwinCityTestHook {
  readonly ready: boolean;
  readonly framesReceived: number;
  readonly featuresColoured: number;
  readonly drawCalls: number;
  /** Tile contents on the GPU now (all layers). */
  readonly tilesLoaded: number;
  /** Tile contents unloaded (GPU memory released) since start. */
  readonly tilesDisposed: number;
  /** Geometry + colour texture bytes of the loaded tiles. */
  readonly gpuBytes: number;
  /** Tiles the hub has confirmed as subscribed. */
  readonly subscribedTiles: string[];
  readonly featureCount: number;
  readonly selected: SelectedFeature | null;
  readonly lastError: string | null;
  /** Version of the city on screen (it changes when an import goes live). */
  readonly cityVersion: number | null;
  screenPointOf(tileId: string, featureIndex: number): { x: number; y: number } | null;
  metricValue(tileId: string, featureIndex: number, metricId: string): number | undefined;
  /** Moves the camera to look at a box of the local frame (x east, y up, z -north). */
  lookAt(minX: number, minY: number, maxX: number, maxY: number): void;
  /** Renders one frame now and returns its draw calls. */
  renderNow(): number;
  /** The tiles with feature ids on the GPU now. */
  loadedTiles(): { tileId: string; layer: string; featureCount: number }[];
}

export interface TwinViewerOptions {
  /** Bytes of tile content each layer keeps cached (`?gpu=<MB>`); modest hardware wants less. */
  cacheBytes?: number;
}

/** A drag longer than this (CSS px) pans the map instead of picking. */
const CLICK_TOLERANCE_PX = 5;
/** Subscriptions follow the view, but not every frame of a camera move. */
const SUBSCRIBE_DEBOUNCE_MS = 150;

/**
 * Wires the viewer together: loads the catalogue, streams each layer's 3D Tiles, keeps the live
 * subscriptions to the tiles in view, colours features by metric as frames arrive, handles picking
 * and the panel.
 */
export class TwinViewer {
  readonly scene: TwinScene;
  readonly layers: TwinTilesetLayer[] = [];
  private readonly status = new StatusLine();
  private readonly attribution = new Attribution();
  private readonly legend = new Legend();
  private readonly header = el('header', 'viewer-header');
  private panel: InfoPanel | undefined;
  private city: CityInfo | undefined;
  private state: TwinState | undefined;
  private connection: TwinConnection | undefined;
  private subscriptions = new TileSubscriptions();
  private subscribeTimer: ReturnType<typeof setTimeout> | undefined;
  private metric: MetricDefinition | undefined;
  private selected: SelectedFeature | null = null;
  private selectRequest = 0;
  private lastError: string | null = null;
  private reloading = false;
  private readonly colouredByTile = new Map<string, number>();
  private readonly layerOfTile = new Map<string, TwinTilesetLayer>();
  private readonly abort = new AbortController();

  constructor(
    private readonly root: HTMLElement,
    private readonly token: string | null = null,
    private readonly options: TwinViewerOptions = {},
  ) {
    const canvas = el('canvas', 'viewer-canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', '3D city view: drag to pan, right-drag to rotate, wheel to zoom, click a building to select it, Escape to clear');
    root.append(canvas, this.header, this.status.element, this.attribution.element);
    this.scene = new TwinScene(canvas);
    this.scene.onBeforeRender(() => {
      for (const layer of this.layers) if (layer.group.visible) layer.update();
    });
    this.scene.addEventListener('resize', () => {
      for (const layer of this.layers) layer.setResolution(this.scene.camera, this.scene.renderer);
    });
    this.bindInput(canvas);
  }

  /** Loads the city and starts streaming; resolves when the catalogue is in (tiles keep streaming). */
  async start(): Promise<void> {
    this.status.info('Loading city…');
    const city = await fetchCity({ token: this.token, signal: this.abort.signal, onWaiting: (why) => this.status.info(`Loading city… ${why}`) });
    this.city = city;
    document.title = `${city.name} — TwinCity`;
    this.attribution.show(city.provenance);
    this.buildUi(city);

    const state = new TwinState(city);
    this.state = state;
    state.addEventListener('frame-applied', (e) => this.onFrameApplied((e as CustomEvent<FrameAppliedDetail>).detail));
    state.addEventListener('frame-error', (e) => this.reportError((e as CustomEvent<FrameErrorDetail>).detail.message));

    this.subscriptions = new TileSubscriptions();
    const connection = new TwinConnection(state, this.subscriptions, { token: this.token });
    this.connection = connection;
    connection.addEventListener('connection-error', (e) => this.reportError((e as CustomEvent<ConnectionErrorDetail>).detail.message));
    connection.addEventListener('connection-state', (e) => this.onConnectionState((e as CustomEvent<ConnectionStateDetail>).detail.state));
    connection.addEventListener('city-changed', (e) => void this.onCityChanged((e as CustomEvent<CityChangedDetail>).detail.version));

    for (const info of cityLayers(city)) {
      const tiles = tilesOfLayer(city, info.id);
      const layer = this.addLayer(new TwinTilesetLayer({
        id: info.id,
        url: info.tileset,
        tiles,
        look: info.id === 'buildings' ? 'solid' : 'flat',
        token: this.token,
        maxTextureSize: this.scene.renderer.capabilities.maxTextureSize,
        cacheBytes: this.options.cacheBytes,
      }));
      for (const t of tiles) this.layerOfTile.set(t.id, layer);
    }
    this.setMetric(city.metrics[0]?.id);
    this.scene.frame(cityBounds(tilesOfLayer(city, 'buildings').length > 0 ? tilesOfLayer(city, 'buildings') : city.tiles));
    void connection.start();
    this.status.info(`${city.name}: streaming tiles…`);
  }

  /**
   * Opens any 3D Tiles 1.1 tileset (no live data): third-party content, or a layer served elsewhere.
   * Features with `_FEATURE_ID_0` get the feature material; plain meshes keep their own materials.
   */
  openTileset(url: string): void {
    const layer = this.addLayer(new TwinTilesetLayer({ id: 'tileset', url, token: this.token, maxTextureSize: this.scene.renderer.capabilities.maxTextureSize }));
    layer.addEventListener('tileset-ready', () => this.scene.frame(layer.bounds()));
    this.attribution.show({ source: url, licence: '', attribution: `Tileset: ${url}`, steps: [] });
    this.status.info(`Tileset ${url}`);
  }

  private addLayer(layer: TwinTilesetLayer): TwinTilesetLayer {
    layer.setCamera(this.scene.camera, this.scene.renderer);
    this.scene.scene.add(layer.group);
    layer.addEventListener('needs-render', () => this.scene.requestRender());
    layer.addEventListener('tile-loaded', (e) => this.onTileLoaded((e as CustomEvent<TileLoadedDetail>).detail.tileId));
    layer.addEventListener('tile-unloaded', (e) => this.colouredByTile.delete((e as CustomEvent<TileLoadedDetail>).detail.tileId));
    layer.addEventListener('visible-tiles-change', () => this.scheduleSubscriptions());
    layer.addEventListener('tile-load-error', (e) => this.reportError((e as CustomEvent<TileLoadErrorDetail>).detail.message));
    this.layers.push(layer);
    this.scene.requestRender();
    return layer;
  }

  /** Subscribes to the live tiles in view and drops the rest, a moment after the view settles. */
  private scheduleSubscriptions(): void {
    clearTimeout(this.subscribeTimer);
    this.subscribeTimer = setTimeout(() => {
      if (!this.state) return;
      const wanted: string[] = [];
      for (const layer of this.layers) {
        if (!layer.group.visible) continue;
        for (const id of layer.visibleTiles) if (this.state.tiles.has(id)) wanted.push(id);
      }
      this.subscriptions.want(wanted);
      void this.connection?.sync();
    }, SUBSCRIBE_DEBOUNCE_MS);
  }

  private get tileCount(): number {
    let n = 0;
    for (const layer of this.layers) n += layer.contentsLoaded;
    return n;
  }

  /** The object behind `window.twincity`. */
  testHook(): TwinCityTestHook {
    const viewer = this;
    return {
      get ready() {
        if (viewer.layers.length === 0 || viewer.tileCount === 0 || !viewer.layers.every((l) => l.idle)) return false;
        const state = viewer.state;
        if (!state) return true; // a tileset opened without live data
        const { subscribe, unsubscribe } = viewer.subscriptions.diff();
        if (subscribe.length > 0 || unsubscribe.length > 0 || viewer.subscriptions.wantedTiles.size === 0) return false;
        for (const id of viewer.subscriptions.subscribedTiles) if (!state.tiles.get(id)?.sequence.hasSnapshot) return false;
        return true;
      },
      get framesReceived() {
        return viewer.state?.framesReceived ?? 0;
      },
      get featuresColoured() {
        let n = 0;
        for (const c of viewer.colouredByTile.values()) n += c;
        return n;
      },
      get drawCalls() {
        return viewer.scene.lastDrawCalls;
      },
      get tilesLoaded() {
        return viewer.tileCount;
      },
      get tilesDisposed() {
        return viewer.layers.reduce((n, l) => n + l.tilesDisposed, 0);
      },
      get gpuBytes() {
        return viewer.layers.reduce((n, l) => n + l.gpuBytes, 0);
      },
      get subscribedTiles() {
        return [...viewer.subscriptions.subscribedTiles].sort();
      },
      get featureCount() {
        let n = 0;
        for (const layer of viewer.layers) for (const t of layer.tiles.values()) n += t.info.featureCount;
        return n;
      },
      get selected() {
        return viewer.selected ? { ...viewer.selected, metrics: viewer.selected.metrics && { ...viewer.selected.metrics } } : null;
      },
      get lastError() {
        return viewer.lastError;
      },
      get cityVersion() {
        return viewer.city?.version ?? null;
      },
      screenPointOf: (tileId, featureIndex) => {
        const layer = this.layerOfTile.get(tileId) ?? this.layers.find((l) => l.tiles.has(tileId));
        return layer ? featureScreenPoint(this.scene, layer, tileId, featureIndex, (r) => this.pick(r)) : null;
      },
      metricValue: (tileId, featureIndex, metricId) => this.state?.latestValue(tileId, featureIndex, metricId),
      lookAt: (minX, minY, maxX, maxY) => {
        const box = cityBounds([{ id: '', minX, minY, maxX, maxY, maxHeight: 0, featureCount: 0, content: '' }]);
        this.scene.frame(box);
      },
      loadedTiles: () => this.layers.flatMap((l) => [...l.tiles.values()].map((t) => ({ tileId: t.info.id, layer: l.id, featureCount: t.info.featureCount }))),
      renderNow: () => {
        this.scene.renderNow();
        return this.scene.lastDrawCalls;
      },
    };
  }

  /** A new city went live (an import finished): swap everything over to it, no page reload. */
  private async onCityChanged(version: number): Promise<void> {
    if (this.reloading || (this.city && version <= this.city.version)) return;
    this.reloading = true;
    try {
      await this.connection?.dispose();
      this.connection = undefined;
      void this.select(null);
      for (const layer of this.layers) layer.dispose();
      this.layers.length = 0;
      this.layerOfTile.clear();
      this.colouredByTile.clear();
      this.header.replaceChildren();
      this.panel?.element.remove();
      this.panel = undefined;
      await this.start();
    } catch (error) {
      this.reportError(`TwinViewer: could not load the new city: ${(error as Error).message}`);
    } finally {
      this.reloading = false;
    }
  }

  private buildUi(city: CityInfo): void {
    const title = el('h1', 'city-name', city.name);
    const selector = new MetricSelector(city.metrics, city.metrics[0]?.id);
    selector.addEventListener('metric-change', (e) => this.setMetric((e as CustomEvent<MetricChangeDetail>).detail.metricId));
    this.header.append(title, selector.element, this.legend.element);
    this.panel = new InfoPanel(city.metrics);
    this.panel.element.addEventListener('selection-clear', () => this.select(null));
    this.root.append(this.panel.element);
  }

  private setMetric(metricId: string | undefined): void {
    const metrics = this.city?.metrics ?? [];
    this.metric = metrics.find((m) => m.id === metricId);
    this.legend.show(this.metric);
    for (const layer of this.layers) for (const tileId of layer.tiles.keys()) this.recolourTile(tileId);
    this.scene.requestRender();
  }

  /** The metric a tile's layer is coloured by, and its index in the city's metric list. */
  private metricOfTile(tileId: string): { metric: MetricDefinition | undefined; index: number } {
    const metrics = this.city?.metrics ?? [];
    const layer = this.layerOfTile.get(tileId);
    const metric = layer ? layerMetric(layer.id, this.metric, metrics) : this.metric;
    return { metric, index: metric ? metrics.indexOf(metric) : -1 };
  }

  private recolourTile(tileId: string, features?: ArrayLike<number>): void {
    const layer = this.layerOfTile.get(tileId);
    if (!layer) return;
    const tile = this.state?.tiles.get(tileId);
    const { metric, index } = this.metricOfTile(tileId);
    const values = index >= 0 ? tile?.metricValues(index) : undefined;
    if (layer.recolour(tileId, values, metric?.min ?? 0, metric?.max ?? 1, features)) {
      this.colouredByTile.set(tileId, tile && index >= 0 ? tile.countWithValue(index) : 0);
    }
  }

  private onTileLoaded(tileId: string): void {
    this.recolourTile(tileId);
    if (this.selected?.tileId === tileId) this.layerOfTile.get(tileId)?.setSelected(this.selected);
    this.scene.requestRender();
  }

  private onFrameApplied(detail: FrameAppliedDetail): void {
    if (detail.isSnapshot) {
      this.recolourTile(detail.tileId);
    } else {
      const { index } = this.metricOfTile(detail.tileId);
      for (const block of detail.blocks) {
        if (block.metricIndex === index) this.recolourTile(detail.tileId, block.featureIndices);
      }
    }
    this.scene.requestRender();

    const selected = this.selected;
    if (selected && selected.tileId === detail.tileId) {
      const touched = detail.isSnapshot || detail.blocks.some((b) => b.featureIndices.includes(selected.featureIndex));
      if (touched) this.refreshSelectedValues();
    }
  }

  private refreshSelectedValues(): void {
    const selected = this.selected;
    if (!selected || !this.city || !this.state) return;
    const metrics: Record<string, number> = { ...(selected.metrics ?? {}) };
    for (const m of this.city.metrics) {
      const v = this.state.latestValue(selected.tileId, selected.featureIndex, m.id);
      if (v !== undefined) metrics[m.id] = v;
    }
    selected.metrics = metrics;
    this.panel?.updateValues((id) => metrics[id]);
  }

  private async select(ref: FeatureRef | null): Promise<void> {
    const request = ++this.selectRequest;
    this.selected = ref ? { tileId: ref.tileId, featureIndex: ref.featureIndex } : null;
    for (const layer of this.layers) layer.setSelected(ref);
    this.scene.requestRender();
    if (!ref) {
      this.panel?.clear();
      return;
    }
    this.panel?.showLoading(ref);
    this.refreshSelectedValues();
    if (!this.city) return;
    try {
      const snapshot = await fetchFeature(ref.tileId, ref.featureIndex, { token: this.token, signal: this.abort.signal });
      if (request !== this.selectRequest || !this.selected) return;
      this.selected.id = snapshot.info.id;
      this.selected.metrics = { ...snapshot.metrics, ...(this.selected.metrics ?? {}) };
      this.panel?.show(snapshot, (id) => this.selected?.metrics?.[id]);
    } catch (error) {
      if (request !== this.selectRequest) return;
      const message = `TwinViewer: ${(error as Error).message}`;
      this.panel?.showError(message);
      this.reportError(message);
    }
  }

  /** The nearest feature under a ray, whatever its layer. */
  private pick(raycaster: ReturnType<TwinScene['raycasterAt']>): FeatureHit | null {
    let best: FeatureHit | null = null;
    for (const layer of this.layers) {
      const hit = layer.pick(raycaster);
      if (hit && (!best || hit.distance < best.distance)) best = hit;
    }
    return best;
  }

  private bindInput(canvas: HTMLCanvasElement): void {
    let down: { x: number; y: number } | null = null;
    canvas.addEventListener('pointerdown', (e) => {
      down = { x: e.clientX, y: e.clientY };
    });
    canvas.addEventListener('click', (e) => {
      const moved = down ? Math.hypot(e.clientX - down.x, e.clientY - down.y) : 0;
      down = null;
      if (moved > CLICK_TOLERANCE_PX) return;
      canvas.focus({ preventScroll: true });
      const hit = this.pick(this.scene.raycasterAt(e.clientX, e.clientY));
      void this.select(hit ? { tileId: hit.tileId, featureIndex: hit.featureIndex } : null);
    });
    canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        void this.select(null);
      }
    });
  }

  private onConnectionState(state: ConnectionStateDetail['state']): void {
    this.root.dataset.connection = state;
    if (state === 'reconnecting') this.status.info('Live data: reconnecting…');
    else if (state === 'connected' && !this.lastError) this.status.info(`${this.city?.name ?? 'City'}: live`);
  }

  /** Shows an error (prefixed by its module) and keeps it for the test hook. */
  reportError(message: string): void {
    this.lastError = message;
    this.status.error(message);
    console.warn(message);
  }

  /** Stops the live link and frees the GPU. */
  async dispose(): Promise<void> {
    this.abort.abort();
    clearTimeout(this.subscribeTimer);
    for (const layer of this.layers) layer.dispose();
    this.scene.dispose();
    await this.connection?.dispose();
  }
}
