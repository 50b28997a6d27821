/** What to do with an incoming frame of a tile. */
export type FrameVerdict =
  /** A snapshot, or the delta right after the last frame applied: apply it. */
  | 'apply'
  /** A delta after a gap: apply it (its values are newer than what is shown) and ask for a snapshot. */
  | 'gap'
  /** A delta at or before the last frame applied (a duplicate, or already in the snapshot): drop it. */
  | 'stale'
  /** A delta before any snapshot: nothing to apply it to; the snapshot on its way covers it. */
  | 'no-baseline';

/**
 * Sequence bookkeeping of one tile. A snapshot sets the baseline; each delta must be the last
 * sequence + 1. Frame values are absolute (not increments), so a delta after a gap is still
 * correct for the features it names, but the ones changed in the lost frames are stale until the
 * snapshot the caller requests arrives. Only one snapshot request is outstanding at a time.
 */
export class TileSequence {
  private last = -1;
  private hasBaseline = false;
  private snapshotPending = false;

  /** The sequence of the last frame applied, -1 before the first snapshot. */
  get lastSequence(): number {
    return this.last;
  }

  /** Whether a snapshot has arrived since the last reset. */
  get hasSnapshot(): boolean {
    return this.hasBaseline;
  }

  /** Whether a snapshot has arrived and no gap has been seen since. */
  get synced(): boolean {
    return this.hasBaseline && !this.snapshotPending;
  }

  /** Judges a frame and advances the sequence when it is applied. */
  accept(sequence: number, isSnapshot: boolean): FrameVerdict {
    if (isSnapshot) {
      // A snapshot is authoritative even if older than the last delta (the server restarted and
      // its sequence began again): following it can only heal, refusing it could stall forever.
      this.last = sequence;
      this.hasBaseline = true;
      this.snapshotPending = false;
      return 'apply';
    }
    if (!this.hasBaseline) {
      return 'no-baseline';
    }
    if (sequence <= this.last) {
      return 'stale';
    }
    const contiguous = sequence === this.last + 1;
    this.last = sequence;
    if (contiguous) {
      return 'apply';
    }
    if (this.snapshotPending) {
      // Already asked; the snapshot will cover this gap too.
      return 'apply';
    }
    this.snapshotPending = true;
    return 'gap';
  }

  /** Forgets the baseline (after a reconnect): deltas wait for the next snapshot. */
  reset(): void {
    this.last = -1;
    this.hasBaseline = false;
    this.snapshotPending = false;
  }

  /** Allows a new snapshot request (the previous one failed). */
  snapshotRequestFailed(): void {
    this.snapshotPending = false;
  }
}
