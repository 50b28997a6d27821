import { NEUTRAL_COLOUR, viridisCssGradient, type I18n, type MetricDefinition } from '../core';
import { el, formatValue } from './dom';
import { localise } from './localise';

/** The palette bar with the metric's min and max (values beyond are clamped) and the no-value swatch. */
export class Legend {
  readonly element = el('figure', 'legend');
  private readonly caption = el('figcaption', 'legend-title');
  private readonly min = el('span', 'legend-min');
  private readonly max = el('span', 'legend-max');

  constructor(i18n: I18n) {
    const bar = el('div', 'legend-bar');
    bar.style.background = viridisCssGradient();
    bar.setAttribute('aria-hidden', 'true');
    const scale = el('div', 'legend-scale');
    scale.append(this.min, this.max);
    const none = el('div', 'legend-none');
    const swatch = el('span', 'legend-swatch');
    swatch.style.background = `rgb(${NEUTRAL_COLOUR.join(',')})`;
    const text = el('span');
    localise(i18n, text, 'legend.none');
    none.append(swatch, text);
    this.element.append(this.caption, bar, scale, none);
  }

  show(metric: MetricDefinition | undefined): void {
    this.element.hidden = !metric;
    if (!metric) return;
    this.caption.textContent = metric.unit ? `${metric.label || metric.id} (${metric.unit})` : metric.label || metric.id;
    this.min.textContent = `≤ ${formatValue(metric.min, metric.unit)}`;
    this.max.textContent = `≥ ${formatValue(metric.max, metric.unit)}`;
  }
}
