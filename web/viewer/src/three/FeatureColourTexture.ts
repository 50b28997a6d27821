import { DataTexture, NearestFilter, RGBAFormat, SRGBColorSpace, UnsignedByteType } from 'three';

/**
 * One RGBA8 texel per feature of a tile, read by the tile's shader with `texelFetch` at the
 * feature's index. Wide tiles wrap into rows so no side exceeds the GPU's maximum texture size.
 * Bytes are sRGB (what the palette gives); the texture is marked sRGB so the GPU linearises them.
 */
export class FeatureColourTexture {
  readonly texture: DataTexture;
  readonly width: number;
  readonly height: number;
  /** RGBA bytes, feature i at `4 * i`; call {@link markDirty} after writing. */
  readonly data: Uint8Array;

  constructor(
    readonly featureCount: number,
    maxTextureSize = 4096,
  ) {
    const count = Math.max(1, featureCount);
    this.width = Math.min(count, maxTextureSize);
    this.height = Math.ceil(count / this.width);
    if (this.height > maxTextureSize) {
      throw new Error(`FeatureColourTexture: ${featureCount} features exceed a ${maxTextureSize}² texture`);
    }
    this.data = new Uint8Array(this.width * this.height * 4);
    this.texture = new DataTexture(this.data, this.width, this.height, RGBAFormat, UnsignedByteType);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.magFilter = NearestFilter;
    this.texture.minFilter = NearestFilter;
    this.texture.generateMipmaps = false;
    this.texture.needsUpdate = true;
  }

  /** Uploads the bytes again before the next render. */
  markDirty(): void {
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
  }
}
