import { keyCommand, type FeatureRef, type KeyCommand } from '../core';

/** A drag longer than this (CSS px) pans the map instead of picking. */
const CLICK_TOLERANCE_PX = 5;

export interface MapInputHandlers {
  /** The feature under a client point, or null. */
  pick(clientX: number, clientY: number): FeatureRef | null;
  select(ref: FeatureRef | null): void;
  /** A key's command (see core/keyCommands). */
  command(command: KeyCommand): void;
  /** A pointer went down: stop camera flights and the tour. */
  interrupt(): void;
}

/**
 * Mouse, touch and keyboard on the map canvas: a click or tap (not a drag) picks, keys become
 * commands. Dragging, wheel and pinch stay with the map controls.
 */
export function bindMapInput(canvas: HTMLElement, handlers: MapInputHandlers): void {
  let down: { x: number; y: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => {
    down = { x: e.clientX, y: e.clientY };
    handlers.interrupt();
  });
  canvas.addEventListener('click', (e) => {
    const moved = down ? Math.hypot(e.clientX - down.x, e.clientY - down.y) : 0;
    down = null;
    if (moved > CLICK_TOLERANCE_PX) return;
    canvas.focus({ preventScroll: true });
    handlers.select(handlers.pick(e.clientX, e.clientY));
  });
  canvas.addEventListener('keydown', (e) => {
    const command = keyCommand(e);
    if (!command) return;
    e.preventDefault();
    handlers.command(command);
  });
}
