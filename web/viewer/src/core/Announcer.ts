/**
 * What the ARIA live region says, and when: at most one message per `minGapMs`. Alerts queue up
 * (each is said once, in order); a city summary waits for a quiet moment and only the newest is
 * kept, so a busy city is summarised, never read out frame by frame. The clock is passed in.
 */
export class Announcer {
  private readonly urgent: string[] = [];
  private summary: string | null = null;
  private lastSummary: string | null = null;
  private lastSaid = -Infinity;

  constructor(private readonly minGapMs: number) {}

  /** Queues an alert or an answer to the user's action (said before any summary). */
  say(message: string): void {
    this.urgent.push(message);
  }

  /** Replaces the pending summary; a summary the same as the last one said is not said again. */
  summarise(message: string): void {
    this.summary = message === this.lastSummary ? null : message;
  }

  /** The message to say now, if any is due. */
  next(now: number): string | null {
    if (now - this.lastSaid < this.minGapMs) return null;
    const message = this.urgent.shift() ?? this.summary;
    if (message === null || message === undefined) return null;
    if (message === this.summary) {
      this.summary = null;
      this.lastSummary = message;
    }
    this.lastSaid = now;
    return message;
  }

  /** Forgets everything pending. */
  clear(): void {
    this.urgent.length = 0;
    this.summary = null;
    this.lastSummary = null;
  }
}
