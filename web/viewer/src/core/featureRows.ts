/** A row of the table view: one feature with one value per column. */
export interface FeatureRow {
  tileId: string;
  featureIndex: number;
  layer: string;
  /** One value per metric column (NaN = none). */
  values: number[];
  /** Ids of the sensors on the feature (when the sensors layer is on). */
  sensors?: string[];
}

/** A column to sort by: `feature` (tile, then index), `layer`, or a metric column's index. */
export type SortKey = 'feature' | 'layer' | number;

/**
 * Sorts rows in place by a column; missing values (NaN) go last in both directions, and ties keep
 * tile-then-feature order so the table does not shuffle as values update.
 */
export function sortRows(rows: FeatureRow[], key: SortKey, direction: 'ascending' | 'descending'): FeatureRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byFeature = (a: FeatureRow, b: FeatureRow) => a.tileId.localeCompare(b.tileId) || a.featureIndex - b.featureIndex;
  return rows.sort((a, b) => {
    if (key === 'feature') return sign * byFeature(a, b);
    if (key === 'layer') return sign * a.layer.localeCompare(b.layer) || byFeature(a, b);
    const va = a.values[key];
    const vb = b.values[key];
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na || nb) return na === nb ? byFeature(a, b) : na ? 1 : -1;
    return sign * (va - vb) || byFeature(a, b);
  });
}

/**
 * Rows for every feature of `tiles`, with one value per metric read through `valueAt` (NaN = none) and,
 * when `sensorsOn` is given, the ids of the sensors on each feature.
 */
export function featureRowsOf(
  tiles: readonly { tileId: string; featureCount: number; layer: string }[],
  metricCount: number,
  valueAt: (tileId: string, featureIndex: number, metricIndex: number) => number,
  sensorsOn?: (tileId: string, featureIndex: number) => string[] | undefined,
): FeatureRow[] {
  const rows: FeatureRow[] = [];
  for (const { tileId, featureCount, layer } of tiles) {
    for (let f = 0; f < featureCount; f++) {
      const values = new Array<number>(metricCount);
      for (let m = 0; m < metricCount; m++) values[m] = valueAt(tileId, f, m);
      const sensors = sensorsOn?.(tileId, f);
      rows.push(sensors ? { tileId, featureIndex: f, layer, values, sensors } : { tileId, featureIndex: f, layer, values });
    }
  }
  return rows;
}
