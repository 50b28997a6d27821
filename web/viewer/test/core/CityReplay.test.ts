import { afterEach, describe, expect, it, vi } from 'vitest';
import { CityReplay } from '../../src/core/CityReplay';

afterEach(() => vi.unstubAllGlobals());

function snapshotResponse(value: number): Response {
  return new Response(JSON.stringify({ metric: 'power_kw', unit: 'kW', at: '', values: [{ id: 'a', tile: 't', feature: 1, value, time: '' }] }), { status: 200 });
}

describe('CityReplay', () => {
  it('should lay out the snapshot per tile and ask for the moment given', async () => {
    const fetchMock = vi.fn().mockResolvedValue(snapshotResponse(7));
    vi.stubGlobal('fetch', fetchMock);
    const replay = new CityReplay();
    const at = new Date('2026-01-01T10:00:00Z');
    expect(await replay.load(at, ['power_kw'], new Map([['t', 2]]), {})).toBe(true);
    expect(replay.at).toEqual(at);
    expect(Array.from(replay.valuesOf('power_kw', 't')!)).toEqual([Number.NaN, 7]);
    expect(String(fetchMock.mock.calls[0][0])).toContain('at=2026-01-01T10%3A00%3A00.000Z');
  });

  it('should let the newest request win and go live on clear', async () => {
    let release: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', vi.fn()
      .mockReturnValueOnce(new Promise<Response>((resolve) => (release = resolve)))
      .mockResolvedValueOnce(snapshotResponse(2)));
    const replay = new CityReplay();
    const first = replay.load(new Date(1000), ['power_kw'], new Map([['t', 2]]), {});
    expect(await replay.load(new Date(2000), ['power_kw'], new Map([['t', 2]]), {})).toBe(true);
    release(snapshotResponse(1));
    expect(await first).toBe(false);
    expect(replay.valuesOf('power_kw', 't')![1]).toBe(2);
    replay.clear();
    expect(replay.at).toBeNull();
    expect(replay.valuesOf('power_kw', 't')).toBeUndefined();
  });
});
