import { Announcer } from '../core';
import { el } from './dom';

/**
 * A visually hidden `aria-live="polite"` region fed by an {@link Announcer}: a screen reader hears
 * new alerts and, when things are quiet, a summary of the city in words, never one message per frame.
 */
export class LiveRegion {
  readonly element = el('div', 'visually-hidden live-region');
  /** Everything said, newest last (the test hook reads it). */
  readonly said: string[] = [];
  private readonly announcer: Announcer;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(minGapMs = 2000) {
    this.element.setAttribute('aria-live', 'polite');
    this.element.setAttribute('aria-atomic', 'true');
    this.element.setAttribute('role', 'log');
    this.announcer = new Announcer(minGapMs);
    this.timer = setInterval(() => this.flush(), 250);
  }

  say(message: string): void {
    this.announcer.say(message);
    this.flush();
  }

  summarise(message: string): void {
    this.announcer.summarise(message);
    this.flush();
  }

  clear(): void {
    this.announcer.clear();
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private flush(): void {
    const message = this.announcer.next(performance.now());
    if (message === null) return;
    this.element.textContent = message;
    this.said.push(message);
    if (this.said.length > 50) this.said.shift();
  }
}
