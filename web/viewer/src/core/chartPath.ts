/** A line chart's path for SVG, and the scale it used. */
export interface ChartPath {
  /** `d` attribute: `M x y L x y …`, empty without points. */
  d: string;
  min: number;
  max: number;
  from: number;
  to: number;
}

/**
 * Scales points (time in ms, value) into a `width` × `height` box, y up, time left to right.
 * Non-finite values are skipped; a flat series sits in the middle.
 */
export function chartPath(points: readonly { t: number; v: number }[], width: number, height: number): ChartPath {
  const usable = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  if (usable.length === 0) return { d: '', min: Number.NaN, max: Number.NaN, from: Number.NaN, to: Number.NaN };
  let min = Infinity;
  let max = -Infinity;
  for (const p of usable) {
    min = Math.min(min, p.v);
    max = Math.max(max, p.v);
  }
  const from = usable[0].t;
  const to = usable[usable.length - 1].t;
  const x = (t: number) => (to > from ? ((t - from) / (to - from)) * width : width / 2);
  const y = (v: number) => (max > min ? height - ((v - min) / (max - min)) * height : height / 2);
  const d = usable.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)} ${y(p.v).toFixed(1)}`).join(' ');
  return { d, min, max, from, to };
}
