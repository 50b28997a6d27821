import type { I18n } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** Arrow keys move the divider by this share of the width (the range input's step). */
const STEP = 0.02;

/**
 * Swipe comparison: a switch in the panel, a range input that moves the divider from the keyboard,
 * and a line over the map that follows it and can be dragged. `onChange` gets the divider's
 * position (0..1 of the width) or null when the comparison is off.
 */
export class SwipeDivider {
  /** The switch and the keyboard control, for the panel. */
  readonly element = el('div', 'swipe-control');
  /** The line over the map. */
  readonly line = el('div', 'swipe-line');
  private readonly toggle = el('input');
  private readonly range = el('input', 'swipe-range');

  constructor(i18n: I18n, private readonly onChange: (at: number | null) => void) {
    this.toggle.type = 'checkbox';
    this.toggle.className = 'swipe-toggle';
    const toggleLabel = el('label');
    const toggleText = el('span');
    localise(i18n, toggleText, 'scenario.compare');
    toggleLabel.append(this.toggle, toggleText);
    this.range.type = 'range';
    this.range.min = '0';
    this.range.max = '1';
    this.range.step = String(STEP);
    this.range.value = '0.5';
    this.range.hidden = true;
    localise(i18n, this.range, 'scenario.divider', 'aria-label');
    this.line.hidden = true;
    this.line.setAttribute('aria-hidden', 'true');
    this.element.append(toggleLabel, this.range);
    this.toggle.addEventListener('change', () => this.update());
    this.range.addEventListener('input', () => this.update());
    this.line.addEventListener('pointerdown', (e) => this.drag(e));
  }

  /** The divider's position, null when off. */
  get at(): number | null {
    return this.toggle.checked ? Number(this.range.value) : null;
  }

  /** Turns the comparison off (the scenario closed). */
  off(): void {
    if (!this.toggle.checked) return;
    this.toggle.checked = false;
    this.update();
  }

  private update(): void {
    const at = this.at;
    this.range.hidden = at === null;
    this.line.hidden = at === null;
    if (at !== null) this.line.style.left = `${at * 100}%`;
    this.onChange(at);
  }

  private drag(start: PointerEvent): void {
    start.preventDefault();
    const parent = this.line.parentElement;
    if (!parent) return;
    const move = (e: PointerEvent) => {
      const box = parent.getBoundingClientRect();
      this.range.value = String(Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)));
      this.update();
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
