import {
  fetchCity,
  fetchFeature,
  TileSubscriptions,
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
import { cityBounds, featureScreenPoint, TwinScene, TwinTilesLayer, type TileLoadErrorDetail, type TileLoadedDetail } from './three';
import { Attribution, el, InfoPanel, Legend, MetricSelector, StatusLine, type MetricChangeDetail } from './ui';

/** The selection as the test hook reports it. */
export interface SelectedFeature extends FeatureRef {
  id?: string;
  metrics?: Record<string, number>;
}

/** `window.twincity`: what browser tests read and drive. */
export interface TwinCityTestHook {
  readonly ready: boolean;
  readonly framesReceived: number;
  readonly featuresColoured: number;
  readonly drawCalls: number;
  readonly tilesLoaded: number;
  readonly featureCount: number;
  readonly selected: SelectedFeature | null;
  readonly lastError: string | null;
  /** Version of the city on screen (it changes when an import goes live). */
  readonly cityVersion: number | null;
  screenPointOf(tileId: string, featureIndex: number): { x: number; y: number } | null;
  metricValue(tileId: string, featureIndex: number, metricId: string): number | undefined;
}

/** A drag longer than this (CSS px) pans the map instead of picking. */
const CLICK_TOLERANCE_PX = 5;

/**
 * Wires the viewer together: loads the catalogue, the tiles and the live connection, colours tiles
 * by the chosen metric as frames arrive, and handles picking and the panel.
 */
export class TwinViewer {
  readonly scene: TwinScene;
  readonly layer: TwinTilesLayer;
  private readonly status = new StatusLine();
  private readonly attribution = new Attribution();
  private readonly legend = new Legend();
  private readonly header = el('header', 'viewer-header');
  private panel: InfoPanel | undefined;
  private city: CityInfo | undefined;
  private state: TwinState | undefined;
  private connection: TwinConnection | undefined;
  private metric: MetricDefinition | undefined;
  private metricIndex = -1;
  private selected: SelectedFeature | null = null;
  private selectRequest = 0;
  private lastError: string | null = null;
  private tilesFailed = 0;
  private reloading = false;
  private readonly colouredByTile = new Map<string, number>();
  private readonly abort = new AbortController();

  constructor(
    private readonly root: HTMLElement,
    private readonly token: string | null = null,
  ) {
    const canvas = el('canvas', 'viewer-canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', '3D city view: drag to pan, right-drag to rotate, wheel to zoom, click a building to select it, Escape to clear');
    root.append(canvas, this.header, this.status.element, this.attribution.element);
    this.scene = new TwinScene(canvas);
    this.layer = new TwinTilesLayer({ token, maxTextureSize: this.scene.renderer.capabilities.maxTextureSize });
    this.scene.scene.add(this.layer.group);
    this.bindInput(canvas);
    this.layer.addEventListener('tile-loaded', (e) => this.onTileLoaded((e as CustomEvent<TileLoadedDetail>).detail.tileId));
    this.layer.addEventListener('tile-load-error', (e) => {
      this.tilesFailed++;
      this.reportError((e as CustomEvent<TileLoadErrorDetail>).detail.message);
    });
  }

  /** Loads everything; resolves when the tiles are loaded (the live link keeps going). */
  async start(): Promise<void> {
    this.status.info('Loading city…');
    const city = await fetchCity({ token: this.token, signal: this.abort.signal, onWaiting: (why) => this.status.info(`Loading city… ${why}`) });
    this.city = city;
    document.title = `${city.name} — TwinCity`;
    this.attribution.show(city.provenance);
    this.buildUi(city);
    this.setMetric(city.metrics[0]?.id);

    const state = new TwinState(city);
    this.state = state;
    state.addEventListener('frame-applied', (e) => this.onFrameApplied((e as CustomEvent<FrameAppliedDetail>).detail));
    state.addEventListener('frame-error', (e) => this.reportError((e as CustomEvent<FrameErrorDetail>).detail.message));

    // Every tile for now; view-dependent subscription will set a smaller wanted set.
    const subscriptions = new TileSubscriptions();
    subscriptions.want(city.tiles.map((t) => t.id));
    const connection = new TwinConnection(state, subscriptions, { token: this.token });
    this.connection = connection;
    connection.addEventListener('connection-error', (e) => this.reportError((e as CustomEvent<ConnectionErrorDetail>).detail.message));
    connection.addEventListener('connection-state', (e) => this.onConnectionState((e as CustomEvent<ConnectionStateDetail>).detail.state));
    connection.addEventListener('city-changed', (e) => void this.onCityChanged((e as CustomEvent<CityChangedDetail>).detail.version));

    this.scene.frame(cityBounds(city.tiles));
    this.status.info(`Loading ${city.tiles.length} tiles…`);
    void connection.start();
    await this.layer.load(city.tiles);
    if (this.tilesFailed === 0) this.status.info(`${city.name}: ${city.tiles.length} tiles`);
  }

  /** The object behind `window.twincity`. */
  testHook(): TwinCityTestHook {
    const viewer = this;
    return {
      get ready() {
        const city = viewer.city;
        return !!city && viewer.layer.tiles.size === city.tiles.length && !!viewer.state?.allSynced;
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
        return viewer.layer.tiles.size;
      },
      get featureCount() {
        return viewer.city?.tiles.reduce((sum, t) => sum + t.featureCount, 0) ?? 0;
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
      screenPointOf: (tileId, featureIndex) => featureScreenPoint(this.scene, this.layer, tileId, featureIndex),
      metricValue: (tileId, featureIndex, metricId) => this.state?.latestValue(tileId, featureIndex, metricId),
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
      this.layer.clear();
      this.colouredByTile.clear();
      this.tilesFailed = 0;
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
    this.metricIndex = metrics.findIndex((m) => m.id === metricId);
    this.metric = metrics[this.metricIndex];
    this.legend.show(this.metric);
    for (const tileId of this.layer.tiles.keys()) this.recolourTile(tileId);
    this.scene.requestRender();
  }

  private recolourTile(tileId: string, features?: ArrayLike<number>): void {
    const tile = this.state?.tiles.get(tileId);
    const values = this.metricIndex >= 0 ? tile?.metricValues(this.metricIndex) : undefined;
    const metric = this.metric;
    if (this.layer.recolour(tileId, values, metric?.min ?? 0, metric?.max ?? 1, features)) {
      this.colouredByTile.set(tileId, tile && this.metricIndex >= 0 ? tile.countWithValue(this.metricIndex) : 0);
    }
  }

  private onTileLoaded(tileId: string): void {
    this.recolourTile(tileId);
    this.scene.requestRender();
  }

  private onFrameApplied(detail: FrameAppliedDetail): void {
    if (detail.isSnapshot) {
      this.recolourTile(detail.tileId);
    } else {
      for (const block of detail.blocks) {
        if (block.metricIndex === this.metricIndex) this.recolourTile(detail.tileId, block.featureIndices);
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
    this.layer.setSelected(ref);
    this.scene.requestRender();
    if (!ref) {
      this.panel?.clear();
      return;
    }
    this.panel?.showLoading(ref);
    this.refreshSelectedValues();
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
      const hit = this.layer.pick(this.scene.raycasterAt(e.clientX, e.clientY));
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
    this.layer.dispose();
    this.scene.dispose();
    await this.connection?.dispose();
  }
}
