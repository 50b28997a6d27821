import type { I18n, LayerInfo, MessageKey } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** Payload of `layer-toggle`. */
export interface LayerToggleDetail {
  layerId: string;
  visible: boolean;
}

/** One checkbox per layer the city lists (`GET /api/city` `layers`); emits `layer-toggle`. */
export class LayerToggles extends EventTarget {
  readonly element = el('fieldset', 'layer-toggles');
  private readonly boxes = new Map<string, HTMLInputElement>();

  /** `shown` gives a layer's state when the page opens (and after a reset); a layer it leaves out is shown. */
  constructor(i18n: I18n, layers: readonly LayerInfo[], private readonly shown: Record<string, boolean> = {}) {
    super();
    const legend = el('legend');
    localise(i18n, legend, 'layers.label');
    this.element.append(legend);
    for (const layer of layers) {
      const label = el('label', 'settings-item');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = shown[layer.id] ?? true;
      box.dataset.layer = layer.id;
      box.addEventListener('change', () =>
        this.dispatchEvent(new CustomEvent<LayerToggleDetail>('layer-toggle', { detail: { layerId: layer.id, visible: box.checked } })),
      );
      const text = el('span');
      const key = `layer.${layer.id}` as MessageKey;
      if (['buildings', 'streets', 'networks', 'sensors'].includes(layer.id)) localise(i18n, text, key);
      else text.textContent = layer.name || layer.id;
      label.append(box, text);
      this.boxes.set(layer.id, box);
      this.element.append(label);
    }
  }

  /** Back to each layer's opening state (without emitting). */
  reset(): void {
    for (const [id, box] of this.boxes) box.checked = this.shown[id] ?? true;
  }
}
