/** The only frame payload version this viewer reads (models/Frames/TileFrameCodec.cs). */
export const FRAME_VERSION = 1;

/** The values of one metric in a frame. */
export interface FrameMetricBlock {
  metricIndex: number;
  featureIndices: Uint32Array;
  values: Float32Array;
}

export interface DecodedFrame {
  version: number;
  blocks: FrameMetricBlock[];
}

/** A payload that is truncated, of another version or otherwise not a frame. */
export class FrameDecodeError extends Error {
  constructor(message: string) {
    super(`decodeFrame: ${message}`);
    this.name = 'FrameDecodeError';
  }
}

/**
 * Decodes a tile frame payload, little-endian:
 * `u8 version | u8 reserved | u16 metricCount`, then per metric
 * `u16 metricIndex | u16 reserved | u32 count | u32 featureIndex[count] | f32 value[count]`.
 *
 * The bytes arrive inside a MessagePack message, so `payload.byteOffset` is usually not a multiple
 * of 4 and typed-array views straight onto its buffer would throw; a DataView reads any offset,
 * and the copies it fills are small (8 bytes per changed value).
 */
export function decodeFrame(payload: Uint8Array): DecodedFrame {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (view.byteLength < 4) {
    throw new FrameDecodeError(`expected a 4-byte header, found ${view.byteLength} bytes`);
  }

  const version = view.getUint8(0);
  if (version !== FRAME_VERSION) {
    throw new FrameDecodeError(`expected version ${FRAME_VERSION}, found ${version}`);
  }

  const metricCount = view.getUint16(2, true);
  const blocks: FrameMetricBlock[] = [];
  let offset = 4;
  for (let m = 0; m < metricCount; m++) {
    if (view.byteLength < offset + 8) {
      throw new FrameDecodeError(`metric block ${m} header truncated at byte ${offset} of ${view.byteLength}`);
    }

    const metricIndex = view.getUint16(offset, true);
    const count = view.getUint32(offset + 4, true);
    offset += 8;
    const left = view.byteLength - offset;
    if (count * 8 > left) {
      throw new FrameDecodeError(`metric block ${m} says ${count} values, only ${left} bytes left`);
    }

    const featureIndices = new Uint32Array(count);
    const values = new Float32Array(count);
    const valueOffset = offset + 4 * count;
    for (let i = 0; i < count; i++) {
      featureIndices[i] = view.getUint32(offset + 4 * i, true);
      values[i] = view.getFloat32(valueOffset + 4 * i, true);
    }

    blocks.push({ metricIndex, featureIndices, values });
    offset = valueOffset + 4 * count;
  }

  return { version, blocks };
}

/** Encodes a frame; the inverse of {@link decodeFrame}, for tests and dev pages. */
export function encodeFrame(blocks: { metricIndex: number; features: ArrayLike<number>; values: ArrayLike<number> }[]): Uint8Array {
  const size = 4 + blocks.reduce((sum, b) => sum + 8 + 8 * b.features.length, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, FRAME_VERSION);
  view.setUint16(2, blocks.length, true);
  let offset = 4;
  for (const block of blocks) {
    const count = block.features.length;
    view.setUint16(offset, block.metricIndex, true);
    view.setUint32(offset + 4, count, true);
    offset += 8;
    for (let i = 0; i < count; i++) {
      view.setUint32(offset + 4 * i, block.features[i], true);
      view.setFloat32(offset + 4 * count + 4 * i, block.values[i], true);
    }
    offset += 8 * count;
  }
  return bytes;
}
