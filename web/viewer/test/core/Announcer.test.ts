import { describe, expect, it } from 'vitest';
import { Announcer } from '../../src/core/Announcer';
import { summariseValues } from '../../src/core/citySummary';

describe('Announcer', () => {
  it('should say at most one message per gap, alerts before the newest summary', () => {
    const a = new Announcer(1000);
    a.summarise('summary 1');
    expect(a.next(0)).toBe('summary 1');
    a.summarise('summary 2');
    a.summarise('summary 3');
    a.say('alert 1');
    a.say('alert 2');
    expect(a.next(500)).toBeNull();
    expect(a.next(1000)).toBe('alert 1');
    expect(a.next(2000)).toBe('alert 2');
    expect(a.next(3000)).toBe('summary 3');
    expect(a.next(4000)).toBeNull();
  });

  it('should not repeat a summary that has not changed', () => {
    const a = new Announcer(0);
    a.summarise('same');
    expect(a.next(0)).toBe('same');
    a.summarise('same');
    expect(a.next(1)).toBeNull();
    a.summarise('changed');
    expect(a.next(2)).toBe('changed');
  });
});

describe('summariseValues', () => {
  it('should count, average and find the highest, skipping missing values', () => {
    const s = summariseValues([Float32Array.of(1, Number.NaN, 3), Float32Array.of(Number.NaN)]);
    expect(s).toEqual({ features: 4, reporting: 2, average: 2, highest: 3 });
    expect(Number.isNaN(summariseValues([Float32Array.of(Number.NaN)]).average)).toBe(true);
  });
});
