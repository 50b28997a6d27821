import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/core/decodeFrame';
import type { FrameAppliedDetail, FrameErrorDetail } from '../../src/core/TwinState';
import { TwinState } from '../../src/core/TwinState';
import type { CityInfo } from '../../src/core/types';

const city: CityInfo = {
  name: 'Test',
  origin: { latitude: 43.7, longitude: 7.4, height: 0 },
  tiles: [
    { id: 't-0-0', minX: 0, minY: 0, maxX: 100, maxY: 100, maxHeight: 30, featureCount: 4, content: 'tiles/t-0-0.glb' },
    { id: 't-0-1', minX: 0, minY: 100, maxX: 100, maxY: 200, maxHeight: 30, featureCount: 2, content: 'tiles/t-0-1.glb' },
  ],
  metrics: [
    { id: 'power_kw', unit: 'kW', label: 'Power', min: 0, max: 100 },
    { id: 'temperature_c', unit: '°C', label: 'Temperature', min: -10, max: 40 },
  ],
  provenance: { source: 's', licence: 'ODbL', attribution: '© OpenStreetMap contributors', steps: [] },
  version: 1,
};

const power = (features: number[], values: number[]) => encodeFrame([{ metricIndex: 0, features, values }]);

describe('TwinState', () => {
  it('should apply a snapshot and report the values by metric id', () => {
    const state = new TwinState(city);

    expect(state.handleFrame('t-0-0', 1, true, power([0, 2], [10, 20]))).toBe('apply');

    expect(state.latestValue('t-0-0', 2, 'power_kw')).toBe(20);
    expect(state.latestValue('t-0-0', 1, 'power_kw')).toBeUndefined();
    expect(state.latestValue('t-0-0', 2, 'temperature_c')).toBeUndefined();
    expect(state.latestValue('t-0-0', 2, 'unknown')).toBeUndefined();
  });

  it('should clear values a new snapshot leaves out', () => {
    const state = new TwinState(city);
    state.handleFrame('t-0-0', 1, true, power([0, 2], [10, 20]));

    state.handleFrame('t-0-0', 5, true, power([0], [11]));

    expect(state.latestValue('t-0-0', 0, 'power_kw')).toBe(11);
    expect(state.latestValue('t-0-0', 2, 'power_kw')).toBeUndefined();
  });

  it('should detect a sequence gap and still apply the newer values', () => {
    const state = new TwinState(city);
    state.handleFrame('t-0-0', 1, true, power([0], [10]));

    expect(state.handleFrame('t-0-0', 3, false, power([0], [30]))).toBe('gap');
    expect(state.latestValue('t-0-0', 0, 'power_kw')).toBe(30);
  });

  it('should ignore a delta older than the snapshot', () => {
    const state = new TwinState(city);
    state.handleFrame('t-0-0', 7, true, power([0], [70]));

    expect(state.handleFrame('t-0-0', 6, false, power([0], [60]))).toBe('stale');
    expect(state.latestValue('t-0-0', 0, 'power_kw')).toBe(70);
  });

  it('should emit frame-applied with the changed blocks', () => {
    const state = new TwinState(city);
    const events: FrameAppliedDetail[] = [];
    state.addEventListener('frame-applied', (e) => events.push((e as CustomEvent<FrameAppliedDetail>).detail));

    state.handleFrame('t-0-1', 1, true, power([1], [5]));
    state.handleFrame('t-0-1', 2, false, power([0], [6]));

    expect(events.map((e) => [e.tileId, e.sequence, e.isSnapshot, e.verdict])).toEqual([
      ['t-0-1', 1, true, 'apply'],
      ['t-0-1', 2, false, 'apply'],
    ]);
    expect([...events[1].blocks[0].featureIndices]).toEqual([0]);
  });

  it('should count every frame received, applied or not', () => {
    const state = new TwinState(city);
    state.handleFrame('t-0-0', 3, false, power([0], [1]));
    state.handleFrame('t-0-0', 4, true, power([0], [1]));

    expect(state.framesReceived).toBe(2);
  });

  it('should treat an undecodable frame as a gap and report it by module', () => {
    const state = new TwinState(city);
    const errors: string[] = [];
    state.addEventListener('frame-error', (e) => errors.push((e as CustomEvent<FrameErrorDetail>).detail.message));
    state.handleFrame('t-0-0', 1, true, power([0], [1]));

    expect(state.handleFrame('t-0-0', 2, false, new Uint8Array([1, 0, 1]))).toBe('gap');
    expect(errors[0]).toMatch(/^TwinState: tile 't-0-0' frame 2: decodeFrame: expected a 4-byte header/);
  });

  it('should skip and report values for features the tile does not have', () => {
    const state = new TwinState(city);
    const errors: string[] = [];
    state.addEventListener('frame-error', (e) => errors.push((e as CustomEvent<FrameErrorDetail>).detail.message));

    state.handleFrame('t-0-1', 1, true, power([1, 2], [1, 2]));

    expect(state.latestValue('t-0-1', 1, 'power_kw')).toBe(1);
    expect(errors).toEqual(["TwinState: tile 't-0-1' frame 1: 1 values name a feature or metric the tile does not have"]);
  });

  it('should report a frame for an unknown tile', () => {
    const state = new TwinState(city);

    expect(state.handleFrame('nope', 1, true, power([], []))).toBe('error');
  });

  it('should be synced once every tile had a snapshot, and not after a reset', () => {
    const state = new TwinState(city);
    state.handleFrame('t-0-0', 1, true, power([], []));
    expect(state.allSynced).toBe(false);

    state.handleFrame('t-0-1', 1, true, power([], []));
    expect(state.allSynced).toBe(true);

    state.resetSequences();
    expect(state.allSynced).toBe(false);
  });

  it('should count the features with a value per metric', () => {
    const state = new TwinState(city);
    state.handleFrame('t-0-0', 1, true, power([0, 1, 3], [1, 2, 3]));

    expect(state.tiles.get('t-0-0')?.countWithValue(0)).toBe(3);
    expect(state.tiles.get('t-0-0')?.countWithValue(1)).toBe(0);
  });
});
