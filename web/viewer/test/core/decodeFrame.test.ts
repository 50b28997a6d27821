import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameDecodeError } from '../../src/core/decodeFrame';

/** A copy of `bytes` inside a larger buffer at `offset`, as a MessagePack decoder hands it over. */
function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const buffer = new Uint8Array(bytes.length + offset + 3);
  buffer.set(bytes, offset);
  return buffer.subarray(offset, offset + bytes.length);
}

describe('decodeFrame', () => {
  it('should decode every metric block with its features and values', () => {
    const payload = encodeFrame([
      { metricIndex: 0, features: [1, 5, 9], values: [1.5, -2, 1000] },
      { metricIndex: 3, features: [0], values: [0.25] },
    ]);

    const frame = decodeFrame(payload);

    expect(frame.version).toBe(1);
    expect(frame.blocks).toHaveLength(2);
    expect(frame.blocks[0].metricIndex).toBe(0);
    expect([...frame.blocks[0].featureIndices]).toEqual([1, 5, 9]);
    expect([...frame.blocks[0].values]).toEqual([1.5, -2, 1000]);
    expect(frame.blocks[1].metricIndex).toBe(3);
    expect([...frame.blocks[1].values]).toEqual([0.25]);
  });

  it('should read a payload whose byteOffset is not 4-aligned', () => {
    const payload = atOffset(encodeFrame([{ metricIndex: 2, features: [7, 8], values: [3.5, 4.5] }]), 7);
    expect(payload.byteOffset % 4).not.toBe(0);

    const frame = decodeFrame(payload);

    expect([...frame.blocks[0].featureIndices]).toEqual([7, 8]);
    expect([...frame.blocks[0].values]).toEqual([3.5, 4.5]);
  });

  it('should match the server codec byte for byte', () => {
    // u8 1 | u8 0 | u16 1 ; u16 4 | u16 0 | u32 1 | u32 258 | f32 1.0
    const bytes = Uint8Array.from([1, 0, 1, 0, 4, 0, 0, 0, 1, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0x80, 0x3f]);

    const frame = decodeFrame(bytes);

    expect(frame.blocks[0].metricIndex).toBe(4);
    expect([...frame.blocks[0].featureIndices]).toEqual([258]);
    expect([...frame.blocks[0].values]).toEqual([1]);
  });

  it('should decode an empty frame with no metric blocks', () => {
    expect(decodeFrame(encodeFrame([])).blocks).toEqual([]);
  });

  it('should reject a truncated value array with an error naming the module', () => {
    const payload = encodeFrame([{ metricIndex: 0, features: [1, 2], values: [1, 2] }]);

    const decode = () => decodeFrame(payload.subarray(0, payload.length - 1));

    expect(decode).toThrow(FrameDecodeError);
    expect(decode).toThrow(/^decodeFrame: metric block 0 says 2 values, only 15 bytes left$/);
  });

  it('should reject a truncated block header', () => {
    const payload = encodeFrame([{ metricIndex: 0, features: [], values: [] }]);

    expect(() => decodeFrame(payload.subarray(0, 6))).toThrow(/^decodeFrame: metric block 0 header truncated at byte 4/);
  });

  it('should reject a payload shorter than the header', () => {
    expect(() => decodeFrame(new Uint8Array([1, 0]))).toThrow(/^decodeFrame: expected a 4-byte header, found 2 bytes$/);
  });

  it('should reject another version', () => {
    const payload = encodeFrame([]);
    payload[0] = 2;

    expect(() => decodeFrame(payload)).toThrow(/^decodeFrame: expected version 1, found 2$/);
  });

  it('should not allocate for a count far beyond the payload', () => {
    const payload = Uint8Array.from([1, 0, 1, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);

    expect(() => decodeFrame(payload)).toThrow(/says 4294967295 values, only 0 bytes left/);
  });
});
