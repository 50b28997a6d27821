import { Vector3 } from 'three';
import type { FeatureRef } from './core';
import { applyFrameBenchmark, type ApplyFrameFigures } from './benchHook';
import { cityBounds, featureScreenPoint } from './three';
import type { TwinViewer } from './TwinViewer';

/** The selection as the test hook reports it. */
export interface SelectedFeature extends FeatureRef {
  id?: string;
  metrics?: Record<string, number>;
}

/** `window.twincity`: what browser tests and the benchmark read and drive. */
export interface TwinCityTestHook {
  readonly ready: boolean;
  /** `public`, `operator`, `planner`, `exhibit`, or `2d` for the fallback map. */
  readonly mode: string;
  readonly language: string;
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
  /** The feature the keyboard is on (N / Shift+N), not yet opened. */
  readonly focused: FeatureRef | null;
  readonly lastError: string | null;
  /** Version of the city on screen (it changes when an import goes live). */
  readonly cityVersion: number | null;
  /** Exhibit: full resets so far, and whether the attract tour is running. */
  readonly resets: number;
  readonly touring: boolean;
  readonly reducedMotion: boolean;
  readonly highContrast: boolean;
  /** What the ARIA live region said, oldest first. */
  readonly liveMessages: string[];
  /** The replayed moment (ISO), or null when live. */
  readonly replayAt: string | null;
  /** Points in the panel's history chart. */
  readonly historyPoints: number;
  /** Camera position and the point it looks at (local frame). */
  readonly camera: { x: number; y: number; z: number; tx: number; ty: number; tz: number };
  screenPointOf(tileId: string, featureIndex: number): { x: number; y: number } | null;
  metricValue(tileId: string, featureIndex: number, metricId: string): number | undefined;
  /** The value a feature is coloured from now (replayed or live), undefined for none. */
  shownValue(tileId: string, featureIndex: number): number | undefined;
  /** The RGBA colour a feature is drawn with now, null when its tile is not loaded. */
  featureColour(tileId: string, featureIndex: number): number[] | null;
  /** Moves the camera to look at a box of the local frame (x east, y up, z -north). */
  lookAt(minX: number, minY: number, maxX: number, maxY: number): void;
  /** Client coordinates of a ground point (metres east and north of the city origin); 3D only. */
  groundPoint?(east: number, north: number): { x: number; y: number } | null;
  /** Renders one frame now and returns its draw calls. */
  renderNow(): number;
  /** The tiles with feature ids on the GPU now. */
  loadedTiles(): { tileId: string; layer: string; featureCount: number }[];
  /** Layer ids and whether each is shown. */
  layers(): { id: string; visible: boolean }[];
  /** Tiles whose content is in view now (all visible layers). */
  readonly visibleTiles: number;
  /** performance.now() of the first frame that drew the city (ms since navigation), null before. */
  readonly firstDrawAt: number | null;
  /** Scenario mode: the open scenario, its view, the metric coloured and what is on screen. */
  readonly scenario: ScenarioHookState | null;
  /** Sensors layer: markers on the map now, how many are live, whether the layer is on, and its instance capacity. */
  readonly sensorMarkers: number;
  readonly liveSensorMarkers: number;
  readonly sensorsShown: boolean;
  readonly sensorMarkerCapacity: number;
  /** Client coordinates of a sensor's marker (null when it has none or it is off screen or covered). */
  sensorScreenPoint(sensorId: string): { x: number; y: number } | null;
  /** Benchmark: times `rounds` frames of `changes` feature changes through the live path. */
  benchApplyFrame(changes: number, rounds: number): ApplyFrameFigures;
}

export interface ScenarioHookState {
  id: string | null;
  published: boolean;
  view: string | null;
  metric: string | null;
  /** Entities of the metric coloured on the map. */
  placed: number;
  kpis: number;
  differences: number;
  /** Calls to the server still in flight. */
  busy: number;
  /** Swipe comparison: the divider (0..1 of the width) or null, and halves painted so far. */
  split: number | null;
  splitPaints: number;
}

/** Builds the hook over a viewer's state (read-only views plus a few camera helpers). */
export function createTestHook(viewer: TwinViewer): TwinCityTestHook {
  return {
    get ready() {
      if (viewer.layers.length === 0 || viewer.tileCount === 0 || !viewer.layers.every((l) => !l.group.visible || l.idle)) return false;
      const state = viewer.state;
      if (!state) return true; // a tileset opened without live data
      const { subscribe, unsubscribe } = viewer.subscriptions.diff();
      if (subscribe.length > 0 || unsubscribe.length > 0 || viewer.subscriptions.wantedTiles.size === 0) return false;
      for (const id of viewer.subscriptions.subscribedTiles) if (!state.tiles.get(id)?.sequence.hasSnapshot) return false;
      return true;
    },
    get mode() {
      return viewer.settings.mode;
    },
    get language() {
      return viewer.i18n.language;
    },
    get framesReceived() {
      return viewer.state?.framesReceived ?? 0;
    },
    get featuresColoured() {
      let n = 0;
      for (const c of viewer.colouring.colouredByTile.values()) n += c;
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
    get focused() {
      return viewer.focused ? { ...viewer.focused } : null;
    },
    get lastError() {
      return viewer.lastError;
    },
    get cityVersion() {
      return viewer.city?.version ?? null;
    },
    get resets() {
      return viewer.resets;
    },
    get touring() {
      return viewer.motion.touring;
    },
    get reducedMotion() {
      return viewer.motion.reducedMotion;
    },
    get highContrast() {
      return viewer.highContrast;
    },
    get liveMessages() {
      return [...viewer.live.said];
    },
    get replayAt() {
      return viewer.replay.at?.toISOString() ?? null;
    },
    get historyPoints() {
      return viewer.panel?.chart.pointCount ?? 0;
    },
    get camera() {
      const p = viewer.scene.camera.position;
      const t = viewer.scene.controls.target;
      return { x: p.x, y: p.y, z: p.z, tx: t.x, ty: t.y, tz: t.z };
    },
    screenPointOf: (tileId, featureIndex) => {
      const layer = viewer.layerOfTile.get(tileId) ?? viewer.layers.find((l) => l.tiles.has(tileId));
      return layer ? featureScreenPoint(viewer.scene, layer, tileId, featureIndex, (r) => viewer.pick(r)) : null;
    },
    groundPoint: (east, north) => viewer.scene.toClient(new Vector3(east, 0, -north)),
    metricValue: (tileId, featureIndex, metricId) => viewer.state?.latestValue(tileId, featureIndex, metricId),
    shownValue: (tileId, featureIndex) => {
      const v = viewer.shownValues(tileId)?.[featureIndex];
      return v === undefined || Number.isNaN(v) ? undefined : v;
    },
    featureColour: (tileId, featureIndex) => {
      const tile = viewer.layerOfTile.get(tileId)?.tiles.get(tileId);
      return tile ? Array.from(tile.colours.data.subarray(4 * featureIndex, 4 * featureIndex + 4)) : null;
    },
    lookAt: (minX, minY, maxX, maxY) => {
      viewer.scene.frame(cityBounds([{ id: '', minX, minY, maxX, maxY, maxHeight: 0, featureCount: 0, content: '' }]));
    },
    loadedTiles: () => viewer.layers.flatMap((l) => [...l.tiles.values()].map((t) => ({ tileId: t.info.id, layer: l.id, featureCount: t.info.featureCount }))),
    layers: () => [...viewer.layers.map((l) => ({ id: l.id, visible: l.group.visible })), { id: 'sensors', visible: viewer.sensors.shown }],
    get visibleTiles() {
      return viewer.layers.reduce((n, l) => n + (l.group.visible ? l.visibleTiles.size : 0), 0);
    },
    get firstDrawAt() {
      return viewer.scene.firstDrawAt;
    },
    get scenario() {
      const mode = viewer.scenario;
      if (!mode) return null;
      return {
        id: mode.scenario?.id ?? null,
        published: !!mode.scenario?.published,
        view: mode.colouring.view,
        metric: mode.colouring.metric,
        placed: mode.colouring.placed,
        kpis: mode.analysis?.kpis.length ?? 0,
        differences: mode.analysis?.differences.length ?? 0,
        busy: mode.busy,
        split: viewer.scene.split?.at ?? null,
        splitPaints: viewer.colouring.splitPaints,
      };
    },
    get sensorMarkers() {
      return viewer.sensors.markers.visible ? viewer.sensors.markers.count : 0;
    },
    get liveSensorMarkers() {
      return viewer.sensors.book.liveCount(performance.now());
    },
    get sensorsShown() {
      return viewer.sensors.shown;
    },
    get sensorMarkerCapacity() {
      return viewer.sensors.markers.capacity;
    },
    sensorScreenPoint: (sensorId) => {
      const marker = viewer.sensors.book.find(sensorId);
      if (!marker || !viewer.sensors.shown) return null;
      viewer.scene.camera.updateMatrixWorld();
      // The marker's centre: its base sits on the feature's top, raised by two sizes (see SensorMarkers.sync).
      const [x, y, z] = marker.position;
      const client = viewer.scene.toClient(new Vector3(x, y + 2 * viewer.sensors.markers.size, z));
      if (!client) return null;
      const point = { x: Math.round(client.x), y: Math.round(client.y) };
      if (document.elementFromPoint(point.x, point.y) !== viewer.scene.renderer.domElement) return null;
      const hit = viewer.pick(viewer.scene.raycasterAt(point.x, point.y));
      return hit?.sensorId === sensorId ? point : null;
    },
    benchApplyFrame: (changes, rounds) => applyFrameBenchmark(viewer, changes, rounds),
    renderNow: () => {
      viewer.scene.renderNow();
      return viewer.scene.lastDrawCalls;
    },
  };
}
