import type { Provenance } from '../core';
import { el } from './dom';

/** The data's attribution, always visible; the licence and source in its tooltip. */
export class Attribution {
  readonly element = el('footer', 'attribution');

  show(provenance: Provenance | undefined): void {
    this.element.textContent = provenance?.attribution || '';
    this.element.title = provenance ? [`Source: ${provenance.source}`, `Licence: ${provenance.licence}`].join('\n') : '';
  }
}
