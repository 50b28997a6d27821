import { describe, expect, it } from 'vitest';
import { stepFeature } from '../../src/core/featureCycle';
import { keyCommand } from '../../src/core/keyCommands';

describe('keyCommand', () => {
  it('should map arrows and WASD to pans, +/- to zoom, N/Enter/Escape to features', () => {
    expect(keyCommand({ key: 'ArrowUp' })).toMatchObject({ kind: 'pan', forward: 0.1 });
    expect(keyCommand({ key: 'a' })).toMatchObject({ kind: 'pan', right: -0.1 });
    expect(keyCommand({ key: '+' })?.kind).toBe('zoom');
    expect(keyCommand({ key: 'n' })?.kind).toBe('next');
    expect(keyCommand({ key: 'N', shiftKey: true })?.kind).toBe('previous');
    expect(keyCommand({ key: 'Enter' })?.kind).toBe('open');
    expect(keyCommand({ key: 'Escape' })?.kind).toBe('close');
  });

  it('should leave Tab and modified keys to the browser', () => {
    expect(keyCommand({ key: 'Tab' })).toBeNull();
    expect(keyCommand({ key: 'w', ctrlKey: true })).toBeNull();
  });
});

describe('stepFeature', () => {
  const tiles = [{ tileId: 'a', featureCount: 2 }, { tileId: 'empty', featureCount: 0 }, { tileId: 'b', featureCount: 1 }];

  it('should go through features tile by tile and wrap around', () => {
    let ref = stepFeature(tiles, null, 1);
    const seen = [];
    for (let i = 0; i < 4; i++) {
      seen.push(`${ref!.tileId}#${ref!.featureIndex}`);
      ref = stepFeature(tiles, ref, 1);
    }
    expect(seen).toEqual(['a#0', 'a#1', 'b#0', 'a#0']);
  });

  it('should go backwards and start from the end when the current feature left the view', () => {
    expect(stepFeature(tiles, { tileId: 'a', featureIndex: 0 }, -1)).toEqual({ tileId: 'b', featureIndex: 0 });
    expect(stepFeature(tiles, { tileId: 'gone', featureIndex: 4 }, -1)).toEqual({ tileId: 'b', featureIndex: 0 });
    expect(stepFeature([], null, 1)).toBeNull();
  });
});
