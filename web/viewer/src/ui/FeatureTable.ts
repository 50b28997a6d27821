import { sortRows, type FeatureRef, type FeatureRow, type I18n, type MetricDefinition, type SortKey } from '../core';
import { el, formatValue } from './dom';
import { localise } from './localise';

/** Rows shown at most (sorted first): a screen reader user narrows by zooming in, like a sighted one. */
export const MAX_ROWS = 200;

/**
 * The table equivalent of the scene: the features in view with their live values, one column per
 * metric. Column headers are buttons (sort, `aria-sort`); each row's first cell is a button that
 * opens the feature (`feature-open`). Refreshed by the viewer on a timer, not per frame.
 */
export class FeatureTable extends EventTarget {
  readonly element = el('section', 'feature-table');
  private readonly table = el('table');
  private readonly body = el('tbody');
  private readonly note = el('p', 'table-note');
  private readonly headers: { key: SortKey; th: HTMLTableCellElement }[] = [];
  private sortKey: SortKey = 'feature';
  private direction: 'ascending' | 'descending' = 'ascending';
  private rows: FeatureRow[] = [];

  constructor(private readonly i18n: I18n, private readonly metrics: readonly MetricDefinition[]) {
    super();
    this.element.hidden = true;
    const caption = el('caption');
    localise(i18n, caption, 'table.caption');
    const head = el('thead');
    const tr = el('tr');
    tr.append(this.header('feature', 'table.feature'), this.header('layer', 'table.layer'));
    metrics.forEach((m, i) => tr.append(this.header(i, null, m.unit ? `${m.label || m.id} (${m.unit})` : m.label || m.id)));
    const sensors = el('th', 'table-sensors');
    sensors.scope = 'col';
    localise(i18n, sensors, 'table.sensors');
    tr.append(sensors);
    head.append(tr);
    this.table.append(caption, head, this.body);
    this.element.append(this.table, this.note);
    this.element.tabIndex = -1;
    i18n.addEventListener('language-change', () => this.show(this.rows));
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
  }

  /** Sorts by a column (the same column again flips the direction). */
  sortBy(key: SortKey): void {
    this.direction = this.sortKey === key && this.direction === 'ascending' ? 'descending' : 'ascending';
    this.sortKey = key;
    this.show(this.rows);
  }

  /** Replaces the rows, keeping the sort and the focused row button. */
  show(rows: FeatureRow[]): void {
    this.rows = rows;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.feature;
    const sorted = sortRows([...rows], this.sortKey, this.direction).slice(0, MAX_ROWS);
    for (const { key, th } of this.headers) {
      if (key === this.sortKey) th.setAttribute('aria-sort', this.direction);
      else th.removeAttribute('aria-sort');
    }
    this.body.replaceChildren(...sorted.map((row) => this.row(row)));
    this.note.textContent = rows.length > MAX_ROWS ? this.i18n.t('table.more', { shown: MAX_ROWS, total: rows.length }) : '';
    if (focused) (this.body.querySelector(`[data-feature="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  private header(key: SortKey, label: Parameters<I18n['t']>[0] | null, text?: string): HTMLTableCellElement {
    const th = el('th');
    th.scope = 'col';
    const button = el('button', 'sort-button');
    button.type = 'button';
    button.dataset.sort = String(key);
    if (label) localise(this.i18n, button, label);
    else button.textContent = text ?? '';
    button.addEventListener('click', () => this.sortBy(key));
    th.append(button);
    this.headers.push({ key, th });
    return th;
  }

  private row(row: FeatureRow): HTMLTableRowElement {
    const tr = el('tr');
    const name = `${row.tileId} #${row.featureIndex}`;
    const open = el('button', 'row-open', name);
    open.type = 'button';
    open.dataset.feature = `${row.tileId}#${row.featureIndex}`;
    open.setAttribute('aria-label', this.i18n.t('table.open', { feature: name }));
    open.addEventListener('click', () =>
      this.dispatchEvent(new CustomEvent<FeatureRef>('feature-open', { detail: { tileId: row.tileId, featureIndex: row.featureIndex } })),
    );
    const first = el('th');
    first.scope = 'row';
    first.append(open);
    tr.append(first, el('td', '', row.layer));
    this.metrics.forEach((m, i) => {
      const td = el('td', 'metric-value', formatValue(Number.isNaN(row.values[i]) ? undefined : row.values[i], m.unit));
      td.dataset.value = String(row.values[i]);
      tr.append(td);
    });
    // Opening the row opens the feature, whose panel lists these sensors' register entries.
    tr.append(el('td', 'row-sensors', row.sensors?.join(', ') ?? ''));
    return tr;
  }
}
