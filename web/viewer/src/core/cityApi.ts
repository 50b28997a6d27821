import type { BuildingSnapshot, CityInfo } from './types';

/** Options shared by the REST calls. */
export interface ApiOptions {
  /** A bearer token (from `?token=`); the public viewer needs none. */
  token?: string | null;
  signal?: AbortSignal;
}

/** Headers for a request, with the bearer token when there is one. */
export function authHeaders(token?: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

const RETRY_MS = 1000;

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * `GET /api/city`, retried every second while the server answers 503 (the city is still
 * loading) or cannot be reached; `onWaiting` receives the server's explanation each time.
 */
export async function fetchCity(options: ApiOptions & { onWaiting?: (message: string) => void } = {}): Promise<CityInfo> {
  for (;;) {
    let waiting: string;
    try {
      const response = await fetch('/api/city', { headers: authHeaders(options.token), signal: options.signal });
      if (response.ok) {
        return (await response.json()) as CityInfo;
      }
      if (response.status !== 503) {
        throw new Error(`cityApi: GET /api/city answered ${response.status} ${await problemDetail(response)}`);
      }
      waiting = await problemDetail(response);
    } catch (error) {
      if (options.signal?.aborted || (error instanceof Error && error.message.startsWith('cityApi:'))) {
        throw error;
      }
      waiting = `server not reachable (${(error as Error).message})`;
    }
    options.onWaiting?.(waiting);
    await delay(RETRY_MS, options.signal);
  }
}

/** `GET /api/tiles/{tileId}/features/{featureIndex}`: the building behind a picked feature. */
export async function fetchFeature(tileId: string, featureIndex: number, options: ApiOptions = {}): Promise<BuildingSnapshot> {
  // Street and network tiles are `{layer}/{tile}`: each segment encoded apart, as the route has them.
  const url = `/api/tiles/${tileId.split('/').map(encodeURIComponent).join('/')}/features/${featureIndex}`;
  const response = await fetch(url, { headers: authHeaders(options.token), signal: options.signal });
  if (!response.ok) {
    throw new Error(`cityApi: GET ${url} answered ${response.status} ${await problemDetail(response)}`);
  }
  return asSnapshot((await response.json()) as BuildingSnapshot | LayerFeature);
}

/** What `GET /api/tiles/{layer}/{tile}/features/{i}` answers for a street or network feature. */
interface LayerFeature {
  id: string;
  name: string | null;
  tile: string;
  feature: number;
  attributes: Record<string, string>;
  metrics: Record<string, number>;
  updatedAt: string | null;
}

/** A layer feature in the building snapshot's shape (no height or footprint), so one panel shows both. */
function asSnapshot(body: BuildingSnapshot | LayerFeature): BuildingSnapshot {
  if ('info' in body) return body;
  return {
    info: { id: body.id, name: body.name, height: 0, minHeight: 0, heightEstimated: false, footprintArea: 0, tileId: body.tile, featureIndex: body.feature, attributes: body.attributes ?? {} },
    metrics: body.metrics ?? {},
    updatedAt: body.updatedAt,
  };
}

/** The URL of a tile's content: `/city/` + `tile.content`. */
export function tileContentUrl(content: string): string {
  return '/city/' + content.replace(/^\/+/, '');
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    return [problem.title, problem.detail].filter(Boolean).join(': ');
  } catch {
    return response.statusText;
  }
}
