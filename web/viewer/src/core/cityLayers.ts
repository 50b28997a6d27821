import type { CityInfo, LayerInfo, MetricDefinition, TileInfo } from './types';

/** Layer ids of the shared contract. */
export const BUILDINGS = 'buildings';

/** Metrics each layer is coloured by when the city has them, first found wins. */
const LAYER_METRICS: Record<string, readonly string[]> = {
  streets: ['traffic_flow', 'traffic_load', 'speed_kmh', 'no2_ugm3'],
  networks: ['load_pct', 'pressure_bar'],
};

/** The city's layers; a server without `layers` has one: the buildings at `/city/tileset.json`. */
export function cityLayers(city: CityInfo): LayerInfo[] {
  if (city.layers && city.layers.length > 0) return city.layers;
  const featureCount = city.tiles.reduce((sum, t) => sum + t.featureCount, 0);
  return [{ id: BUILDINGS, name: 'Buildings', tileset: '/city/tileset.json', featureCount }];
}

/** The catalogue's tiles of one layer (a tile without `layer` is a building tile). */
export function tilesOfLayer(city: CityInfo, layerId: string): TileInfo[] {
  return city.tiles.filter((t) => (t.layer ?? BUILDINGS) === layerId);
}

/**
 * The metric a layer is coloured by: streets by traffic, networks by load or pressure, buildings
 * (and any layer without a metric of its own) by the one the user chose.
 */
export function layerMetric(layerId: string, chosen: MetricDefinition | undefined, metrics: readonly MetricDefinition[]): MetricDefinition | undefined {
  for (const id of LAYER_METRICS[layerId] ?? []) {
    const metric = metrics.find((m) => m.id === id);
    if (metric) return metric;
  }
  return chosen;
}
