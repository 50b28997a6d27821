/** Wire types of the TwinCity REST API (camelCase JSON). */

export interface GeoOrigin {
  latitude: number;
  longitude: number;
  height: number;
}

/** A tile of the city; bounds are in the local east-north-up frame, metres. */
export interface TileInfo {
  id: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  maxHeight: number;
  featureCount: number;
  /** Path of the tile's GLB below `/city/`, e.g. `tiles/t-3-5.glb`. */
  content: string;
  /** The layer the tile belongs to (`buildings` when absent). */
  layer?: string;
}

/** A layer of the city (`GET /api/city` `layers`): its own tileset, tiles and look. */
export interface LayerInfo {
  /** `buildings`, `streets` or `networks`. */
  id: string;
  name: string;
  /** URL of its `tileset.json`, e.g. `/city/streets/tileset.json`. */
  tileset: string;
  featureCount: number;
}

export interface MetricDefinition {
  id: string;
  unit: string;
  label: string;
  min: number;
  max: number;
}

export interface Provenance {
  source: string;
  licence: string;
  attribution: string;
  steps: string[];
}

export interface CityInfo {
  name: string;
  origin: GeoOrigin;
  tiles: TileInfo[];
  metrics: MetricDefinition[];
  provenance: Provenance;
  version: number;
  /** The city's layers; older servers send none (buildings only, at `/city/tileset.json`). */
  layers?: LayerInfo[];
}

export interface BuildingInfo {
  id: string;
  name: string | null;
  height: number;
  minHeight: number;
  heightEstimated: boolean;
  footprintArea: number;
  tileId: string;
  featureIndex: number;
  attributes: Record<string, string>;
}

/** `GET /api/tiles/{tileId}/features/{featureIndex}`. */
export interface BuildingSnapshot {
  info: BuildingInfo;
  metrics: Record<string, number>;
  updatedAt: string | null;
}

/** A feature of a tile: what a pick returns and what the panel shows. */
export interface FeatureRef {
  tileId: string;
  featureIndex: number;
  /** Set when a sensor marker on the feature was picked (the panel then leads with that sensor). */
  sensorId?: string;
}
