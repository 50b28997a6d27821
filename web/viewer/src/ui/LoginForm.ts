import type { I18n } from '../core';
import { el } from './dom';
import { localise } from './localise';

/**
 * Asks for the role's token when a mode that writes is opened without one; the token is kept for
 * this tab only (sessionStorage) and the page reloads with it. Marked `data-write`.
 */
export class LoginForm {
  readonly element = el('form', 'login-form');

  constructor(i18n: I18n, role: string, onToken: (token: string) => void) {
    this.element.dataset.write = 'login';
    const needed = el('p');
    localise(i18n, needed, 'login.needed', undefined, () => ({ role }));
    const label = el('label');
    const text = el('span');
    localise(i18n, text, 'login.label');
    const input = el('input');
    input.type = 'password';
    input.autocomplete = 'current-password';
    input.required = true;
    label.append(text, input);
    const submit = el('button');
    submit.type = 'submit';
    localise(i18n, submit, 'login.submit');
    this.element.append(needed, label, submit);
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      if (input.value.trim()) onToken(input.value.trim());
    });
  }
}
