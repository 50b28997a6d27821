import type { BuildingSnapshot, FeatureRef, MetricDefinition } from '../core';
import { el, formatNumber, formatValue } from './dom';

/**
 * The selected building: an `<aside>` announced politely to screen readers when the selection
 * changes. The live metric list below it updates with every frame but is `aria-live="off"`, so a
 * busy city does not talk over the user.
 */
export class InfoPanel {
  readonly element = el('aside', 'info-panel');
  private readonly heading = el('h2', 'info-title');
  private readonly details = el('dl', 'info-details');
  private readonly live = el('dl', 'info-metrics');
  private readonly message = el('p', 'info-message');
  private readonly valueCells = new Map<string, HTMLElement>();

  constructor(private readonly metrics: readonly MetricDefinition[]) {
    this.element.setAttribute('aria-live', 'polite');
    this.element.setAttribute('aria-label', 'Selected building');
    this.live.setAttribute('aria-live', 'off');
    const close = el('button', 'info-close', '×');
    close.type = 'button';
    close.title = 'Clear selection (Escape)';
    close.setAttribute('aria-label', 'Clear selection');
    close.addEventListener('click', () => this.element.dispatchEvent(new CustomEvent('selection-clear', { bubbles: true })));
    this.element.append(close, this.heading, this.message, this.details, this.live);
    this.clear();
  }

  /** No selection: a hint instead of details. */
  clear(): void {
    this.element.classList.add('is-empty');
    this.heading.textContent = 'No building selected';
    this.message.textContent = 'Click a building to see its live values.';
    this.details.replaceChildren();
    this.live.replaceChildren();
    this.valueCells.clear();
  }

  /** A feature was picked; its description is on its way. */
  showLoading(ref: FeatureRef): void {
    this.element.classList.remove('is-empty');
    this.heading.textContent = `Feature ${ref.featureIndex} of tile ${ref.tileId}`;
    this.message.textContent = 'Loading…';
    this.details.replaceChildren();
    this.live.replaceChildren();
    this.valueCells.clear();
  }

  /** The description failed to load (the live values still show). */
  showError(message: string): void {
    this.message.textContent = message;
  }

  /** Shows a building; `liveValue` gives the latest streamed value of a metric, if any. */
  show(snapshot: BuildingSnapshot, liveValue: (metricId: string) => number | undefined): void {
    const info = snapshot.info;
    this.element.classList.remove('is-empty');
    this.heading.textContent = info.name || info.id;
    this.message.textContent = '';
    const rows: [string, string][] = [
      ['Id', info.id],
      ['Height', `${formatNumber(info.height)} m${info.heightEstimated ? ' (estimated)' : ''}`],
      ['Footprint', `${formatNumber(info.footprintArea)} m²`],
    ];
    if (info.name) rows.splice(1, 0, ['Name', info.name]);
    this.details.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]));

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
}
