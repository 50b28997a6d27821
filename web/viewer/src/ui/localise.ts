import type { I18n, MessageKey } from '../core';

/**
 * Keeps an element's text (or one attribute) in the current language: set now and again on every
 * `language-change`. `values` is read each time, so placeholders follow the state they name.
 */
export function localise(
  i18n: I18n,
  element: HTMLElement | SVGElement,
  key: MessageKey,
  attribute?: string,
  values?: () => Record<string, string | number>,
): void {
  const apply = () => {
    const text = i18n.t(key, values?.());
    if (attribute) element.setAttribute(attribute, text);
    else element.textContent = text;
  };
  apply();
  i18n.addEventListener('language-change', apply);
}
