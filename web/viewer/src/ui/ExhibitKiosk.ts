import { IdleTimer } from '../core';

const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The exhibition kiosk's clock: any input anywhere on the page re-arms it; `seconds` without input
 * calls `onIdle` (the viewer resets and starts its attract tour), the next input `onActive`.
 */
export class ExhibitKiosk {
  private readonly timer: IdleTimer;
  private readonly poke = () => this.timer.poke();

  constructor(seconds: number, handlers: { onIdle: () => void; onActive: () => void }) {
    this.timer = new IdleTimer(seconds, handlers.onIdle, handlers.onActive);
    for (const type of INPUTS) window.addEventListener(type, this.poke, { capture: true, passive: true });
  }

  dispose(): void {
    this.timer.stop();
    for (const type of INPUTS) window.removeEventListener(type, this.poke, { capture: true });
  }
}
