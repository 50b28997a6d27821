import type { BuildingSnapshot, EntityDetails, FeatureRef, I18n, MetricDefinition, Provenance, SensorInfo } from '../core';
import { el, formatNumber, formatValue } from './dom';
import { HistoryChart } from './HistoryChart';
import { localise } from './localise';

/**
 * The selected feature: an `<aside>` announced politely to screen readers when the selection
 * changes. Attributes, the data's licence and provenance, live values (`aria-live="off"`, so a
 * busy city does not talk over the user) and a history chart of the metric shown.
 */
export class InfoPanel {
  readonly element = el('aside', 'info-panel');
  readonly chart: HistoryChart;
  private readonly heading = el('h2', 'info-title');
  private readonly details = el('dl', 'info-details');
  private readonly live = el('dl', 'info-metrics');
  private readonly origin = el('dl', 'info-origin');
  private readonly sensors = el('section', 'info-sensors');
  private shownSensors: { list: readonly SensorInfo[]; picked?: string; liveOf: (id: string) => boolean | undefined } | null = null;
  private readonly message = el('p', 'info-message');
  private readonly valueCells = new Map<string, HTMLElement>();
  private last: { snapshot: BuildingSnapshot; entity?: EntityDetails; liveValue: (metricId: string) => number | undefined } | null = null;
  private loading: FeatureRef | null = null;

  constructor(
    private readonly i18n: I18n,
    private readonly metrics: readonly MetricDefinition[],
    private readonly provenance: Provenance | undefined,
  ) {
    this.element.setAttribute('aria-live', 'polite');
    localise(i18n, this.element, 'panel.label', 'aria-label');
    this.live.setAttribute('aria-live', 'off');
    const close = el('button', 'info-close', '×');
    close.type = 'button';
    localise(i18n, close, 'panel.close', 'title');
    localise(i18n, close, 'panel.close', 'aria-label');
    close.addEventListener('click', () => this.element.dispatchEvent(new CustomEvent('selection-clear', { bubbles: true })));
    this.chart = new HistoryChart(i18n);
    this.element.append(close, this.heading, this.message, this.details, this.sensors, this.live, this.chart.element, this.origin);
    i18n.addEventListener('language-change', () => this.rerender());
    this.clear();
  }

  get isOpen(): boolean {
    return !this.element.classList.contains('is-empty');
  }

  /** No selection: a hint instead of details. */
  clear(): void {
    this.last = null;
    this.loading = null;
    this.element.classList.add('is-empty');
    this.heading.textContent = this.i18n.t('panel.none');
    this.message.textContent = this.i18n.t('panel.hint');
    this.details.replaceChildren();
    this.live.replaceChildren();
    this.origin.replaceChildren();
    this.clearSensors();
    this.chart.clear();
    this.valueCells.clear();
  }

  /** A feature was picked; its description is on its way. */
  showLoading(ref: FeatureRef): void {
    this.last = null;
    this.loading = ref;
    this.element.classList.remove('is-empty');
    this.heading.textContent = this.i18n.t('panel.feature', { index: ref.featureIndex, tile: ref.tileId });
    this.message.textContent = this.i18n.t('panel.loading');
    this.details.replaceChildren();
    this.live.replaceChildren();
    this.origin.replaceChildren();
    this.clearSensors();
    this.chart.clear();
    this.valueCells.clear();
  }

  /** The description failed to load (the live values still show). */
  showError(message: string): void {
    this.message.textContent = message;
  }

  /** Shows a feature; `liveValue` gives the latest streamed value of a metric, if any. */
  show(snapshot: BuildingSnapshot, liveValue: (metricId: string) => number | undefined, entity?: EntityDetails): void {
    this.last = { snapshot, entity, liveValue };
    this.loading = null;
    const t = (key: Parameters<I18n['t']>[0]) => this.i18n.t(key);
    const info = snapshot.info;
    this.element.classList.remove('is-empty');
    this.heading.textContent = info.name || info.id;
    this.message.textContent = '';
    const rows: [string, string][] = [[t('panel.id'), info.id]];
    if (info.name) rows.push([t('panel.name'), info.name]);
    if (info.height > 0) rows.push([t('panel.height'), `${formatNumber(info.height)} m${info.heightEstimated ? ` ${t('panel.estimated')}` : ''}`]);
    if (info.footprintArea > 0) rows.push([t('panel.footprint'), `${formatNumber(info.footprintArea)} m²`]);
    for (const [key, value] of Object.entries(info.attributes ?? {}).slice(0, 8)) rows.push([key, value]);
    this.details.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]));

    const origin: [string, string][] = [
      [t('panel.licence'), entity?.licence || this.provenance?.licence || '—'],
      [t('panel.source'), entity?.attribution || this.provenance?.attribution || '—'],
    ];
    if (this.provenance?.source) origin.push([t('panel.provenance'), [this.provenance.source, ...this.provenance.steps].join(' → ')]);
    this.origin.replaceChildren(...origin.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]));

    this.valueCells.clear();
    const items: HTMLElement[] = [];
    for (const metric of this.metrics) {
      const dd = el('dd', 'metric-value');
      dd.dataset.metric = metric.id;
      this.valueCells.set(metric.id, dd);
      items.push(el('dt', '', metric.label || metric.id), dd);
    }
    this.live.replaceChildren(...items);
    this.updateValues((id) => liveValue(id) ?? snapshot.metrics[id]);
  }

  /** Refreshes the metric values in place. */
  updateValues(valueOf: (metricId: string) => number | undefined): void {
    for (const metric of this.metrics) {
      const cell = this.valueCells.get(metric.id);
      if (cell) cell.textContent = formatValue(valueOf(metric.id), metric.unit);
    }
  }

  /**
   * The register entries of the sensors on the shown feature (id, metric, unit, operator, purpose, retention),
   * the picked one first and marked; `liveOf` tells whether a sensor reported recently (undefined: not on the map).
   */
  showSensors(list: readonly SensorInfo[], picked: string | undefined, liveOf: (id: string) => boolean | undefined): void {
    this.shownSensors = { list, picked, liveOf };
    const t = (key: Parameters<I18n['t']>[0], values?: Record<string, string | number>) => this.i18n.t(key, values);
    if (list.length === 0) {
      this.sensors.replaceChildren();
      return;
    }
    const ordered = [...list].sort((a, b) => Number(b.id === picked) - Number(a.id === picked));
    const blocks = ordered.map((sensor) => {
      const rows: [string, string][] = [
        [t('sensor.id'), sensor.id === picked ? `${sensor.id} ${t('sensor.picked')}` : sensor.id],
        [t('sensor.metric'), `${sensor.metricId} (${sensor.unit})`],
        [t('sensor.operator'), sensor.operator],
        [t('sensor.purpose'), sensor.purpose],
        [t('sensor.retention'), t('sensor.retentionDays', { days: sensor.retentionDays })],
      ];
      const live = liveOf(sensor.id);
      if (live !== undefined) rows.push([t('sensor.state'), t(live ? 'sensor.live' : 'sensor.stale')]);
      if (sensor.countsPeople) rows.push(['', t('sensor.countsPeople')]);
      const dl = el('dl', 'info-sensor');
      dl.dataset.sensor = sensor.id;
      if (sensor.id === picked) dl.classList.add('is-picked');
      dl.append(...rows.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]));
      return dl;
    });
    this.sensors.replaceChildren(el('h3', 'info-sensors-title', t('panel.sensors')), ...blocks);
  }

  private clearSensors(): void {
    this.shownSensors = null;
    this.sensors.replaceChildren();
  }

  private rerender(): void {
    const sensors = this.shownSensors;
    if (this.last) this.show(this.last.snapshot, this.last.liveValue, this.last.entity);
    else if (this.loading) this.showLoading(this.loading);
    else this.clear();
    if (sensors && this.last) this.showSensors(sensors.list, sensors.picked, sensors.liveOf);
  }
}
