import { describe, expect, it } from 'vitest';
import { canWrite, DEFAULT_IDLE_SECONDS, parseSettings, roleOf } from '../../src/core/viewerSettings';

describe('viewerSettings', () => {
  it('should default to the read-only public view', () => {
    const s = parseSettings('');
    expect(s.mode).toBe('public');
    expect(canWrite(s.mode)).toBe(false);
    expect(s.idleSeconds).toBe(DEFAULT_IDLE_SECONDS);
  });

  it('should read mode, idle, language and options from the query', () => {
    const s = parseSettings('?mode=operator&token=abc&idle=5&lang=fr&motion=reduced&contrast=high&gpu=2');
    expect(s).toMatchObject({ mode: 'operator', token: 'abc', idleSeconds: 5, language: 'fr', reducedMotion: true, highContrast: true, gpuMb: 2 });
    expect(roleOf('operator')).toBe('operator');
  });

  it('should never carry a token in exhibit mode and treat it as public', () => {
    const s = parseSettings('?mode=exhibit&token=abc');
    expect(s.token).toBeNull();
    expect(roleOf('exhibit')).toBe('public');
    expect(canWrite('exhibit')).toBe(false);
  });

  it('should ignore unknown modes and bad numbers', () => {
    const s = parseSettings('?mode=admin&idle=-3&lang=de');
    expect(s.mode).toBe('public');
    expect(s.idleSeconds).toBe(DEFAULT_IDLE_SECONDS);
    expect(s.language).toBeNull();
  });
});
