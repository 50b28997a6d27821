import { authHeaders, type ApiOptions } from './cityApi';

/** An alert as `GET /api/alerts` and the hub send it. */
export interface AlertInfo {
  id: string;
  ruleId: string;
  entityId: string;
  metricId: string;
  state: 'raised' | 'acknowledged' | 'cleared';
  value: number | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  clearedAt: string | null;
  message: string;
}

/** `GET /api/entities/{id}`: any entity, with where it is drawn and its data's licence. */
export interface EntityDetails {
  id: string;
  kind: string;
  name: string | null;
  layer: string;
  tile: string;
  feature: number;
  attributes: Record<string, string>;
  metrics: Record<string, number>;
  updatedAt: string | null;
  licence: string;
  attribution: string;
}

export interface HistoryPoint {
  time: string;
  value: number;
}

/** `GET /api/entities/{id}/history`. */
export interface EntityHistory {
  entityId: string;
  metric: string;
  unit: string;
  points: HistoryPoint[];
}

/** `GET /api/history/snapshot`: the city at a moment. */
export interface CitySnapshot {
  metric: string;
  unit: string;
  at: string;
  values: { id: string; tile: string; feature: number; value: number; time: string }[];
}

async function send<T>(method: string, url: string, options: ApiOptions): Promise<T> {
  const response = await fetch(url, { method, headers: authHeaders(options.token), signal: options.signal });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      detail = [problem.title, problem.detail].filter(Boolean).join(': ') || detail;
    } catch {
      // not a problem document
    }
    throw new Error(`twinApi: ${method} ${url} answered ${response.status} ${detail}`);
  }
  return (await response.json()) as T;
}

/** Open (raised, acknowledged) alerts; operators only. */
export function fetchAlerts(options: ApiOptions): Promise<AlertInfo[]> {
  return send('GET', '/api/alerts', options);
}

/** Acknowledges an alert; operators only. */
export function acknowledgeAlert(id: string, options: ApiOptions): Promise<AlertInfo> {
  return send('POST', `/api/alerts/${encodeURIComponent(id)}/acknowledge`, options);
}

/** Where an entity is drawn. */
export interface EntityPlace {
  id: string;
  layer: string;
  tile: string;
  feature: number;
}

/** Most ids one {@link fetchEntityPlaces} call takes (the server's limit). */
export const MAX_PLACES_PER_CALL = 100;

/** `GET /api/entity-places`: where each of up to {@link MAX_PLACES_PER_CALL} entities is drawn; unknown ids are left out. */
export function fetchEntityPlaces(ids: readonly string[], options: ApiOptions = {}): Promise<EntityPlace[]> {
  const query = new URLSearchParams(ids.map((id) => ['id', id]));
  return send('GET', `/api/entity-places?${query}`, options);
}

export function fetchEntity(id: string, options: ApiOptions = {}): Promise<EntityDetails> {
  return send('GET', `/api/entities/${encodeURIComponent(id)}`, options);
}

/** The last `hours` of a metric of an entity, at most `max` points. */
export function fetchHistory(id: string, metric: string, options: ApiOptions & { hours?: number; max?: number } = {}): Promise<EntityHistory> {
  const from = new Date(Date.now() - (options.hours ?? 24) * 3600_000).toISOString();
  const query = new URLSearchParams({ metric, from, max: String(options.max ?? 500) });
  return send('GET', `/api/entities/${encodeURIComponent(id)}/history?${query}`, options);
}

/** Every entity's value of `metric` at `at`. */
export function fetchCitySnapshot(metric: string, at: Date, options: ApiOptions = {}): Promise<CitySnapshot> {
  const query = new URLSearchParams({ metric, at: at.toISOString() });
  return send('GET', `/api/history/snapshot?${query}`, options);
}
