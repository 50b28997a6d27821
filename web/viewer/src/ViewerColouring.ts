import { layerMetric, type FrameAppliedDetail, type MetricDefinition, type ScenarioView } from './core';
import type { TwinViewer } from './TwinViewer';

/**
 * How the viewer colours its tiles: by the metric each layer shows (live, a replayed moment, or a
 * scenario's view), per tile on load, per changed feature on a live frame, and in two halves for a
 * swipe comparison.
 */
export class ViewerColouring {
  /** Features with a value in each loaded tile (the test hook's `featuresColoured`). */
  readonly colouredByTile = new Map<string, number>();
  /** Halves painted for swipe comparisons so far (the test hook's proof that both states are drawn). */
  splitPaints = 0;

  constructor(private readonly viewer: TwinViewer) {}

  recolourAll(): void {
    for (const layer of this.viewer.layers) for (const tileId of layer.tiles.keys()) this.recolourTile(tileId);
    this.viewer.scene.requestRender();
  }

  /**
   * Swipe comparison of a scenario: today's colours left of `at` (0..1 of the width), the
   * scenario's right of it; null ends it and the map shows the chosen view again.
   */
  setSplit(at: number | null): void {
    const v = this.viewer;
    const colouring = v.scenario?.colouring;
    if (at === null || !colouring?.metric) {
      v.scene.split = null;
      this.recolourAll();
      return;
    }
    v.scene.split = { at, left: () => this.paintScenario('today'), right: () => this.paintScenario('scenario') };
    v.scene.requestRender();
  }

  /** Colours every loaded tile with one view of the scenario (for one half of a swipe). */
  private paintScenario(view: ScenarioView): void {
    const colouring = this.viewer.scenario?.colouring;
    if (!colouring) return;
    const { min, max, palette } = colouring.scale(view);
    for (const layer of this.viewer.layers) for (const tileId of layer.tiles.keys()) layer.recolour(tileId, colouring.valuesOf(tileId, view), min, max, undefined, palette);
    this.splitPaints++;
  }

  /** The metric a tile's layer is coloured by, and its index in the city's metric list. */
  metricOfTile(tileId: string): { metric: MetricDefinition | undefined; index: number } {
    const v = this.viewer;
    const metrics = v.city?.metrics ?? [];
    const layer = v.layerOfTile.get(tileId);
    const metric = layer ? layerMetric(layer.id, v.metric, metrics) : v.metric;
    return { metric, index: metric ? metrics.indexOf(metric) : -1 };
  }

  /** The values a tile is coloured from now: the replayed moment's, or the live ones. */
  shownValues(tileId: string): ArrayLike<number> | undefined {
    const { metric, index } = this.metricOfTile(tileId);
    if (!metric || index < 0) return undefined;
    const v = this.viewer;
    if (v.replay.at) return v.replay.valuesOf(metric.id, tileId);
    return v.state?.tiles.get(tileId)?.metricValues(index);
  }

  recolourTile(tileId: string, features?: ArrayLike<number>): void {
    const layer = this.viewer.layerOfTile.get(tileId);
    if (!layer) return;
    const scenario = this.viewer.scenario?.colouring;
    if (scenario?.active) {
      // A scenario's view replaces the live values the way a replayed moment does.
      const values = scenario.valuesOf(tileId);
      const { min, max, palette } = scenario.scale();
      if (layer.recolour(tileId, values, min, max, undefined, palette)) this.colouredByTile.set(tileId, countValues(values));
      return;
    }
    const { metric } = this.metricOfTile(tileId);
    const values = this.shownValues(tileId);
    if (layer.recolour(tileId, values, metric?.min ?? 0, metric?.max ?? 1, features)) {
      this.colouredByTile.set(tileId, countValues(values));
    }
  }

  /** Colours the city as it was at `at` (from `/api/history/snapshot`), or live again for null. */
  async replayAt(at: Date | null): Promise<void> {
    const v = this.viewer;
    if (!at || !v.city) {
      const wasReplaying = v.replay.at !== null;
      v.replay.clear();
      this.recolourAll();
      if (wasReplaying) v.live.say(v.i18n.t('summary.live'));
      return;
    }
    const metrics = new Set<string>();
    for (const layer of v.layers) {
      const metric = layer.group.visible ? layerMetric(layer.id, v.metric, v.city.metrics) : undefined;
      if (metric) metrics.add(metric.id);
    }
    const time = at.toLocaleString(v.i18n.language);
    v.status.info(v.i18n.t('time.loading', { time }));
    try {
      const counts = new Map(v.city.tiles.map((t) => [t.id, t.featureCount]));
      if (!(await v.replay.load(at, metrics, counts, { token: v.settings.token, signal: v.abort.signal }))) return;
      this.recolourAll();
      v.status.info(v.i18n.t('time.at', { time }));
      v.live.say(v.i18n.t('summary.replay', { time }));
    } catch (error) {
      v.reportError(`TwinViewer: ${(error as Error).message}`);
    }
  }

  /** A live frame: recolours what it changed, unless a replayed moment or a scenario is shown. */
  onFrameApplied(detail: FrameAppliedDetail): void {
    const v = this.viewer;
    if (v.replay.at || v.scenario?.colouring.active) return;
    if (detail.isSnapshot) {
      this.recolourTile(detail.tileId);
    } else {
      const { index } = this.metricOfTile(detail.tileId);
      for (const block of detail.blocks) {
        if (block.metricIndex === index) this.recolourTile(detail.tileId, block.featureIndices);
      }
    }
    v.scene.requestRender();
  }
}

/** Features with a value (not NaN). */
function countValues(values: ArrayLike<number> | undefined): number {
  let n = 0;
  if (values) for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  return n;
}
