/**
 * Calls `onIdle` once after `seconds` without {@link poke}; the next poke re-arms it and calls
 * `onActive` (the exhibit's attract tour stops there). Timers are injectable for tests.
 */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idle = false;
  private stopped = false;

  constructor(
    private readonly seconds: number,
    private readonly onIdle: () => void,
    private readonly onActive: () => void = () => {},
    // Wrapped: a browser's setTimeout called as a method of another object throws "Illegal invocation".
    private readonly timers: { set: (f: () => void, ms: number) => ReturnType<typeof setTimeout>; clear: (t: ReturnType<typeof setTimeout> | undefined) => void } = {
      set: (f, ms) => setTimeout(f, ms),
      clear: (t) => clearTimeout(t),
    },
  ) {
    this.arm();
  }

  /** True between going idle and the next poke. */
  get isIdle(): boolean {
    return this.idle;
  }

  /** Some input happened. */
  poke(): void {
    if (this.stopped) return;
    if (this.idle) {
      this.idle = false;
      this.onActive();
    }
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timers.clear(this.timer);
  }

  private arm(): void {
    this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.idle = true;
      this.onIdle();
    }, this.seconds * 1000);
  }
}
