/** How one metric stands across the city. */
export interface MetricSummary {
  features: number;
  reporting: number;
  average: number;
  highest: number;
}

/** Counts, averages and the highest value over per-tile value arrays (NaN = no value). */
export function summariseValues(tiles: Iterable<ArrayLike<number>>): MetricSummary {
  let features = 0;
  let reporting = 0;
  let sum = 0;
  let highest = -Infinity;
  for (const values of tiles) {
    features += values.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      reporting++;
      sum += v;
      if (v > highest) highest = v;
    }
  }
  return { features, reporting, average: reporting > 0 ? sum / reporting : Number.NaN, highest: reporting > 0 ? highest : Number.NaN };
}
