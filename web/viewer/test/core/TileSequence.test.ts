import { describe, expect, it } from 'vitest';
import { TileSequence } from '../../src/core/TileSequence';

describe('TileSequence', () => {
  it('should drop deltas that arrive before the first snapshot', () => {
    const seq = new TileSequence();

    expect(seq.accept(4, false)).toBe('no-baseline');
    expect(seq.synced).toBe(false);
  });

  it('should apply a snapshot and then the contiguous deltas', () => {
    const seq = new TileSequence();

    expect(seq.accept(10, true)).toBe('apply');
    expect(seq.accept(11, false)).toBe('apply');
    expect(seq.accept(12, false)).toBe('apply');
    expect(seq.lastSequence).toBe(12);
    expect(seq.synced).toBe(true);
  });

  it('should drop deltas already covered by the snapshot', () => {
    const seq = new TileSequence();
    seq.accept(10, true);

    expect(seq.accept(9, false)).toBe('stale');
    expect(seq.accept(10, false)).toBe('stale');
    expect(seq.lastSequence).toBe(10);
  });

  it('should report a gap when a delta skips a sequence number', () => {
    const seq = new TileSequence();
    seq.accept(10, true);

    expect(seq.accept(13, false)).toBe('gap');
    expect(seq.synced).toBe(false);
  });

  it('should ask for only one snapshot until it arrives', () => {
    const seq = new TileSequence();
    seq.accept(10, true);
    seq.accept(13, false);

    expect(seq.accept(15, false)).toBe('apply');
    expect(seq.accept(20, true)).toBe('apply');
    expect(seq.accept(22, false)).toBe('gap');
  });

  it('should ask again after a snapshot request failed', () => {
    const seq = new TileSequence();
    seq.accept(1, true);
    seq.accept(3, false);

    seq.snapshotRequestFailed();

    expect(seq.accept(5, false)).toBe('gap');
  });

  it('should follow a snapshot older than the last delta (the server restarted)', () => {
    const seq = new TileSequence();
    seq.accept(100, true);

    expect(seq.accept(0, true)).toBe('apply');
    expect(seq.accept(1, false)).toBe('apply');
  });

  it('should wait for a new snapshot after a reset', () => {
    const seq = new TileSequence();
    seq.accept(5, true);

    seq.reset();

    expect(seq.accept(6, false)).toBe('no-baseline');
    expect(seq.lastSequence).toBe(-1);
  });
});

describe('TileSequence snapshots', () => {
  it('should count a snapshot at sequence 0 as a baseline', () => {
    const seq = new TileSequence();

    seq.accept(0, true);

    expect(seq.hasSnapshot).toBe(true);
    expect(seq.accept(1, false)).toBe('apply');
  });
});
