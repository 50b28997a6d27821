import { el } from './dom';

/** One short line for progress and the last error (prefixed by the module that raised it). */
export class StatusLine {
  readonly element = el('p', 'status-line');

  constructor() {
    this.element.setAttribute('role', 'status');
  }

  info(text: string): void {
    this.element.classList.remove('is-error');
    this.element.textContent = text;
  }

  error(text: string): void {
    this.element.classList.add('is-error');
    this.element.textContent = text;
  }
}
