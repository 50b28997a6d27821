import { chartPath, type EntityHistory, type I18n } from '../core';
import { el, formatValue } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 260;
const HEIGHT = 70;

/** A small SVG line chart of one metric's recent history (no chart library: a path and two labels). */
export class HistoryChart {
  readonly element = el('figure', 'history-chart');
  private readonly caption = el('figcaption');
  private readonly svg = document.createElementNS(SVG, 'svg');
  private readonly line = document.createElementNS(SVG, 'path');
  private readonly scale = el('div', 'history-scale');
  /** Points drawn now (for the test hook). */
  pointCount = 0;

  constructor(private readonly i18n: I18n) {
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    this.svg.setAttribute('role', 'img');
    this.line.setAttribute('fill', 'none');
    this.line.setAttribute('stroke', 'currentColor');
    this.line.setAttribute('stroke-width', '1.5');
    this.svg.append(this.line);
    this.element.append(this.caption, this.svg, this.scale);
    this.clear();
  }

  clear(): void {
    this.element.hidden = true;
    this.pointCount = 0;
    this.line.setAttribute('d', '');
  }

  show(history: EntityHistory, label: string): void {
    this.element.hidden = false;
    const points = history.points.map((p) => ({ t: Date.parse(p.time), v: p.value }));
    const path = chartPath(points, WIDTH, HEIGHT);
    this.pointCount = points.length;
    this.line.setAttribute('d', path.d);
    if (points.length === 0) {
      this.caption.textContent = this.i18n.t('panel.historyEmpty', { metric: label });
      this.svg.setAttribute('aria-label', this.caption.textContent);
      this.scale.textContent = '';
      return;
    }
    this.caption.textContent = this.i18n.t('panel.history', { metric: label });
    const min = formatValue(path.min, history.unit);
    const max = formatValue(path.max, history.unit);
    this.scale.textContent = `${min} – ${max}`;
    this.svg.setAttribute('aria-label', this.i18n.t('panel.historyChart', {
      metric: label, count: points.length, min, max, last: formatValue(points[points.length - 1].v, history.unit),
    }));
  }
}
