/**
 * Maps metric values to colours: viridis, a perceptually uniform sequential palette that stays
 * readable for the common colour-vision deficiencies and in greyscale.
 */

/** Colour of a feature with no value yet for the metric shown (sRGB bytes). */
export const NEUTRAL_COLOUR: readonly [number, number, number] = [150, 150, 150];

// matplotlib's viridis at 0, 0.1, …, 1; linear interpolation between these stays within one
// step of the 256-entry table, far below what a building colour shows.
const VIRIDIS_STOPS: readonly number[] = [
  0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725,
];

/** Position of `value` in [min, max] as 0..1, clamped; NaN for a missing or non-finite value. */
export function normalise(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) {
    return Number.NaN;
  }
  if (!(max > min)) {
    return value >= max ? 1 : 0;
  }
  const t = (value - min) / (max - min);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

// ColorBrewer's RdBu (7 classes, reversed: blue for less, red for more): diverging, white in the
// middle, and marked colour-blind safe by ColorBrewer. Used for scenario − baseline differences.
const DIVERGING_STOPS: readonly number[] = [0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b];

/** A palette: sequential (viridis, for values) or diverging (RdBu, for differences around 0). */
export type Palette = 'sequential' | 'diverging';

function stopsOf(palette: Palette): readonly number[] {
  return palette === 'diverging' ? DIVERGING_STOPS : VIRIDIS_STOPS;
}

/** The viridis colour at `t` in 0..1 (clamped), as sRGB bytes written into `out` at `offset`. */
export function viridis(t: number, out: Uint8Array | number[], offset = 0): void {
  paletteColour('sequential', t, out, offset);
}

/** The colour of a palette at `t` in 0..1 (clamped), as sRGB bytes written into `out` at `offset`. */
export function paletteColour(palette: Palette, t: number, out: Uint8Array | number[], offset = 0): void {
  const stops = stopsOf(palette);
  const x = (t <= 0 ? 0 : t >= 1 ? 1 : t) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  for (let c = 0; c < 3; c++) {
    const shift = 16 - 8 * c;
    const ca = (a >> shift) & 0xff;
    const cb = (b >> shift) & 0xff;
    out[offset + c] = Math.round(ca + (cb - ca) * f);
  }
}

/**
 * Writes the RGBA colour of `value` on the scale [min, max] into `out` at `offset`:
 * viridis for a finite value (clamped to the scale), {@link NEUTRAL_COLOUR} for NaN or ±Infinity.
 * Alpha is 255 for a value, 0 for none, so a shader can tell them apart.
 * @returns whether the value had a colour (was finite).
 */
export function colourOf(value: number, min: number, max: number, out: Uint8Array | number[], offset = 0, palette: Palette = 'sequential'): boolean {
  const t = normalise(value, min, max);
  if (Number.isNaN(t)) {
    out[offset] = NEUTRAL_COLOUR[0];
    out[offset + 1] = NEUTRAL_COLOUR[1];
    out[offset + 2] = NEUTRAL_COLOUR[2];
    out[offset + 3] = 0;
    return false;
  }
  paletteColour(palette, t, out, offset);
  out[offset + 3] = 255;
  return true;
}

/** A CSS `linear-gradient` of the palette, for the legend. */
export function viridisCssGradient(direction = 'to right', palette: Palette = 'sequential'): string {
  const all = stopsOf(palette);
  const stops = all.map((c, i) => `#${c.toString(16).padStart(6, '0')} ${(i * 100) / (all.length - 1)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}
