import { NEUTRAL_COLOUR, pickFootprint, footprintCentre, type FeatureRef, type FootprintTile, type I18n } from '../core';
import { el } from './dom';
import { localise } from './localise';

const SELECTED = '#ff2e93';

/**
 * The 2D fallback map: building footprints seen from above on a canvas 2D context, each filled
 * with its feature's colour (the same RGBA bytes the 3D colour textures hold). Drag pans, the
 * wheel zooms, a click picks (`feature-pick`, detail null for empty ground). Redraws on demand.
 */
export class FootprintMap extends EventTarget {
  readonly canvas = el('canvas', 'viewer-canvas map-2d');
  private readonly context: CanvasRenderingContext2D;
  readonly tiles = new Map<string, { footprints: FootprintTile; colours: Uint8Array }>();
  private scale = 1;
  private originE = 0;
  private originN = 0;
  private highlight: FeatureRef | null = null;
  private frame = 0;
  /** Footprints filled in the last draw. */
  featuresDrawn = 0;

  constructor(i18n: I18n) {
    super();
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    localise(i18n, this.canvas, 'map2d.label', 'aria-label');
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('FootprintMap: this browser has no canvas 2D context either');
    this.context = context;
    new ResizeObserver(() => this.requestDraw()).observe(this.canvas);
    this.bindInput();
  }

  add(footprints: FootprintTile): Uint8Array {
    const colours = new Uint8Array(4 * footprints.featureCount);
    for (let f = 0; f < footprints.featureCount; f++) colours.set([...NEUTRAL_COLOUR, 0], 4 * f);
    this.tiles.set(footprints.tileId, { footprints, colours });
    this.requestDraw();
    return colours;
  }

  /** Shows everything loaded. */
  fit(): void {
    let minE = Infinity, minN = Infinity, maxE = -Infinity, maxN = -Infinity;
    for (const { footprints: f } of this.tiles.values()) {
      if (f.features.length === 0) continue;
      minE = Math.min(minE, f.minE); minN = Math.min(minN, f.minN); maxE = Math.max(maxE, f.maxE); maxN = Math.max(maxN, f.maxN);
    }
    if (!Number.isFinite(minE)) return;
    const { width, height } = this.size();
    this.scale = 0.95 * Math.min(width / Math.max(maxE - minE, 1), height / Math.max(maxN - minN, 1));
    this.originE = (minE + maxE) / 2;
    this.originN = (minN + maxN) / 2;
    this.requestDraw();
  }

  setHighlight(ref: FeatureRef | null): void {
    this.highlight = ref;
    this.requestDraw();
  }

  /** Pans by a share of the view (x right, y up) or zooms by a factor around the centre. */
  pan(right: number, up: number): void {
    const { width, height } = this.size();
    this.originE += (right * width) / this.scale;
    this.originN += (up * height) / this.scale;
    this.requestDraw();
  }

  zoom(factor: number): void {
    this.scale /= factor;
    this.requestDraw();
  }

  /** Client coordinates of a point inside a feature's footprint, or null. */
  screenPointOf(ref: FeatureRef): { x: number; y: number } | null {
    const tile = this.tiles.get(ref.tileId);
    const centre = tile ? footprintCentre(tile.footprints, ref.featureIndex) : null;
    if (!centre) return null;
    const rect = this.canvas.getBoundingClientRect();
    const { x, y } = this.toCanvas(centre.e, centre.n);
    return x >= 0 && y >= 0 && x <= rect.width && y <= rect.height ? { x: rect.left + x, y: rect.top + y } : null;
  }

  /** The feature under a client point, or null. */
  pick(clientX: number, clientY: number): FeatureRef | null {
    const rect = this.canvas.getBoundingClientRect();
    const { width, height } = this.size();
    const e = this.originE + (clientX - rect.left - width / 2) / this.scale;
    const n = this.originN - (clientY - rect.top - height / 2) / this.scale;
    for (const { footprints } of this.tiles.values()) {
      const feature = pickFootprint(footprints, e, n);
      if (feature >= 0) return { tileId: footprints.tileId, featureIndex: feature };
    }
    return null;
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private size(): { width: number; height: number } {
    return { width: this.canvas.clientWidth || 1, height: this.canvas.clientHeight || 1 };
  }

  private toCanvas(e: number, n: number): { x: number; y: number } {
    const { width, height } = this.size();
    return { x: width / 2 + (e - this.originE) * this.scale, y: height / 2 - (n - this.originN) * this.scale };
  }

  private draw(): void {
    const { width, height } = this.size();
    const ratio = Math.min(globalThis.devicePixelRatio || 1, 2);
    if (this.canvas.width !== Math.round(width * ratio)) this.canvas.width = Math.round(width * ratio);
    if (this.canvas.height !== Math.round(height * ratio)) this.canvas.height = Math.round(height * ratio);
    const g = this.context;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = getComputedStyle(this.canvas).getPropertyValue('--map-ground').trim() || '#dde3ea';
    g.fillRect(0, 0, width, height);
    // Footprints as one world transform: canvas x = (e - originE) * scale + w/2, y = -(n - originN) * scale + h/2.
    g.setTransform(ratio * this.scale, 0, 0, -ratio * this.scale, ratio * (width / 2 - this.originE * this.scale), ratio * (height / 2 + this.originN * this.scale));
    let drawn = 0;
    for (const { footprints: f, colours } of this.tiles.values()) {
      for (let feature = 0; feature < f.featureCount; feature++) {
        if (f.start[feature] === f.start[feature + 1]) continue;
        const isHighlight = this.highlight?.tileId === f.tileId && this.highlight.featureIndex === feature;
        g.fillStyle = isHighlight ? SELECTED : `rgb(${colours[4 * feature]},${colours[4 * feature + 1]},${colours[4 * feature + 2]})`;
        g.beginPath();
        for (let k = f.start[feature]; k < f.start[feature + 1]; k++) {
          const o = 6 * f.order[k];
          g.moveTo(f.triangles[o], f.triangles[o + 1]);
          g.lineTo(f.triangles[o + 2], f.triangles[o + 3]);
          g.lineTo(f.triangles[o + 4], f.triangles[o + 5]);
          g.closePath();
        }
        g.fill();
        drawn++;
      }
    }
    this.featuresDrawn = drawn;
  }

  private bindInput(): void {
    let down: { x: number; y: number; e: number; n: number } | null = null;
    let moved = false;
    this.canvas.addEventListener('pointerdown', (e) => {
      down = { x: e.clientX, y: e.clientY, e: this.originE, n: this.originN };
      moved = false;
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!down || e.buttons === 0) return;
      if (Math.hypot(e.clientX - down.x, e.clientY - down.y) > 5) moved = true;
      if (!moved) return;
      this.originE = down.e - (e.clientX - down.x) / this.scale;
      this.originN = down.n + (e.clientY - down.y) / this.scale;
      this.requestDraw();
    });
    this.canvas.addEventListener('pointerup', () => (down = null));
    this.canvas.addEventListener('click', (e) => {
      if (moved) return;
      this.canvas.focus({ preventScroll: true });
      this.dispatchEvent(new CustomEvent<FeatureRef | null>('feature-pick', { detail: this.pick(e.clientX, e.clientY) }));
    });
    this.canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      this.zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
  }
}
