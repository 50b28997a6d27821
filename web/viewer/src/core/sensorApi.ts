import { authHeaders, type ApiOptions } from './cityApi';

/** One sensor on a feature of a tile (`GET /api/tiles/{tile}/sensors`). */
export interface TileSensor {
  id: string;
  metric: string;
  unit: string;
  entity: string;
  feature: number;
  countsPeople: boolean;
}

/** `GET /api/tiles/{tile}/sensors`: the registered sensors on a tile's features. */
export interface TileSensors {
  tile: string;
  cityVersion: number;
  registerVersion: number;
  sensors: TileSensor[];
}

/** A sensor's public register entry (`GET /api/sensors`). */
export interface SensorInfo {
  id: string;
  entityId: string;
  metricId: string;
  unit: string;
  operator: string;
  purpose: string;
  retentionDays: number;
  countsPeople: boolean;
}

async function getJson<T>(url: string, options: ApiOptions): Promise<T> {
  // The default cache mode revalidates with the ETag the server sends: an unchanged tile costs a 304.
  const response = await fetch(url, { headers: authHeaders(options.token), signal: options.signal });
  if (!response.ok) throw new Error(`sensorApi: GET ${url} answered ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

/** The sensors on the features of one tile (building tiles `3_4_2`, layer tiles `streets/t-0-1`). */
export function fetchTileSensors(tileId: string, options: ApiOptions = {}): Promise<TileSensors> {
  const path = tileId.split('/').map(encodeURIComponent).join('/');
  return getJson(`/api/tiles/${path}/sensors`, options);
}

/** The register entries of every sensor attached to one entity. */
export async function fetchEntitySensors(entityId: string, options: ApiOptions = {}): Promise<SensorInfo[]> {
  const page = await getJson<{ sensors: SensorInfo[] }>(`/api/sensors?entity=${encodeURIComponent(entityId)}`, options);
  return page.sensors;
}
