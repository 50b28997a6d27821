import type { I18n, MetricDefinition } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** Payload of `metric-change`. */
export interface MetricChangeDetail {
  metricId: string;
}

/** A labelled `<select>` of the city's metrics; emits `metric-change`. */
export class MetricSelector extends EventTarget {
  readonly element = el('label', 'metric-selector');
  readonly select = el('select');

  constructor(i18n: I18n, metrics: readonly MetricDefinition[], selectedId?: string) {
    super();
    const label = el('span');
    localise(i18n, label, 'colourBy');
    this.element.append(label, this.select);
    for (const metric of metrics) {
      const option = el('option', '', metric.unit ? `${metric.label || metric.id} (${metric.unit})` : metric.label || metric.id);
      option.value = metric.id;
      this.select.append(option);
    }
    if (selectedId) this.select.value = selectedId;
    this.select.disabled = metrics.length === 0;
    this.select.addEventListener('change', () =>
      this.dispatchEvent(new CustomEvent<MetricChangeDetail>('metric-change', { detail: { metricId: this.select.value } })),
    );
  }

  /** Shows `metricId` (a reset) without emitting. */
  set(metricId: string | undefined): void {
    if (metricId) this.select.value = metricId;
  }

  get value(): string {
    return this.select.value;
  }
}
