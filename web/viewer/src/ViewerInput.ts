import { stepFeature, type KeyCommand } from './core';
import type { FeatureHit, TwinScene } from './three';
import { bindMapInput } from './ui';
import type { TwinViewer } from './TwinViewer';

/** Mouse, touch and keyboard on the map: picking (or a ground point while drawing) and key commands. */
export class ViewerInput {
  constructor(private readonly viewer: TwinViewer) {}

  /** The nearest feature under a ray, whatever its layer. */
  pick(raycaster: ReturnType<TwinScene['raycasterAt']>): FeatureHit | null {
    // A marker sits above its feature, so a ray through both meets the marker first.
    let best: FeatureHit | null = this.viewer.sensors.pick(raycaster);
    for (const layer of this.viewer.layers) {
      const hit = layer.pick(raycaster);
      if (hit && (!best || hit.distance < best.distance)) best = hit;
    }
    return best;
  }

  bind(canvas: HTMLCanvasElement): void {
    const v = this.viewer;
    bindMapInput(canvas, {
      pick: (x, y) => {
        if (v.groundClick) {
          // Drawing a footprint: a click is a corner on the ground, not a pick.
          const ground = v.scene.groundAt(x, y);
          if (ground) v.groundClick(ground.east, ground.north);
          return null;
        }
        const hit = v.pick(v.scene.raycasterAt(x, y));
        if (!hit) return null;
        return hit.sensorId ? { tileId: hit.tileId, featureIndex: hit.featureIndex, sensorId: hit.sensorId } : { tileId: hit.tileId, featureIndex: hit.featureIndex };
      },
      select: (ref) => {
        if (!v.groundClick) void v.select(ref);
      },
      command: (command) => this.run(command),
      interrupt: () => v.motion.stop(),
    });
  }

  /** A keyboard command on the map. */
  private run(command: KeyCommand): void {
    const v = this.viewer;
    switch (command.kind) {
      case 'pan': v.motion.pan(command.right, command.forward); break;
      case 'zoom': v.motion.zoom(command.factor); break;
      case 'next': case 'previous':
        v.focus(stepFeature(v.tilesInView(), v.focused ?? v.selected, command.kind === 'next' ? 1 : -1));
        break;
      case 'open': if (v.focused) void v.select(v.focused); break;
      case 'close': v.selection.focused = null; void v.select(null); break;
    }
  }
}
