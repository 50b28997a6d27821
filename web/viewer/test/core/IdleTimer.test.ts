import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../src/core/IdleTimer';

afterEach(() => vi.useRealTimers());

describe('IdleTimer', () => {
  it('should go idle after the delay without input, once, and wake on input', () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const timer = new IdleTimer(3, () => events.push('idle'), () => events.push('active'));
    vi.advanceTimersByTime(2900);
    timer.poke();
    vi.advanceTimersByTime(2900);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(events).toEqual(['idle']);
    expect(timer.isIdle).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual(['idle']);
    timer.poke();
    expect(events).toEqual(['idle', 'active']);
    vi.advanceTimersByTime(3000);
    expect(events).toEqual(['idle', 'active', 'idle']);
    timer.stop();
  });
});
