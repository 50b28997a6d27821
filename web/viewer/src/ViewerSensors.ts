import { fetchTileSensors, SensorMarkerBook, type FrameAppliedDetail, type ViewerMode } from './core';
import { featureTops, SensorMarkers, type FeatureHit, type TwinScene, type TwinTilesetLayer } from './three';
import type { TwinViewer } from './TwinViewer';

/** The toggle's layer id (not a tileset: markers over the other layers). */
export const SENSORS_LAYER = 'sensors';
/** Live markers turn stale without any frame, so their colours are re-checked this often. */
const STALE_CHECK_MS = 5000;

/** Whether a mode shows sensors when it opens: operators watch them; the kiosk and the public map stay uncluttered. */
export function sensorsShownByDefault(mode: ViewerMode): boolean {
  return mode === 'operator';
}

/**
 * The sensors layer: for each loaded tile of a shown layer, the registered sensors on its features
 * (`GET /api/tiles/{tile}/sensors`), one marker each at the top of its feature, all drawn by one instanced
 * mesh; yellow while readings of the sensor's metric reach the viewer, grey when none came recently. A tile's
 * markers go when it unloads; turning the layer off drops them all (and their GPU buffers).
 */
export class ViewerSensors {
  readonly book = new SensorMarkerBook();
  readonly markers = new SensorMarkers();
  private readonly inFlight = new Map<string, AbortController>();
  private readonly timer: ReturnType<typeof setInterval>;
  private syncQueued = false;
  private liveDrawn = 0;

  constructor(private readonly viewer: TwinViewer, private enabled: boolean) {
    this.markers.visible = enabled;
    viewer.scene.scene.add(this.markers.group);
    this.timer = setInterval(() => {
      // Redraw only when a marker went stale since the last redraw, not every few seconds regardless.
      if (this.book.liveCount(performance.now()) !== this.liveDrawn) this.sync(true);
    }, STALE_CHECK_MS);
  }

  get shown(): boolean {
    return this.enabled;
  }

  /** Whether a sensor on the map reported recently; undefined when it has no marker now. */
  isLive(sensorId: string): boolean | undefined {
    const marker = this.book.find(sensorId);
    return marker ? SensorMarkerBook.isLive(marker, performance.now()) : undefined;
  }

  /** Turns the layer on (markers for every loaded tile of the shown layers) or off (all dropped). */
  setShown(shown: boolean): void {
    this.enabled = shown;
    this.markers.visible = shown;
    if (!shown) {
      this.drop();
      return;
    }
    const loads: Promise<void>[] = [];
    for (const layer of this.viewer.layers) if (layer.group.visible) for (const tileId of layer.tiles.keys()) loads.push(this.onTileLoaded(layer, tileId));
    void Promise.all(loads).then(() => this.say());
  }

  /** A tileset layer was shown or hidden: its markers follow it. */
  onLayerVisible(layer: TwinTilesetLayer, visible: boolean): void {
    for (const tileId of layer.tiles.keys()) {
      if (visible) void this.onTileLoaded(layer, tileId);
      else this.onTileUnloaded(tileId);
    }
  }

  /** Places a loaded tile's markers (when the layer is on); resolves when they are placed or left out. */
  onTileLoaded(layer: TwinTilesetLayer, tileId: string): Promise<void> {
    if (!this.enabled || !layer.group.visible || this.book.has(tileId) || this.inFlight.has(tileId) || !this.viewer.state?.tiles.has(tileId)) return Promise.resolve();
    return this.load(layer, tileId);
  }

  onTileUnloaded(tileId: string): void {
    this.inFlight.get(tileId)?.abort();
    this.inFlight.delete(tileId);
    if (this.book.remove(tileId) > 0) this.sync();
  }

  /** Readings in a live frame make their sensors live. */
  onFrame(detail: FrameAppliedDetail): void {
    if (detail.isSnapshot || !this.book.has(detail.tileId)) return;
    const now = performance.now();
    let touched = 0;
    for (const block of detail.blocks) touched += this.book.heard(detail.tileId, block.metricIndex, block.featureIndices, now);
    if (touched > 0) this.queueSync();
  }

  /** The sensor marker under a ray, as a feature hit carrying the sensor's id. */
  pick(raycaster: ReturnType<TwinScene['raycasterAt']>): FeatureHit | null {
    const hit = this.markers.pick(raycaster, this.book);
    if (!hit) return null;
    const { marker, distance } = hit;
    const point = raycaster.ray.at(distance, raycaster.ray.origin.clone());
    return { tileId: marker.tileId, featureIndex: marker.sensor.feature, sensorId: marker.sensor.id, point, distance };
  }

  /** Keeps markers a readable size from any distance (called before each render). */
  fitToCamera(): void {
    const { camera, controls } = this.viewer.scene;
    const distance = camera.position.distanceTo(controls.target);
    if (this.markers.setSize(Math.min(40, Math.max(1.5, distance / 150)))) this.sync();
  }

  /** Every marker gone (the layer off); `forget` also drops what was heard (a new city). */
  drop(forget = false): void {
    for (const request of this.inFlight.values()) request.abort();
    this.inFlight.clear();
    if (forget) this.book.reset();
    else this.book.clear();
    this.sync();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.drop(true);
    this.markers.dispose();
  }

  private async load(layer: TwinTilesetLayer, tileId: string): Promise<void> {
    const v = this.viewer;
    const request = new AbortController();
    this.inFlight.set(tileId, request);
    try {
      const { sensors } = await fetchTileSensors(tileId, { token: v.settings.token, signal: request.signal });
      const tile = layer.tiles.get(tileId);
      if (request.signal.aborted || !tile || !this.enabled) return;
      const tops = featureTops(tile.meshes, new Set(sensors.map((s) => s.feature)), layer.renderer.group);
      const metrics = v.city?.metrics ?? [];
      this.book.place(tileId, sensors, (id) => metrics.findIndex((m) => m.id === id), (f) => tops.get(f) ?? null);
      this.sync();
    } catch (error) {
      if (!request.signal.aborted) v.reportError(`ViewerSensors: tile ${tileId}: ${(error as Error).message}`);
    } finally {
      if (this.inFlight.get(tileId) === request) this.inFlight.delete(tileId);
    }
  }

  private queueSync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    requestAnimationFrame(() => {
      this.syncQueued = false;
      this.sync(true);
    });
  }

  /** Redraws the markers from the book; `coloursOnly` when only live/stale states changed. */
  private sync(coloursOnly = false): void {
    const now = performance.now();
    this.markers.sync(this.book, now, coloursOnly);
    this.liveDrawn = this.book.liveCount(now);
    this.viewer.scene.requestRender();
  }

  private say(): void {
    if (!this.enabled) return;
    const v = this.viewer;
    v.live.say(v.i18n.t('summary.sensors', { count: this.book.count, live: this.book.liveCount(performance.now()) }));
  }
}
