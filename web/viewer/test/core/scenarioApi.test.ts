import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScenarioApiError, scenarioApi } from '../../src/core/scenarioApi';

const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('scenarioApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should post an intervention as JSON with the bearer token', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { id: 's1', interventions: [] }));
    vi.stubGlobal('fetch', fetchMock);

    await scenarioApi.intervene('s 1', { kind: 'close-street', targetId: 'osm:way/1#0', value: null }, { token: 'p' });

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/scenarios/s%201/interventions');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ Authorization: 'Bearer p', 'Content-Type': 'application/json' });
    expect(JSON.parse(init.body)).toEqual({ kind: 'close-street', targetId: 'osm:way/1#0', value: null });
  });

  it('should raise the ProblemDetails detail, meant for people, with the status', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(400, { title: 'Bad request', detail: "osm:way/9: height 5000 m is outside (0, 1000]" })));

    const error = await scenarioApi.intervene('s1', { kind: 'building-height', targetId: 'osm:way/9', value: 5000 }, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ScenarioApiError);
    expect((error as ScenarioApiError).status).toBe(400);
    expect((error as ScenarioApiError).detail).toBe('osm:way/9: height 5000 m is outside (0, 1000]');
  });

  it('should fall back to the title, then the status, when there is no detail', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(429, { title: 'Too many requests' })));
    await expect(scenarioApi.vote('s1', 'support', {})).rejects.toMatchObject({ detail: 'Too many requests' });

    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('oops', { status: 502, statusText: 'Bad Gateway' })));
    await expect(scenarioApi.list({})).rejects.toMatchObject({ detail: '502 Bad Gateway' });
  });
});
