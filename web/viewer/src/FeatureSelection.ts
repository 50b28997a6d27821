import { fetchEntity, fetchEntitySensors, fetchFeature, fetchHistory, type FeatureRef } from './core';
import { cityBounds } from './three';
import type { SelectedFeature } from './testHook';
import { formatValue } from './ui';
import type { TwinViewer } from './TwinViewer';

/**
 * What the user has picked (opened in the panel) and what the keyboard is on (N / Shift+N, not yet
 * opened): highlight, panel (description, licence, live values, history chart), live-region
 * sentences, and flights to an entity. A newer selection wins over one still loading.
 */
export class FeatureSelection {
  selected: SelectedFeature | null = null;
  focused: FeatureRef | null = null;
  private request = 0;

  constructor(private readonly viewer: TwinViewer) {}

  /** Selects a feature (or none) and opens the panel. */
  async select(ref: FeatureRef | null): Promise<void> {
    const v = this.viewer;
    const request = ++this.request;
    this.selected = ref ? { tileId: ref.tileId, featureIndex: ref.featureIndex, ...(ref.sensorId ? { sensorId: ref.sensorId } : {}) } : null;
    if (ref) this.focused = null;
    this.highlight(ref);
    if (!ref) {
      v.panel?.clear();
      return;
    }
    v.panel?.showLoading(ref);
    this.refreshValues();
    if (!v.city) return;
    const options = { token: v.settings.token, signal: v.abort.signal };
    try {
      const snapshot = await fetchFeature(ref.tileId, ref.featureIndex, options);
      if (request !== this.request || !this.selected) return;
      this.selected.id = snapshot.info.id;
      this.selected.metrics = { ...snapshot.metrics, ...(this.selected.metrics ?? {}) };
      const entity = await fetchEntity(snapshot.info.id, options).catch(() => undefined);
      if (request !== this.request) return;
      v.panel?.show(snapshot, (id) => this.selected?.metrics?.[id], entity);
      const feature = snapshot.info.name || snapshot.info.id;
      v.live.say(ref.sensorId ? v.i18n.t('summary.sensorSelected', { sensor: ref.sensorId, feature }) : v.i18n.t('summary.selected', { feature }));
      void this.showSensors(snapshot.info.id, ref.sensorId, request);
      const { metric } = v.metricOfTile(ref.tileId);
      if (metric) {
        const history = await fetchHistory(snapshot.info.id, metric.id, options);
        if (request === this.request) v.panel?.chart.show(history, metric.label || metric.id);
      }
    } catch (error) {
      if (request !== this.request) return;
      const message = `TwinViewer: ${(error as Error).message}`;
      v.panel?.showError(message);
      v.reportError(message);
    }
  }

  /** The register entries of the entity's sensors, in the panel (a failure leaves the rest of the panel as it is). */
  private async showSensors(entityId: string, picked: string | undefined, request: number): Promise<void> {
    const v = this.viewer;
    const sensors = await fetchEntitySensors(entityId, { token: v.settings.token, signal: v.abort.signal }).catch(() => []);
    if (request === this.request) v.panel?.showSensors(sensors, picked, (id) => v.sensors.isLive(id));
  }

  /** Takes the selected feature's latest streamed values into the panel. */
  refreshValues(): void {
    const { city, state, panel } = this.viewer;
    const selected = this.selected;
    if (!selected || !city || !state) return;
    const metrics: Record<string, number> = { ...(selected.metrics ?? {}) };
    for (const m of city.metrics) {
      const value = state.latestValue(selected.tileId, selected.featureIndex, m.id);
      if (value !== undefined) metrics[m.id] = value;
    }
    selected.metrics = metrics;
    panel?.updateValues((id) => metrics[id]);
  }

  /** Keyboard focus on a feature: highlighted and said, not yet opened (Enter opens it). */
  focus(ref: FeatureRef | null): void {
    const v = this.viewer;
    this.focused = ref;
    this.highlight(ref ?? this.selected);
    if (!ref) return;
    const { metric } = v.metricOfTile(ref.tileId);
    const value = v.shownValues(ref.tileId)?.[ref.featureIndex];
    v.live.say(v.i18n.t('summary.focused', {
      feature: `${ref.tileId} #${ref.featureIndex}`,
      value: metric ? `${metric.label || metric.id} ${formatValue(Number.isNaN(value ?? Number.NaN) ? undefined : value, metric.unit)}` : '',
    }));
  }

  /** The feature to highlight now: the keyboard's, else the selected one. */
  get highlighted(): FeatureRef | null {
    return this.focused ?? this.selected;
  }

  /** Flies to an entity (an alert's) and selects it. */
  async flyToEntity(entityId: string): Promise<void> {
    const v = this.viewer;
    try {
      const entity = await fetchEntity(entityId, { token: v.settings.token, signal: v.abort.signal });
      const tile = v.city?.tiles.find((t) => t.id === entity.tile);
      const pose = tile ? v.scene.poseFor(cityBounds([tile])) : null;
      if (pose) v.motion.flyTo(pose);
      await this.select({ tileId: entity.tile, featureIndex: entity.feature });
    } catch (error) {
      v.reportError(`TwinViewer: cannot fly to ${entityId}: ${(error as Error).message}`);
    }
  }

  private highlight(ref: FeatureRef | null): void {
    for (const layer of this.viewer.layers) layer.setSelected(ref);
    this.viewer.scene.requestRender();
  }
}
