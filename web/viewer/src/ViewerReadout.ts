import { featureRowsOf, summariseValues, type FeatureRow } from './core';
import { formatValue } from './ui';
import type { TwinViewer } from './TwinViewer';

/** What the viewer says without the map: the live region's periodic summary and the table view's rows. */
export class ViewerReadout {
  constructor(private readonly viewer: TwinViewer) {}

  /** The rows of the table view: every feature of the tiles in view, with its live values and its sensors. */
  tableRows(): FeatureRow[] {
    const v = this.viewer;
    const state = v.state;
    const sensors = v.sensors.shown ? v.sensors.book.idsByFeature() : undefined;
    return featureRowsOf(v.tilesInView(), v.city?.metrics.length ?? 0, (tileId, f, m) => state?.tiles.get(tileId)?.valueAt(f, m) ?? Number.NaN,
      sensors && ((tileId, f) => sensors.get(`${tileId}#${f}`)));
  }

  refreshTable(): void {
    const table = this.viewer.table;
    if (table?.visible) table.show(this.tableRows());
  }

  /** Says how the city's buildings are doing on the metric shown (and the open alerts, for operators). */
  summarise(): void {
    const { city, metric, state, i18n, desk } = this.viewer;
    if (!city || !metric || !state) return;
    const index = city.metrics.indexOf(metric);
    const tiles: Float32Array[] = [];
    for (const t of city.tiles) {
      if ((t.layer ?? 'buildings') !== 'buildings') continue;
      const values = state.tiles.get(t.id)?.metricValues(index);
      if (values) tiles.push(values);
    }
    const s = summariseValues(tiles);
    const label = metric.label || metric.id;
    let text = s.reporting === 0
      ? i18n.t('summary.noValues', { city: city.name, metric: label })
      : i18n.t('summary.city', {
        city: city.name, metric: label, reporting: s.reporting, features: s.features,
        average: formatValue(s.average, metric.unit), highest: formatValue(s.highest, metric.unit),
      });
    if (desk) text += ' ' + i18n.t('summary.alerts', { count: desk.book.size });
    this.viewer.live.summarise(text);
  }
}
