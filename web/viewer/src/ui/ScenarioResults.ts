import { NEUTRAL_COLOUR, SCENARIO_VIEWS, viridisCssGradient, type I18n, type KpiValue, type MessageKey, type ScenarioAnalysis, type ScenarioScale, type ScenarioView } from '../core';
import { el, formatNumber } from './dom';
import { localise } from './localise';

/** What the results ask of whoever drives them. */
export interface ScenarioResultsActions {
  setView(view: ScenarioView): void;
  setMetric(metric: string): void;
}

/**
 * An analysis: a today / scenario / difference switch (a radio group, keyboard-operable), the
 * metric the map is coloured by, its legend (diverging for the difference), and the KPI table.
 */
export class ScenarioResults {
  readonly element = el('div', 'scenario-results');
  private readonly views = el('fieldset', 'scenario-views');
  private readonly metric = el('select', 'scenario-metric');
  private readonly legend = el('figure', 'scenario-legend');
  private readonly legendBar = el('div', 'legend-bar');
  private readonly legendMin = el('span', 'legend-min');
  private readonly legendMax = el('span', 'legend-max');
  private readonly placed = el('p', 'scenario-placed');
  private readonly table = el('table', 'scenario-kpis');
  private readonly notes = el('ul', 'scenario-notes');
  private kpis: KpiValue[] = [];
  private placedCount = 0;

  constructor(private readonly i18n: I18n, actions: ScenarioResultsActions) {
    const legend = el('legend');
    localise(i18n, legend, 'scenario.view');
    this.views.append(legend);
    for (const view of SCENARIO_VIEWS) {
      const label = el('label');
      const radio = el('input');
      radio.type = 'radio';
      radio.name = 'scenario-view';
      radio.value = view;
      radio.addEventListener('change', () => radio.checked && actions.setView(view));
      const text = el('span');
      localise(i18n, text, `scenario.view.${view}` as MessageKey);
      label.append(radio, text);
      this.views.append(label);
    }
    const metricLabel = el('label', 'scenario-metric-label');
    const metricText = el('span');
    localise(i18n, metricText, 'scenario.metric');
    metricLabel.append(metricText, this.metric);
    this.metric.addEventListener('change', () => actions.setMetric(this.metric.value));
    this.legendBar.setAttribute('aria-hidden', 'true');
    const scale = el('div', 'legend-scale');
    scale.append(this.legendMin, this.legendMax);
    const grey = el('div', 'legend-none');
    const swatch = el('span', 'legend-swatch');
    swatch.style.background = `rgb(${NEUTRAL_COLOUR.join(',')})`;
    const greyText = el('span');
    localise(i18n, greyText, 'scenario.grey');
    grey.append(swatch, greyText);
    this.legend.append(this.legendBar, scale, grey);
    this.element.append(this.views, metricLabel, this.legend, this.placed, this.table, this.notes);
    this.element.hidden = true;
    i18n.addEventListener('language-change', () => this.renderTable());
  }

  /** Shows an analysis (null: not analysed yet). */
  show(analysis: ScenarioAnalysis | null, metrics: string[]): void {
    this.element.hidden = !analysis;
    this.kpis = analysis?.kpis ?? [];
    this.metric.replaceChildren(...metrics.map((m) => new Option(m, m)));
    this.notes.replaceChildren(...(analysis?.notes ?? []).map((n) => el('li', undefined, n)));
    this.renderTable();
  }

  /** Reflects the colouring: the view checked, the metric chosen, the legend's scale. */
  showColouring(view: ScenarioView | null, metric: string | null, scale: ScenarioScale, placed: number): void {
    for (const radio of this.views.querySelectorAll('input')) radio.checked = radio.value === view;
    if (metric) this.metric.value = metric;
    this.legendBar.style.background = viridisCssGradient('to right', scale.palette);
    const diverging = scale.palette === 'diverging';
    this.legendMin.textContent = diverging ? `${formatSigned(scale.min)} (${this.i18n.t('scenario.less')})` : formatNumber(scale.min);
    this.legendMax.textContent = diverging ? `${formatSigned(scale.max)} (${this.i18n.t('scenario.more')})` : formatNumber(scale.max);
    this.placedCount = placed;
    this.placed.textContent = this.i18n.t('scenario.placed', { count: placed });
  }

  private renderTable(): void {
    const t = this.i18n;
    const caption = el('caption', undefined, t.t('scenario.kpis'));
    const head = el('tr');
    for (const key of ['scenario.kpi', 'scenario.view.today', 'scenario.view.scenario', 'scenario.change'] as const) {
      const th = el('th', undefined, t.t(key));
      th.scope = 'col';
      head.append(th);
    }
    const body = el('tbody');
    for (const k of this.kpis) {
      const row = el('tr');
      row.dataset.kpi = k.id;
      const name = el('th', undefined, k.unit ? `${k.label} (${k.unit})` : k.label);
      name.scope = 'row';
      row.append(name, cell(k.baseline, formatNumber(k.baseline)), cell(k.scenario, formatNumber(k.scenario)), cell(k.scenario - k.baseline, formatSigned(k.scenario - k.baseline)));
      body.append(row);
    }
    const thead = el('thead');
    thead.append(head);
    this.table.replaceChildren(caption, thead, body);
    this.placed.textContent = t.t('scenario.placed', { count: this.placedCount });
  }
}

function cell(value: number, text: string): HTMLTableCellElement {
  const td = el('td', undefined, text);
  td.dataset.value = String(value);
  return td;
}

function formatSigned(value: number): string {
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value);
}
