import type { Palette } from './colourMap';
import type { EntityDifference } from './scenarioApi';
import type { FeatureRef } from './types';

/** What the map shows of a scenario: today's values, the scenario's, or scenario − baseline. */
export type ScenarioView = 'today' | 'scenario' | 'difference';
export const SCENARIO_VIEWS: readonly ScenarioView[] = ['today', 'scenario', 'difference'];

/** The scale a view is coloured on. */
export interface ScenarioScale {
  min: number;
  max: number;
  palette: Palette;
}

/**
 * A scenario analysis laid out per tile like the live state, for one metric of its differences:
 * the viewer colours from it exactly as it colours a replayed moment. Only the entities the
 * analysis lists get a value; the rest stay grey.
 */
export class ScenarioColouring {
  /** The view shown; null when the map shows the live city. */
  view: ScenarioView | null = null;
  metric: string | null = null;
  private baseline = new Map<string, Float32Array>();
  private scenario = new Map<string, Float32Array>();
  private difference = new Map<string, Float32Array>();
  private range = { min: 0, max: 1, maxAbs: 1 };
  /** Entities of the metric placed on the map. */
  placed = 0;

  get active(): boolean {
    return this.view !== null && this.metric !== null;
  }

  /** The metrics an analysis has differences for, in the order they first appear. */
  static metricsOf(differences: readonly EntityDifference[]): string[] {
    return [...new Set(differences.map((d) => d.metric))];
  }

  /** Lays out the differences of `metric`; `where` says where an entity is drawn (undefined: not on the map). */
  set(metric: string, differences: readonly EntityDifference[], where: (entityId: string) => FeatureRef | undefined, featureCounts: ReadonlyMap<string, number>): void {
    this.metric = metric;
    this.baseline = new Map();
    this.scenario = new Map();
    this.difference = new Map();
    let min = Infinity;
    let max = -Infinity;
    let maxAbs = 0;
    this.placed = 0;
    for (const d of differences) {
      if (d.metric !== metric) continue;
      const ref = where(d.entityId);
      const count = ref ? featureCounts.get(ref.tileId) : undefined;
      if (!ref || count === undefined || ref.featureIndex >= count) continue;
      const delta = d.scenario - d.baseline;
      this.tile(this.baseline, ref.tileId, count)[ref.featureIndex] = d.baseline;
      this.tile(this.scenario, ref.tileId, count)[ref.featureIndex] = d.scenario;
      this.tile(this.difference, ref.tileId, count)[ref.featureIndex] = delta;
      min = Math.min(min, d.baseline, d.scenario);
      max = Math.max(max, d.baseline, d.scenario);
      maxAbs = Math.max(maxAbs, Math.abs(delta));
      this.placed++;
    }
    this.range = this.placed > 0 ? { min, max, maxAbs: maxAbs > 0 ? maxAbs : 1 } : { min: 0, max: 1, maxAbs: 1 };
  }

  /** A tile's values in the view shown; undefined when inactive or the tile has none. */
  valuesOf(tileId: string, view: ScenarioView | null = this.view): Float32Array | undefined {
    if (!view || !this.metric) return undefined;
    const tiles = view === 'today' ? this.baseline : view === 'scenario' ? this.scenario : this.difference;
    return tiles.get(tileId);
  }

  /** The colour scale of a view: one sequential scale shared by today and scenario, a symmetric diverging one for the difference. */
  scale(view: ScenarioView | null = this.view): ScenarioScale {
    if (view === 'difference') return { min: -this.range.maxAbs, max: this.range.maxAbs, palette: 'diverging' };
    return { min: this.range.min, max: this.range.max, palette: 'sequential' };
  }

  clear(): void {
    this.view = null;
    this.metric = null;
    this.baseline = new Map();
    this.scenario = new Map();
    this.difference = new Map();
    this.placed = 0;
  }

  private tile(tiles: Map<string, Float32Array>, tileId: string, count: number): Float32Array {
    let values = tiles.get(tileId);
    if (!values) {
      values = new Float32Array(count).fill(Number.NaN);
      tiles.set(tileId, values);
    }
    return values;
  }
}
