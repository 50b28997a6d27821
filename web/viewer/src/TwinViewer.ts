import {
  canWrite,
  CityReplay,
  fetchCity,
  I18n,
  roleOf,
  TileSubscriptions,
  tilesOfLayer,
  TwinConnection,
  TwinState,
  type CityChangedDetail,
  type CityInfo,
  type ConnectionErrorDetail,
  type ConnectionStateDetail,
  type FeatureRef,
  type FeatureRow,
  type FrameAppliedDetail,
  type FrameErrorDetail,
  type Language,
  type MessageKey,
  type MetricDefinition,
  type ViewerSettings,
} from './core';
import { CameraMotion, cityBounds, TwinScene, TwinTilesetLayer, type CameraPose, type FeatureHit } from './three';
import {
  Attribution,
  el,
  FeatureTable,
  ImportForm,
  InfoPanel,
  LayerToggles,
  Legend,
  LiveRegion,
  localise,
  LoginForm,
  MetricSelector,
  OperatorDesk,
  SettingsBar,
  StatusLine,
  TimeSlider,
  type SettingChangeDetail,
  type TimeChangeDetail,
} from './ui';
import { FeatureSelection } from './FeatureSelection';
import { ScenarioMode } from './ScenarioMode';
import { ViewerAppearance } from './ViewerAppearance';
import { ViewerColouring } from './ViewerColouring';
import { ViewerInput } from './ViewerInput';
import { buildPanels } from './viewerPanels';
import { addCityLayers, openTileset } from './viewerLayers';
import { ViewerReadout } from './ViewerReadout';
import { SENSORS_LAYER, sensorsShownByDefault, ViewerSensors } from './ViewerSensors';
import { createTestHook, type SelectedFeature, type TwinCityTestHook } from './testHook';

export type { SelectedFeature, TwinCityTestHook } from './testHook';

export interface TwinViewerOptions {
  settings: ViewerSettings;
  i18n: I18n;
  /** The language a reset returns to (from `?lang=` or the browser). */
  homeLanguage: Language;
  /** Bytes of tile content each layer keeps cached (`?gpu=<MB>`); modest hardware wants less. */
  cacheBytes?: number;
}

/** Subscriptions follow the view, but not every frame of a camera move. */
const SUBSCRIBE_DEBOUNCE_MS = 150;
/** The live region summarises the city this often (and only when something else is not being said). */
const SUMMARY_MS = 10_000;
/** The table view refreshes its values this often while open. */
const TABLE_REFRESH_MS = 1000;

/**
 * Wires the viewer together: loads the catalogue, streams each layer's 3D Tiles, keeps the live
 * subscriptions to the tiles in view, colours features by metric (live, or from a replayed moment),
 * handles picking by mouse, touch and keyboard, and puts up the interface the mode asks for.
 */
export class TwinViewer {
  readonly scene: TwinScene;
  readonly motion: CameraMotion;
  readonly layers: TwinTilesetLayer[] = [];
  readonly i18n: I18n;
  readonly settings: ViewerSettings;
  readonly live = new LiveRegion();
  readonly status = new StatusLine();
  readonly attribution = new Attribution();
  readonly legend: Legend;
  private readonly header = el('header', 'viewer-header');
  private readonly side = el('div', 'viewer-side');
  readonly settingsBar: SettingsBar;
  readonly timeSlider: TimeSlider;
  panel: InfoPanel | undefined;
  table: FeatureTable | undefined;
  layerToggles: LayerToggles | undefined;
  metricSelector: MetricSelector | undefined;
  desk: OperatorDesk | undefined;
  city: CityInfo | undefined;
  state: TwinState | undefined;
  private connection: TwinConnection | undefined;
  subscriptions = new TileSubscriptions();
  private subscribeTimer: ReturnType<typeof setTimeout> | undefined;
  metric: MetricDefinition | undefined;
  readonly selection: FeatureSelection = new FeatureSelection(this);
  lastError: string | null = null;
  private reloading = false;
  readonly layerOfTile = new Map<string, TwinTilesetLayer>();
  readonly abort = new AbortController();
  /** The replayed moment's values (the time slider); `replay.at` is null when live. */
  readonly replay = new CityReplay();
  /** Scenario mode (planners, and the public for published scenarios; not the exhibit kiosk). */
  scenario: ScenarioMode | undefined;
  homePose: CameraPose | null = null;
  readonly colouring: ViewerColouring = new ViewerColouring(this);
  readonly appearance: ViewerAppearance;
  private readonly readout: ViewerReadout = new ViewerReadout(this);
  private readonly input: ViewerInput = new ViewerInput(this);
  /** The sensors layer: one marker per registered sensor on the loaded tiles. */
  readonly sensors: ViewerSensors;
  private status_: { key: MessageKey; values?: Record<string, string | number>; error?: boolean } = { key: 'status.loading' };
  private readonly timers: ReturnType<typeof setInterval>[] = [];

  constructor(private readonly root: HTMLElement, private readonly options: TwinViewerOptions) {
    this.i18n = options.i18n;
    this.settings = options.settings;
    const mode = this.settings.mode;
    root.classList.add(`mode-${mode}`);
    root.dataset.mode = mode;
    this.legend = new Legend(this.i18n);
    this.appearance = new ViewerAppearance(this, root, options);

    const canvas = el('canvas', 'viewer-canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    localise(this.i18n, canvas, 'canvas.label', 'aria-label');
    this.settingsBar = new SettingsBar(this.i18n, { reducedMotion: this.appearance.prefersReducedMotion(), highContrast: this.highContrast, table: false });
    this.settingsBar.addEventListener('setting-change', (e) => this.appearance.onSetting((e as CustomEvent<SettingChangeDetail>).detail));
    this.timeSlider = new TimeSlider(this.i18n);
    this.timeSlider.addEventListener('time-change', (e) => void this.replayAt((e as CustomEvent<TimeChangeDetail>).detail.at));
    const modeBadge = el('p', 'mode-badge');
    localise(this.i18n, modeBadge, `mode.${mode}`);
    this.side.append(this.header, this.settingsBar.element);
    root.append(canvas, this.side, this.timeSlider.element, this.status.element, this.attribution.element, this.live.element, modeBadge);

    this.scene = new TwinScene(canvas);
    this.motion = new CameraMotion(this.scene);
    this.motion.reducedMotion = this.appearance.prefersReducedMotion();
    this.appearance.applyContrast();
    this.sensors = new ViewerSensors(this, sensorsShownByDefault(mode));
    this.scene.onBeforeRender(() => {
      for (const layer of this.layers) if (layer.group.visible) layer.update();
      this.sensors.fitToCamera();
    });
    this.scene.addEventListener('resize', () => {
      for (const layer of this.layers) layer.setResolution(this.scene.camera, this.scene.renderer);
    });
    this.input.bind(canvas);
    this.i18n.addEventListener('language-change', () => this.onLanguage());
    this.onLanguage();

    if (canWrite(mode) && !this.settings.token) {
      const role = roleOf(mode);
      this.side.append(new LoginForm(this.i18n, role, (token) => {
        const url = new URL(location.href);
        url.searchParams.set('token', token);
        location.assign(url);
      }).element);
    }
    if (mode === 'planner' && this.settings.token) this.side.append(new ImportForm(this.i18n, this.settings.token).element);
    if ((mode === 'planner' && this.settings.token) || mode === 'public') {
      this.scenario = new ScenarioMode(this, mode === 'planner');
      this.side.append(this.scenario.panel.element);
    }
    if (mode === 'exhibit') this.appearance.startKiosk();
  }

  /** Loads the city and starts streaming; resolves when the catalogue is in (tiles keep streaming). */
  async start(): Promise<void> {
    this.setStatus('status.loading');
    const city = await fetchCity({ token: this.settings.token, signal: this.abort.signal, onWaiting: (why) => this.setStatus('status.loadingWhy', { why }) });
    this.city = city;
    document.title = `${city.name} — TwinCity`;
    this.attribution.show(city.provenance);
    buildPanels(this, city, { header: this.header, side: this.side, root: this.root });

    const state = new TwinState(city);
    this.state = state;
    state.addEventListener('frame-applied', (e) => this.onFrameApplied((e as CustomEvent<FrameAppliedDetail>).detail));
    state.addEventListener('frame-error', (e) => this.reportError((e as CustomEvent<FrameErrorDetail>).detail.message));

    this.subscriptions = new TileSubscriptions();
    const operator = this.settings.mode === 'operator' && !!this.settings.token;
    const connection = new TwinConnection(state, this.subscriptions, { token: this.settings.token, watchAlerts: operator });
    this.connection = connection;
    connection.addEventListener('connection-error', (e) => this.reportError((e as CustomEvent<ConnectionErrorDetail>).detail.message));
    connection.addEventListener('connection-state', (e) => this.onConnectionState((e as CustomEvent<ConnectionStateDetail>).detail.state));
    connection.addEventListener('city-changed', (e) => void this.onCityChanged((e as CustomEvent<CityChangedDetail>).detail.version));
    connection.addEventListener('alerts-changed', () => void this.desk?.refresh());

    addCityLayers(this, city, this.options.cacheBytes);
    this.setMetric(city.metrics[0]?.id);
    const buildings = tilesOfLayer(city, 'buildings');
    this.homePose = this.scene.poseFor(cityBounds(buildings.length > 0 ? buildings : city.tiles));
    if (this.homePose) this.scene.setPose(this.homePose);
    if (this.desk) void this.desk.refresh();
    void this.scenario?.start(this.settings.scenario);
    void connection.start();
    this.setStatus('status.streaming', { city: city.name });
    this.timers.push(setInterval(() => this.readout.summarise(), SUMMARY_MS));
    this.timers.push(setInterval(() => this.refreshTable(), TABLE_REFRESH_MS));
  }

  /** Opens any 3D Tiles 1.1 tileset (no live data; see {@link openTileset}). */
  openTileset(url: string): void {
    openTileset(this, url);
  }

  /** Subscribes to the live tiles in view and drops the rest, a moment after the view settles. */
  scheduleSubscriptions(): void {
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

  /** Shows or hides a layer: a hidden layer neither draws, loads nor stays subscribed. */
  setLayerVisible(layerId: string, visible: boolean): void {
    if (layerId === SENSORS_LAYER) {
      this.sensors.setShown(visible);
      return;
    }
    for (const layer of this.layers) {
      if (layer.id !== layerId) continue;
      layer.setVisible(visible);
      this.sensors.onLayerVisible(layer, visible);
    }
    if (!visible && this.focused && this.layerOfTile.get(this.focused.tileId)?.id === layerId) this.focus(null);
    this.scheduleSubscriptions();
    this.scene.requestRender();
  }

  get tileCount(): number {
    let n = 0;
    for (const layer of this.layers) n += layer.contentsLoaded;
    return n;
  }

  /** The object behind `window.twincity`. */
  testHook(): TwinCityTestHook {
    return createTestHook(this);
  }

  /** A new city went live (an import finished): swap everything over to it, no page reload. */
  private async onCityChanged(version: number): Promise<void> {
    if (this.reloading || (this.city && version <= this.city.version)) return;
    this.reloading = true;
    try {
      await this.connection?.dispose();
      this.connection = undefined;
      for (const timer of this.timers) clearInterval(timer);
      this.timers.length = 0;
      void this.select(null);
      this.selection.focused = null;
      this.replay.clear();
      this.sensors.drop(true);
      for (const layer of this.layers) layer.dispose();
      this.layers.length = 0;
      this.layerOfTile.clear();
      this.colouring.colouredByTile.clear();
      this.header.replaceChildren();
      this.panel?.element.remove();
      this.table?.element.remove();
      this.desk?.list.element.remove();
      this.panel = undefined;
      await this.start();
    } catch (error) {
      this.reportError(`TwinViewer: could not load the new city: ${(error as Error).message}`);
    } finally {
      this.reloading = false;
    }
  }

  setMetric(metricId: string | undefined): void {
    const metrics = this.city?.metrics ?? [];
    this.metric = metrics.find((m) => m.id === metricId);
    this.legend.show(this.metric);
    if (this.replay.at) void this.replayAt(this.replay.at);
    this.recolourAll();
  }

  recolourAll(): void {
    this.colouring.recolourAll();
  }

  /** Swipe comparison of a scenario (see {@link ViewerColouring.setSplit}). */
  setSplit(at: number | null): void {
    this.colouring.setSplit(at);
  }

  /** Puts an element over the map (e.g. the swipe divider). */
  addOverlay(element: HTMLElement): void {
    this.root.append(element);
  }

  /** The metric a tile's layer is coloured by, and its index in the city's metric list. */
  metricOfTile(tileId: string): { metric: MetricDefinition | undefined; index: number } {
    return this.colouring.metricOfTile(tileId);
  }

  /** The values a tile is coloured from now: the replayed moment's, or the live ones. */
  shownValues(tileId: string): ArrayLike<number> | undefined {
    return this.colouring.shownValues(tileId);
  }

  /** A tile's content arrived: colour it, place its sensors, keep its highlight. */
  onTileLoaded(layer: TwinTilesetLayer, tileId: string): void {
    this.colouring.recolourTile(tileId);
    void this.sensors.onTileLoaded(layer, tileId);
    const highlight = this.selection.highlighted;
    if (highlight?.tileId === tileId) this.layerOfTile.get(tileId)?.setSelected(highlight);
    this.scene.requestRender();
  }

  private onFrameApplied(detail: FrameAppliedDetail): void {
    this.colouring.onFrameApplied(detail);
    this.sensors.onFrame(detail);

    const selected = this.selected;
    if (selected && selected.tileId === detail.tileId) {
      const touched = detail.isSnapshot || detail.blocks.some((b) => b.featureIndices.includes(selected.featureIndex));
      if (touched) this.selection.refreshValues();
    }
  }

  get selected(): SelectedFeature | null {
    return this.selection.selected;
  }

  get focused(): FeatureRef | null {
    return this.selection.focused;
  }

  /** Selects a feature (or none) and opens the panel: attributes, licence, live values, history. */
  async select(ref: FeatureRef | null): Promise<void> {
    await this.selection.select(ref);
    this.scenario?.onSelection();
  }

  /** Keyboard focus on a feature: highlighted and said, not yet opened. */
  focus(ref: FeatureRef | null): void {
    this.selection.focus(ref);
  }

  /** The loaded tiles in view of the visible layers, buildings first, then by id. */
  tilesInView(): { tileId: string; featureCount: number; layer: string }[] {
    const out: { tileId: string; featureCount: number; layer: string }[] = [];
    for (const layer of this.layers) {
      if (!layer.group.visible) continue;
      for (const id of [...layer.visibleTiles].sort()) {
        const tile = layer.tiles.get(id);
        if (tile) out.push({ tileId: id, featureCount: tile.info.featureCount, layer: layer.id });
      }
    }
    return out;
  }

  /** Colours the city as it was at `at`, or live again for null (see {@link ViewerColouring.replayAt}). */
  replayAt(at: Date | null): Promise<void> {
    return this.colouring.replayAt(at);
  }

  /** The rows of the table view: every feature of the tiles in view, with its live values. */
  tableRows(): FeatureRow[] {
    return this.readout.tableRows();
  }

  refreshTable(): void {
    this.readout.refreshTable();
  }

  /** The nearest feature under a ray, whatever its layer. */
  pick(raycaster: ReturnType<TwinScene['raycasterAt']>): FeatureHit | null {
    return this.input.pick(raycaster);
  }

  /** While set, a click on the map gives its ground point here instead of picking (scenario drawing). */
  groundClick: ((east: number, north: number) => void) | null = null;

  get highContrast(): boolean {
    return this.appearance.highContrast;
  }

  get resets(): number {
    return this.appearance.resets;
  }

  /** Back to how the page opened (see {@link ViewerAppearance.reset}). */
  reset(): void {
    this.appearance.reset();
  }

  private onConnectionState(state: ConnectionStateDetail['state']): void {
    this.root.dataset.connection = state;
    if (state === 'reconnecting') this.setStatus('status.reconnecting');
    else if (state === 'connected' && !this.lastError) this.setStatus('status.live', { city: this.city?.name ?? 'City' });
  }

  private setStatus(key: MessageKey, values?: Record<string, string | number>): void {
    this.status_ = { key, values };
    this.status.info(this.i18n.t(key, values));
  }

  private onLanguage(): void {
    document.documentElement.lang = this.i18n.language;
    if (!this.lastError) this.status.info(this.i18n.t(this.status_.key, this.status_.values));
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
    for (const timer of this.timers) clearInterval(timer);
    this.appearance.dispose();
    this.motion.stop();
    this.live.dispose();
    this.sensors.dispose();
    for (const layer of this.layers) layer.dispose();
    this.scene.dispose();
    await this.connection?.dispose();
  }
}
