import { decodeFrame, type FrameMetricBlock } from './decodeFrame';
import type { FrameVerdict } from './TileSequence';
import { TileState } from './TileState';
import type { CityInfo } from './types';

/** Payload of the `frame-applied` event. */
export interface FrameAppliedDetail {
  tileId: string;
  sequence: number;
  isSnapshot: boolean;
  verdict: FrameVerdict;
  blocks: FrameMetricBlock[];
}

/** Payload of the `frame-error` event. */
export interface FrameErrorDetail {
  tileId: string;
  message: string;
}

/**
 * The live values of every tile of the city, fed by hub frames. Emits `frame-applied` after a
 * frame changed values and `frame-error` for a frame it could not use; a `gap` verdict tells the
 * caller to request a snapshot.
 */
export class TwinState extends EventTarget {
  readonly tiles = new Map<string, TileState>();
  /** Every frame that arrived, applied or not. */
  framesReceived = 0;

  constructor(readonly city: CityInfo) {
    super();
    for (const tile of city.tiles) {
      this.tiles.set(tile.id, new TileState(tile.id, tile.featureCount, city.metrics.length));
    }
  }

  /** Index of a metric by id, -1 if the city has none such. */
  metricIndexOf(metricId: string): number {
    return this.city.metrics.findIndex((m) => m.id === metricId);
  }

  /** The latest value, undefined when the tile, feature or metric is unknown or has no value yet. */
  latestValue(tileId: string, featureIndex: number, metricId: string): number | undefined {
    const metric = this.metricIndexOf(metricId);
    const value = metric < 0 ? Number.NaN : (this.tiles.get(tileId)?.valueAt(featureIndex, metric) ?? Number.NaN);
    return Number.isNaN(value) ? undefined : value;
  }

  /** Handles one hub frame; returns the verdict (`gap`: request a snapshot of the tile). */
  handleFrame(tileId: string, sequence: number, isSnapshot: boolean, payload: Uint8Array): FrameVerdict | 'error' {
    this.framesReceived++;
    const tile = this.tiles.get(tileId);
    if (!tile) {
      this.fail(tileId, `TwinState: frame for unknown tile '${tileId}'`);
      return 'error';
    }

    let frame;
    try {
      frame = decodeFrame(payload);
    } catch (error) {
      this.fail(tileId, `TwinState: tile '${tileId}' frame ${sequence}: ${(error as Error).message}`);
      // A frame we cannot read is a frame lost: count it as a gap so a snapshot restores the state.
      return tile.sequence.accept(sequence, false) === 'stale' ? 'stale' : 'gap';
    }

    const verdict = tile.sequence.accept(sequence, isSnapshot);
    if (verdict === 'stale' || verdict === 'no-baseline') {
      return verdict;
    }

    const skipped = tile.apply(frame, isSnapshot);
    if (skipped > 0) {
      this.fail(tileId, `TwinState: tile '${tileId}' frame ${sequence}: ${skipped} values name a feature or metric the tile does not have`);
    }
    this.dispatchEvent(
      new CustomEvent<FrameAppliedDetail>('frame-applied', {
        detail: { tileId, sequence, isSnapshot, verdict, blocks: frame.blocks },
      }),
    );
    return verdict;
  }

  /** Forgets every tile's baseline (after a reconnect); values stay shown until the snapshots. */
  resetSequences(): void {
    for (const tile of this.tiles.values()) tile.sequence.reset();
  }

  /** Whether every tile has had a snapshot. */
  get allSynced(): boolean {
    for (const tile of this.tiles.values()) {
      if (!tile.sequence.hasSnapshot) return false;
    }
    return true;
  }

  private fail(tileId: string, message: string): void {
    this.dispatchEvent(new CustomEvent<FrameErrorDetail>('frame-error', { detail: { tileId, message } }));
  }
}
