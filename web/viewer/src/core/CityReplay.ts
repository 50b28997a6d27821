import type { ApiOptions } from './cityApi';
import { snapshotValues } from './snapshotValues';
import { fetchCitySnapshot } from './twinApi';

/**
 * The city at a moment of its past, for the time slider: one `GET /api/history/snapshot` per metric
 * shown, laid out per tile like the live state. A newer request wins over one still loading.
 */
export class CityReplay {
  private moment: Date | null = null;
  private values = new Map<string, Map<string, Float32Array>>();
  private request = 0;

  /** The moment shown, null when live. */
  get at(): Date | null {
    return this.moment;
  }

  /** Loads `metricIds` at `at`; false when a newer call (or {@link clear}) overtook this one. */
  async load(at: Date, metricIds: Iterable<string>, featureCounts: ReadonlyMap<string, number>, options: ApiOptions): Promise<boolean> {
    const request = ++this.request;
    const values = new Map<string, Map<string, Float32Array>>();
    for (const metric of metricIds) {
      const snapshot = await fetchCitySnapshot(metric, at, options);
      if (request !== this.request) return false;
      values.set(metric, snapshotValues(snapshot, featureCounts).tiles);
    }
    if (request !== this.request) return false;
    this.moment = at;
    this.values = values;
    return true;
  }

  /** Back to live; a load in flight is dropped. */
  clear(): void {
    this.request++;
    this.moment = null;
    this.values = new Map();
  }

  /** A tile's values of a metric at the moment, undefined when live or not loaded. */
  valuesOf(metricId: string, tileId: string): Float32Array | undefined {
    return this.values.get(metricId)?.get(tileId);
  }
}
