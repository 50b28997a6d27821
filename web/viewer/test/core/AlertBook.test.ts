import { describe, expect, it } from 'vitest';
import { AlertBook } from '../../src/core/AlertBook';
import type { AlertInfo } from '../../src/core/twinApi';

const alert = (id: string, state: AlertInfo['state'], raisedAt = '2026-01-01T00:00:00Z'): AlertInfo => ({
  id, ruleId: 'r', entityId: `e-${id}`, metricId: 'power_kw', state, value: 1, raisedAt, acknowledgedAt: null, clearedAt: null, message: id,
});

describe('AlertBook', () => {
  it('should report only alerts raised that it did not know', () => {
    const book = new AlertBook();
    expect(book.reset([alert('a', 'raised')]).map((a) => a.id)).toEqual(['a']);
    expect(book.reset([alert('a', 'raised'), alert('b', 'raised'), alert('c', 'acknowledged')]).map((a) => a.id)).toEqual(['b']);
  });

  it('should drop cleared alerts and list raised before acknowledged, newest first', () => {
    const book = new AlertBook();
    book.reset([alert('old', 'raised', '2026-01-01T00:00:00Z'), alert('ack', 'acknowledged', '2026-01-03T00:00:00Z'), alert('new', 'raised', '2026-01-02T00:00:00Z')]);
    expect(book.apply(alert('x', 'cleared'))).toBe(false);
    expect(book.list().map((a) => a.id)).toEqual(['new', 'old', 'ack']);
    book.apply(alert('new', 'cleared'));
    expect(book.list().map((a) => a.id)).toEqual(['old', 'ack']);
  });
});
