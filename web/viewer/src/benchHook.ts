import { encodeFrame } from './core';
import type { TwinViewer } from './TwinViewer';

/** What {@link applyFrameBenchmark} measured, in milliseconds (medians). */
export interface ApplyFrameFigures {
  tileId: string;
  features: number;
  /** Changes per frame actually sent (at most features x metrics of the tile). */
  changes: number;
  /** decode + state + recolour of the tile's colour data: the main-thread work a frame costs. */
  applyMs: number;
  /** the next render, which uploads the changed colour texture. */
  renderMs: number;
  /** reference: copying the same number of values and colours between typed arrays. */
  copyMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The viewer benchmark's probe: feeds `rounds` delta frames of `changes` feature changes each to the
 * loaded tile with the most features, through the same path hub frames take (TwinState.handleFrame,
 * then the viewer's frame-applied handler), and times them on the main thread. Changes beyond the
 * tile's features go to further metrics, as a server frame carries several metrics of one tile.
 */
export function applyFrameBenchmark(viewer: TwinViewer, changes: number, rounds: number): ApplyFrameFigures {
  const state = viewer.state;
  if (!state) throw new Error('benchHook: no live city');
  let best: { tileId: string; featureCount: number } | null = null;
  for (const layer of viewer.layers) for (const [id, tile] of layer.tiles) {
    if (state.tiles.get(id)?.sequence.hasSnapshot && (!best || tile.info.featureCount > best.featureCount)) best = { tileId: id, featureCount: tile.info.featureCount };
  }
  if (!best) throw new Error('benchHook: no loaded tile has had its snapshot');
  const { tileId, featureCount } = best;
  const metrics = Math.min(state.city.metrics.length, Math.ceil(changes / featureCount));
  const shown = viewer.metricOfTile(tileId).index;
  const apply: number[] = [];
  const render: number[] = [];
  const copy: number[] = [];
  const sourceValues = new Float32Array(changes);
  const sourceColours = new Uint8Array(4 * changes);
  // performance.now() is coarsened to 0.1 ms in a page that is not cross-origin isolated: each
  // sample times a batch of frames (or copies) and divides, and the figure is the median sample.
  const batch = 10;
  const copies = 1000;
  const frameOf = (round: number): Uint8Array => {
    const blocks: { metricIndex: number; features: Uint32Array; values: Float32Array }[] = [];
    let left = changes;
    for (let m = 0; m < metrics && left > 0; m++) {
      const count = Math.min(left, featureCount);
      const features = Uint32Array.from({ length: count }, (_, i) => i);
      const values = Float32Array.from({ length: count }, (_, i) => ((i * 37 + round * 11) % 250));
      // The shown metric first: its changes are the ones that recolour.
      blocks.push({ metricIndex: (shown + m) % state.city.metrics.length, features, values });
      left -= count;
    }
    return encodeFrame(blocks);
  };
  for (let round = 0; round < rounds; round++) {
    const payloads = Array.from({ length: batch }, (_, b) => frameOf(round * batch + b));
    let start = performance.now();
    for (const payload of payloads) {
      const sequence = (state.tiles.get(tileId)?.sequence.lastSequence ?? 0) + 1;
      state.handleFrame(tileId, sequence, false, payload);
    }
    apply.push((performance.now() - start) / batch);
    start = performance.now();
    viewer.scene.renderNow();
    render.push(performance.now() - start);

    const values = new Float32Array(changes);
    const colours = new Uint8Array(4 * changes);
    start = performance.now();
    for (let c = 0; c < copies; c++) {
      values.set(sourceValues);
      colours.set(sourceColours);
    }
    copy.push((performance.now() - start) / copies);
  }
  // A tile frame changes each (feature, metric) once: a small tile cannot carry all `changes`.
  const sent = Math.min(changes, featureCount * metrics);
  return { tileId, features: featureCount, changes: sent, applyMs: median(apply), renderMs: median(render), copyMs: median(copy) };
}
