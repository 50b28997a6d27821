import { LANGUAGES, type I18n, type Language } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** Payload of `setting-change`. */
export interface SettingChangeDetail {
  setting: 'reducedMotion' | 'highContrast' | 'table';
  value: boolean;
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

/**
 * View settings, for everyone (none of them writes to the twin): language, reduced motion, high
 * contrast, table view. Emits `setting-change`; the language goes straight to the {@link I18n}.
 */
export class SettingsBar extends EventTarget {
  readonly element = el('nav', 'settings-bar');
  readonly language = el('select', 'settings-language');
  private readonly boxes = new Map<SettingChangeDetail['setting'], HTMLInputElement>();

  constructor(private readonly i18n: I18n, initial: { reducedMotion: boolean; highContrast: boolean; table: boolean | null }) {
    super();
    localise(i18n, this.element, 'settings.label', 'aria-label');
    const languageLabel = el('label', 'settings-item');
    const languageText = el('span');
    localise(i18n, languageText, 'settings.language');
    for (const language of LANGUAGES) {
      const option = el('option', '', LANGUAGE_NAMES[language]);
      option.value = language;
      option.lang = language;
      this.language.append(option);
    }
    this.language.value = i18n.language;
    this.language.addEventListener('change', () => i18n.set(this.language.value as Language));
    i18n.addEventListener('language-change', () => (this.language.value = i18n.language));
    languageLabel.append(languageText, this.language);
    this.element.append(
      languageLabel,
      this.checkbox('reducedMotion', 'settings.reducedMotion', initial.reducedMotion),
      this.checkbox('highContrast', 'settings.highContrast', initial.highContrast),
    );
    // The 2D map has no table view (null): its footprints are the whole city at once.
    if (initial.table !== null) this.element.append(this.checkbox('table', 'settings.table', initial.table));
  }

  /** Reflects a value set elsewhere (a reset, the OS setting) without emitting. */
  set(setting: SettingChangeDetail['setting'], value: boolean): void {
    const box = this.boxes.get(setting);
    if (box) box.checked = value;
  }

  private checkbox(setting: SettingChangeDetail['setting'], key: Parameters<I18n['t']>[0], checked: boolean): HTMLElement {
    const label = el('label', 'settings-item');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.dataset.setting = setting;
    box.addEventListener('change', () =>
      this.dispatchEvent(new CustomEvent<SettingChangeDetail>('setting-change', { detail: { setting, value: box.checked } })),
    );
    this.boxes.set(setting, box);
    const text = el('span');
    localise(this.i18n, text, key);
    label.append(box, text);
    return label;
  }
}
