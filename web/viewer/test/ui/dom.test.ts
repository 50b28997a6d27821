import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue } from '../../src/ui/dom';

describe('dom formatting', () => {
  it('should show a value with its unit', () => {
    expect(formatValue(12.345, 'kW')).toBe(`${(12.3).toLocaleString()} kW`);
  });

  it('should show a dash for a missing value', () => {
    expect(formatValue(undefined, 'kW')).toBe('—');
    expect(formatValue(Number.NaN, 'kW')).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('should round large values to whole numbers', () => {
    expect(formatNumber(1234.56)).toBe((1235).toLocaleString());
  });
});
