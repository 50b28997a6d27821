import { describe, expect, it } from 'vitest';
import { cityLayers, layerMetric, tilesOfLayer, type CityInfo, type MetricDefinition } from '../../src/core';

const metric = (id: string): MetricDefinition => ({ id, unit: '', label: id, min: 0, max: 1 });

function city(extra: Partial<CityInfo> = {}): CityInfo {
  return {
    name: 'Test',
    origin: { latitude: 0, longitude: 0, height: 0 },
    tiles: [
      { id: 't-0-0', minX: 0, minY: 0, maxX: 1, maxY: 1, maxHeight: 1, featureCount: 3, content: 'tiles/t-0-0.glb' },
      { id: 'streets/t-0-0', minX: 0, minY: 0, maxX: 1, maxY: 1, maxHeight: 0, featureCount: 5, content: 'streets/tiles/t-0-0.glb', layer: 'streets' },
    ],
    metrics: [metric('power_kw'), metric('traffic_flow'), metric('load_pct')],
    provenance: { source: '', licence: '', attribution: '', steps: [] },
    version: 1,
    ...extra,
  };
}

describe('cityLayers', () => {
  it('should fall back to one buildings layer at /city/tileset.json when the server lists none', () => {
    expect(cityLayers(city())).toEqual([{ id: 'buildings', name: 'Buildings', tileset: '/city/tileset.json', featureCount: 8 }]);
  });

  it('should use the layers the server lists', () => {
    const layers = [{ id: 'streets', name: 'Streets', tileset: '/city/streets/tileset.json', featureCount: 5 }];
    expect(cityLayers(city({ layers }))).toBe(layers);
  });
});

describe('tilesOfLayer', () => {
  it('should count a tile without a layer as a building tile', () => {
    expect(tilesOfLayer(city(), 'buildings').map((t) => t.id)).toEqual(['t-0-0']);
    expect(tilesOfLayer(city(), 'streets').map((t) => t.id)).toEqual(['streets/t-0-0']);
  });
});

describe('layerMetric', () => {
  const metrics = city().metrics;

  it('should colour streets by traffic and networks by load whatever the user chose', () => {
    expect(layerMetric('streets', metrics[0], metrics)?.id).toBe('traffic_flow');
    expect(layerMetric('networks', metrics[0], metrics)?.id).toBe('load_pct');
  });

  it('should colour buildings by the chosen metric', () => {
    expect(layerMetric('buildings', metrics[2], metrics)?.id).toBe('load_pct');
  });

  it('should fall back to the chosen metric when the city lacks the layer metrics', () => {
    expect(layerMetric('streets', metrics[0], [metrics[0]])?.id).toBe('power_kw');
  });
});
