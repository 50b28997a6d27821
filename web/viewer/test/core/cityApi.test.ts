import { afterEach, describe, expect, it, vi } from 'vitest';
import { authHeaders, fetchCity, fetchFeature, tileContentUrl } from '../../src/core/cityApi';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('cityApi', () => {
  it('should build tile content URLs below /city/', () => {
    expect(tileContentUrl('tiles/t-3-5.glb')).toBe('/city/tiles/t-3-5.glb');
    expect(tileContentUrl('/tiles/t-3-5.glb')).toBe('/city/tiles/t-3-5.glb');
  });

  it('should add a bearer header only when there is a token', () => {
    expect(authHeaders(null)).toEqual({});
    expect(authHeaders('abc')).toEqual({ Authorization: 'Bearer abc' });
  });

  it('should retry every second while the city is loading', async () => {
    vi.useFakeTimers();
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json(503, { title: 'City loading', detail: 'Importing buildings' }))
      .mockResolvedValueOnce(json(200, { name: 'Monaco' }));
    vi.stubGlobal('fetch', fetchMock);
    const waiting: string[] = [];

    const promise = fetchCity({ onWaiting: (m) => waiting.push(m) });
    await vi.advanceTimersByTimeAsync(1000);
    const city = await promise;

    expect(city.name).toBe('Monaco');
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(waiting).toEqual(['City loading: Importing buildings']);
  });

  it('should fail at once on an error other than 503', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(500, { title: 'Boom' })));

    await expect(fetchCity()).rejects.toThrow(/^cityApi: GET \/api\/city answered 500 Boom$/);
  });

  it('should fetch a feature and name the module when it is missing', async () => {
    const fetchMock = vi.fn().mockResolvedValue(json(404, { title: 'Not found', detail: "No feature 9 in tile 't'." }));
    vi.stubGlobal('fetch', fetchMock);

    await expect(fetchFeature('t', 9, { token: 'x' })).rejects.toThrow(/^cityApi: GET \/api\/tiles\/t\/features\/9 answered 404 Not found/);
    expect(fetchMock.mock.calls[0][1].headers).toEqual({ Authorization: 'Bearer x' });
  });

  it('should keep the layer of a street or network tile as its own path segment', async () => {
    const entity = { id: 'osm:way/1#0', name: null, tile: 'streets/t--4--4', feature: 0, attributes: { highway: 'primary' }, metrics: {}, updatedAt: null };
    const fetchMock = vi.fn().mockResolvedValue(json(200, entity));
    vi.stubGlobal('fetch', fetchMock);

    const snapshot = await fetchFeature('streets/t--4--4', 0);

    expect(fetchMock.mock.calls[0][0]).toBe('/api/tiles/streets/t--4--4/features/0');
    expect(snapshot.info).toMatchObject({ id: 'osm:way/1#0', tileId: 'streets/t--4--4', featureIndex: 0, attributes: { highway: 'primary' } });
  });
});
