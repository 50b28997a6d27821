import type { I18n } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** Payload of `time-change`: null = live. */
export interface TimeChangeDetail {
  at: Date | null;
}

/** How far back the slider reaches, in minutes. */
export const REPLAY_MINUTES = 24 * 60;
const SETTLE_MS = 300;

/**
 * Replays the whole city: a range of minutes back from now (the right end is live) and a "Live"
 * button. Emits `time-change` once the slider settles, not on every step of a drag.
 */
export class TimeSlider extends EventTarget {
  readonly element = el('div', 'time-slider');
  readonly input = el('input');
  private readonly output = el('output');
  private readonly live = el('button', 'time-live');
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly i18n: I18n) {
    super();
    const label = el('label');
    const text = el('span');
    localise(i18n, text, 'time.label');
    this.input.type = 'range';
    this.input.min = String(-REPLAY_MINUTES);
    this.input.max = '0';
    this.input.step = '5';
    this.input.value = '0';
    label.append(text, this.input);
    this.live.type = 'button';
    localise(i18n, this.live, 'time.live');
    this.element.append(label, this.output, this.live);
    this.input.addEventListener('input', () => {
      this.describe();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.emit(), SETTLE_MS);
    });
    this.live.addEventListener('click', () => this.goLive());
    i18n.addEventListener('language-change', () => this.describe());
    this.describe();
  }

  /** The moment shown, null when live. */
  get at(): Date | null {
    const minutes = Number(this.input.value);
    return minutes >= 0 ? null : new Date(Date.now() + minutes * 60_000);
  }

  /** Moves to `at` (null = live) and emits. */
  setTime(at: Date | null): void {
    const minutes = at ? Math.max(-REPLAY_MINUTES, Math.min(0, (at.getTime() - Date.now()) / 60_000)) : 0;
    this.input.value = String(minutes);
    this.describe();
    this.emit();
  }

  goLive(): void {
    this.setTime(null);
  }

  private describe(): void {
    const at = this.at;
    const text = at ? this.i18n.t('time.at', { time: at.toLocaleString(this.i18n.language) }) : this.i18n.t('time.live');
    this.output.textContent = text;
    this.input.setAttribute('aria-valuetext', text);
    this.live.disabled = at === null;
  }

  private emit(): void {
    clearTimeout(this.timer);
    this.dispatchEvent(new CustomEvent<TimeChangeDetail>('time-change', { detail: { at: this.at } }));
  }
}
