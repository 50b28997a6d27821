import type { TileSensor } from './sensorApi';

/** How long after its last reading a sensor still counts as live (the simulator and real meters report within it). */
export const SENSOR_STALE_MS = 120_000;

/** A sensor placed on the map: where its marker is, and when a reading of its metric last reached this viewer. */
export interface SensorMarker {
  sensor: TileSensor;
  tileId: string;
  /** Index of the sensor's metric in the city's metric list (-1 when the city does not carry it). */
  metricIndex: number;
  /** Top of its feature in the local frame (x east, y up, z -north), stacked above other sensors of the feature. */
  position: [number, number, number];
  /** performance.now() of its last reading seen, null before any. */
  heardAt: number | null;
}

/**
 * Which sensor markers are on the map, tile by tile: placed when a tile's sensors arrive, dropped when
 * the tile unloads. Markers are kept dense (index = instance of the one marker mesh). Engine-free: positions
 * come from the caller, who reads them from the tile's geometry.
 */
export class SensorMarkerBook {
  private readonly list: SensorMarker[] = [];
  private readonly tiles = new Set<string>();
  /** When each sensor was last heard, kept while its marker is off the map (tile unloaded, layer off). */
  private readonly lastHeard = new Map<string, number>();

  /** Markers on the map now. */
  get count(): number {
    return this.list.length;
  }

  /** The markers, dense: marker i is instance i of the marker mesh. */
  get markers(): readonly SensorMarker[] {
    return this.list;
  }

  /** Whether a tile's sensors are placed. */
  has(tileId: string): boolean {
    return this.tiles.has(tileId);
  }

  /**
   * Places a tile's sensors (replacing what it had). `topOf(feature)` gives the top of a feature, or null when
   * the tile has no such feature (that sensor is left out); sensors sharing a feature are stacked `spacing` apart.
   * @returns how many were placed.
   */
  place(tileId: string, sensors: readonly TileSensor[], metricIndexOf: (metricId: string) => number,
    topOf: (feature: number) => [number, number, number] | null, spacing = 6): number {
    this.remove(tileId);
    this.tiles.add(tileId);
    const stacked = new Map<number, number>();
    let placed = 0;
    for (const sensor of sensors) {
      const top = topOf(sensor.feature);
      if (!top) continue;
      const level = stacked.get(sensor.feature) ?? 0;
      stacked.set(sensor.feature, level + 1);
      this.list.push({ sensor, tileId, metricIndex: metricIndexOf(sensor.metric), position: [top[0], top[1] + level * spacing, top[2]], heardAt: this.lastHeard.get(sensor.id) ?? null });
      placed++;
    }
    return placed;
  }

  /** Drops a tile's markers. @returns how many were dropped. */
  remove(tileId: string): number {
    if (!this.tiles.delete(tileId)) return 0;
    const before = this.list.length;
    let kept = 0;
    for (const marker of this.list) if (marker.tileId !== tileId) this.list[kept++] = marker;
    this.list.length = kept;
    return before - kept;
  }

  /** Drops every marker (the layer turned off); when each sensor was last heard is kept for when they return. */
  clear(): void {
    this.list.length = 0;
    this.tiles.clear();
  }

  /** Drops every marker and what was heard (a new city). */
  reset(): void {
    this.clear();
    this.lastHeard.clear();
  }

  /**
   * A live frame changed `features` of `metricIndex` in a tile: their sensors of that metric were heard at `now`.
   * @returns how many markers were touched.
   */
  heard(tileId: string, metricIndex: number, features: ArrayLike<number>, now: number): number {
    if (!this.tiles.has(tileId)) return 0;
    const changed = new Set<number>();
    for (let i = 0; i < features.length; i++) changed.add(features[i]);
    let touched = 0;
    for (const marker of this.list) {
      if (marker.tileId === tileId && marker.metricIndex === metricIndex && changed.has(marker.sensor.feature)) {
        marker.heardAt = now;
        this.lastHeard.set(marker.sensor.id, now);
        touched++;
      }
    }
    return touched;
  }

  /** Whether a marker's sensor reported within {@link SENSOR_STALE_MS} of `now`. */
  static isLive(marker: SensorMarker, now: number, staleMs = SENSOR_STALE_MS): boolean {
    return marker.heardAt !== null && now - marker.heardAt <= staleMs;
  }

  /** Live markers at `now`. */
  liveCount(now: number, staleMs = SENSOR_STALE_MS): number {
    let n = 0;
    for (const marker of this.list) if (SensorMarkerBook.isLive(marker, now, staleMs)) n++;
    return n;
  }

  /** The ids of the sensors on each feature with markers, keyed `tileId#featureIndex`. */
  idsByFeature(): Map<string, string[]> {
    const byFeature = new Map<string, string[]>();
    for (const { tileId, sensor } of this.list) {
      const key = `${tileId}#${sensor.feature}`;
      const ids = byFeature.get(key);
      if (ids) ids.push(sensor.id);
      else byFeature.set(key, [sensor.id]);
    }
    return byFeature;
  }

  /** The marker of a sensor, or undefined when it is not on the map. */
  find(sensorId: string): SensorMarker | undefined {
    return this.list.find((m) => m.sensor.id === sensorId);
  }
}
