import type { DecodedFrame } from './decodeFrame';
import { TileSequence } from './TileSequence';

/** The latest value of every metric of every feature of one tile, NaN where none came yet. */
export class TileState {
  readonly sequence = new TileSequence();
  private readonly values: Float32Array[];

  constructor(
    readonly tileId: string,
    readonly featureCount: number,
    metricCount: number,
  ) {
    this.values = Array.from({ length: metricCount }, () => new Float32Array(featureCount).fill(Number.NaN));
  }

  /** The value of `metricIndex` for a feature, NaN when none. */
  valueAt(featureIndex: number, metricIndex: number): number {
    return this.values[metricIndex]?.[featureIndex] ?? Number.NaN;
  }

  /** All values of one metric, indexed by feature (a live view: do not modify). */
  metricValues(metricIndex: number): Float32Array | undefined {
    return this.values[metricIndex];
  }

  /** How many features have a value for `metricIndex`. */
  countWithValue(metricIndex: number): number {
    const values = this.values[metricIndex];
    let n = 0;
    if (values) {
      for (let i = 0; i < values.length; i++) {
        if (!Number.isNaN(values[i])) n++;
      }
    }
    return n;
  }

  /**
   * Applies a decoded frame; a snapshot first clears every value, so what it leaves out shows as
   * "no value" instead of lingering. Feature or metric indexes outside the tile are skipped and
   * counted, never written.
   * @returns the number of values skipped as out of range.
   */
  apply(frame: DecodedFrame, isSnapshot: boolean): number {
    if (isSnapshot) {
      for (const v of this.values) v.fill(Number.NaN);
    }
    let skipped = 0;
    for (const block of frame.blocks) {
      const target = this.values[block.metricIndex];
      if (!target) {
        skipped += block.featureIndices.length;
        continue;
      }
      for (let i = 0; i < block.featureIndices.length; i++) {
        const feature = block.featureIndices[i];
        if (feature < this.featureCount) {
          target[feature] = block.values[i];
        } else {
          skipped++;
        }
      }
    }
    return skipped;
  }
}
