import { describe, expect, it } from 'vitest';
import { format, I18n, messageKeys, pickLanguage } from '../../src/core/i18n';

describe('i18n', () => {
  it('should have every English key in French and nothing more', () => {
    expect(messageKeys('fr').sort()).toEqual(messageKeys('en').sort());
  });

  it('should pick ?lang= first, then the first browser language it knows, then English', () => {
    expect(pickLanguage('fr', ['en-GB'])).toBe('fr');
    expect(pickLanguage(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(pickLanguage('xx', ['de'])).toBe('en');
    expect(pickLanguage(undefined, [])).toBe('en');
  });

  it('should fill placeholders and leave unknown ones visible', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('should switch language and tell listeners once', () => {
    const i18n = new I18n('en');
    const seen: string[] = [];
    i18n.addEventListener('language-change', () => seen.push(i18n.language));
    expect(i18n.t('alerts.acknowledge')).toBe('Acknowledge');
    i18n.set('fr');
    i18n.set('fr');
    expect(i18n.t('alerts.acknowledge')).toBe('Acquitter');
    expect(seen).toEqual(['fr']);
  });
});
