import {
  colourOf,
  fetchCity,
  fetchEntity,
  fetchFeature,
  keyCommand,
  stepFeature,
  TileSubscriptions,
  tilesOfLayer,
  TwinConnection,
  TwinState,
  type CityInfo,
  type ConnectionErrorDetail,
  type FeatureRef,
  type FrameAppliedDetail,
  type I18n,
  type MetricDefinition,
  type ViewerSettings,
} from './core';
import { loadFootprints } from './three';
import { Attribution, el, FootprintMap, InfoPanel, Legend, LiveRegion, MetricSelector, SettingsBar, StatusLine, type MetricChangeDetail, type SettingChangeDetail } from './ui';
import type { SelectedFeature, TwinCityTestHook } from './testHook';

/** Footprint tiles fetched at once. */
const PARALLEL_LOADS = 4;

/**
 * The viewer without WebGL: building footprints on a 2D canvas, coloured live by the same frames
 * and palette as the 3D view, picked by click (or N / Enter), with the same panel, legend,
 * attribution, language and contrast settings. It subscribes to every building tile: without a
 * camera frustum there is no "in view", and footprints are light.
 */
export class TwinMap2D {
  readonly map: FootprintMap;
  private readonly status = new StatusLine();
  private readonly attribution = new Attribution();
  private readonly legend: Legend;
  private readonly live = new LiveRegion();
  private readonly side = el('div', 'viewer-side');
  private readonly header = el('header', 'viewer-header');
  private panel: InfoPanel | undefined;
  private city: CityInfo | undefined;
  private state: TwinState | undefined;
  private connection: TwinConnection | undefined;
  private readonly subscriptions = new TileSubscriptions();
  private metric: MetricDefinition | undefined;
  private readonly colours = new Map<string, Uint8Array>();
  private selected: SelectedFeature | null = null;
  private focused: FeatureRef | null = null;
  private selectRequest = 0;
  private loaded = false;
  private lastError: string | null = null;

  constructor(private readonly root: HTMLElement, private readonly settings: ViewerSettings, private readonly i18n: I18n) {
    root.classList.add(`mode-${settings.mode}`, 'view-2d');
    this.legend = new Legend(i18n);
    this.map = new FootprintMap(i18n);
    const bar = new SettingsBar(i18n, { reducedMotion: true, highContrast: settings.highContrast, table: null });
    bar.addEventListener('setting-change', (e) => {
      const { setting, value } = (e as CustomEvent<SettingChangeDetail>).detail;
      if (setting === 'highContrast') this.root.classList.toggle('high-contrast', value);
      this.map.requestDraw();
    });
    root.classList.toggle('high-contrast', settings.highContrast);
    this.side.append(this.header, bar.element);
    root.append(this.map.canvas, this.side, this.status.element, this.attribution.element, this.live.element);
    i18n.addEventListener('language-change', () => (document.documentElement.lang = i18n.language));
    this.map.addEventListener('feature-pick', (e) => void this.select((e as CustomEvent<FeatureRef | null>).detail));
    this.map.canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  async start(): Promise<void> {
    this.status.info(this.i18n.t('status.loading'));
    const city = await fetchCity({ token: this.settings.token, onWaiting: (why) => this.status.info(this.i18n.t('status.loadingWhy', { why })) });
    this.city = city;
    document.title = `${city.name} — TwinCity`;
    this.attribution.show(city.provenance);
    const selector = new MetricSelector(this.i18n, city.metrics, city.metrics[0]?.id);
    selector.addEventListener('metric-change', (e) => this.setMetric((e as CustomEvent<MetricChangeDetail>).detail.metricId));
    this.header.append(el('h1', 'city-name', city.name), selector.element, this.legend.element);
    this.panel = new InfoPanel(this.i18n, city.metrics, city.provenance);
    this.panel.element.addEventListener('selection-clear', () => void this.select(null));
    this.root.append(this.panel.element);

    const state = new TwinState(city);
    this.state = state;
    state.addEventListener('frame-applied', (e) => this.onFrame((e as CustomEvent<FrameAppliedDetail>).detail));
    const buildings = tilesOfLayer(city, 'buildings').filter((t) => t.featureCount > 0);
    this.subscriptions.want(buildings.map((t) => t.id));
    this.connection = new TwinConnection(state, this.subscriptions, { token: this.settings.token });
    this.connection.addEventListener('connection-error', (e) => this.reportError((e as CustomEvent<ConnectionErrorDetail>).detail.message));
    void this.connection.start();
    this.setMetric(city.metrics[0]?.id);

    const queue = [...buildings];
    await Promise.all(Array.from({ length: PARALLEL_LOADS }, async () => {
      for (let tile = queue.shift(); tile; tile = queue.shift()) {
        try {
          this.colours.set(tile.id, this.map.add(await loadFootprints(tile, this.settings.token)));
          this.recolour(tile.id);
        } catch (error) {
          this.reportError(`TwinMap2D: tile '${tile.id}': ${(error as Error).message}`);
        }
      }
    }));
    this.map.fit();
    this.loaded = true;
    this.status.info(this.i18n.t('status.fallback', { city: city.name }));
  }

  private setMetric(metricId: string | undefined): void {
    this.metric = this.city?.metrics.find((m) => m.id === metricId);
    this.legend.show(this.metric);
    for (const id of this.colours.keys()) this.recolour(id);
  }

  private recolour(tileId: string): void {
    const colours = this.colours.get(tileId);
    const index = this.metric && this.city ? this.city.metrics.indexOf(this.metric) : -1;
    const values = index >= 0 ? this.state?.tiles.get(tileId)?.metricValues(index) : undefined;
    if (!colours) return;
    for (let f = 0; f < colours.length / 4; f++) colourOf(values ? values[f] : Number.NaN, this.metric?.min ?? 0, this.metric?.max ?? 1, colours, 4 * f);
    this.map.requestDraw();
  }

  private onFrame(detail: FrameAppliedDetail): void {
    this.recolour(detail.tileId);
    if (this.selected?.tileId === detail.tileId && this.city && this.state) {
      const state = this.state;
      const selected = this.selected;
      this.panel?.updateValues((id) => state.latestValue(selected.tileId, selected.featureIndex, id) ?? selected.metrics?.[id]);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const command = keyCommand(e);
    if (!command) return;
    e.preventDefault();
    if (command.kind === 'pan') this.map.pan(command.right, command.forward);
    else if (command.kind === 'zoom') this.map.zoom(command.factor);
    else if (command.kind === 'next' || command.kind === 'previous') {
      const tiles = [...this.map.tiles.values()].map((t) => ({ tileId: t.footprints.tileId, featureCount: t.footprints.featureCount }));
      this.focused = stepFeature(tiles, this.focused ?? this.selected, command.kind === 'next' ? 1 : -1);
      this.map.setHighlight(this.focused);
    } else if (command.kind === 'open' && this.focused) void this.select(this.focused);
    else if (command.kind === 'close') void this.select(null);
  }

  private async select(ref: FeatureRef | null): Promise<void> {
    const request = ++this.selectRequest;
    this.selected = ref ? { ...ref } : null;
    this.focused = null;
    this.map.setHighlight(ref);
    if (!ref) {
      this.panel?.clear();
      return;
    }
    this.panel?.showLoading(ref);
    try {
      const options = { token: this.settings.token };
      const snapshot = await fetchFeature(ref.tileId, ref.featureIndex, options);
      const entity = await fetchEntity(snapshot.info.id, options).catch(() => undefined);
      if (request !== this.selectRequest || !this.selected) return;
      this.selected.id = snapshot.info.id;
      this.selected.metrics = snapshot.metrics;
      const state = this.state;
      this.panel?.show(snapshot, (id) => state?.latestValue(ref.tileId, ref.featureIndex, id), entity);
      this.live.say(this.i18n.t('summary.selected', { feature: snapshot.info.name || snapshot.info.id }));
    } catch (error) {
      if (request === this.selectRequest) this.reportError(`TwinMap2D: ${(error as Error).message}`);
    }
  }

  reportError(message: string): void {
    this.lastError = message;
    this.status.error(message);
    console.warn(message);
  }

  /** `window.twincity` for the 2D map: the same names as the 3D hook where they mean something here. */
  testHook(): TwinCityTestHook {
    const map = this;
    const hook = {
      get ready() {
        const state = map.state;
        if (!map.loaded || !state || map.subscriptions.diff().subscribe.length > 0) return false;
        for (const id of map.subscriptions.subscribedTiles) if (!state.tiles.get(id)?.sequence.hasSnapshot) return false;
        return true;
      },
      mode: '2d',
      get language() { return map.i18n.language; },
      get framesReceived() { return map.state?.framesReceived ?? 0; },
      get featuresColoured() {
        let n = 0;
        for (const c of map.colours.values()) for (let i = 3; i < c.length; i += 4) if (c[i] === 255) n++;
        return n;
      },
      get featuresDrawn() { return map.map.featuresDrawn; },
      drawCalls: 0,
      get tilesLoaded() { return map.map.tiles.size; },
      get featureCount() { return [...map.map.tiles.values()].reduce((n, t) => n + t.footprints.featureCount, 0); },
      get subscribedTiles() { return [...map.subscriptions.subscribedTiles].sort(); },
      get selected() { return map.selected ? { ...map.selected } : null; },
      get focused() { return map.focused; },
      get lastError() { return map.lastError; },
      get cityVersion() { return map.city?.version ?? null; },
      get liveMessages() { return [...map.live.said]; },
      webgl: false,
      screenPointOf: (tileId: string, featureIndex: number) => map.map.screenPointOf({ tileId, featureIndex }),
      metricValue: (tileId: string, featureIndex: number, metricId: string) => map.state?.latestValue(tileId, featureIndex, metricId),
      featureColour: (tileId: string, featureIndex: number) => {
        const c = map.colours.get(tileId);
        return c ? Array.from(c.subarray(4 * featureIndex, 4 * featureIndex + 4)) : null;
      },
    };
    return hook as unknown as TwinCityTestHook;
  }
}
