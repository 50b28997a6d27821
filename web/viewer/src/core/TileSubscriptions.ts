/** The calls that bring the server's subscriptions in line with the wanted tiles. */
export interface SubscriptionDiff {
  subscribe: string[];
  unsubscribe: string[];
}

/**
 * Which tiles the viewer wants live data for, and which the server has been told about. The
 * viewer sets the wanted set (today: every tile; later: the tiles in view), takes the diff, makes
 * the hub calls and commits what succeeded. Kept free of SignalR so it is testable alone.
 */
export class TileSubscriptions {
  private readonly wanted = new Set<string>();
  private readonly subscribed = new Set<string>();

  /** Replaces the wanted set. */
  want(tileIds: Iterable<string>): void {
    this.wanted.clear();
    for (const id of tileIds) this.wanted.add(id);
  }

  /** The tiles currently wanted. */
  get wantedTiles(): ReadonlySet<string> {
    return this.wanted;
  }

  /** The tiles the server has confirmed. */
  get subscribedTiles(): ReadonlySet<string> {
    return this.subscribed;
  }

  isWanted(tileId: string): boolean {
    return this.wanted.has(tileId);
  }

  /** What to subscribe and unsubscribe, in a stable (sorted) order. */
  diff(): SubscriptionDiff {
    const subscribe = [...this.wanted].filter((id) => !this.subscribed.has(id)).sort();
    const unsubscribe = [...this.subscribed].filter((id) => !this.wanted.has(id)).sort();
    return { subscribe, unsubscribe };
  }

  /** Records that the server accepted these subscriptions. */
  commitSubscribed(tileIds: Iterable<string>): void {
    for (const id of tileIds) this.subscribed.add(id);
  }

  /** Records that the server dropped these subscriptions. */
  commitUnsubscribed(tileIds: Iterable<string>): void {
    for (const id of tileIds) this.subscribed.delete(id);
  }

  /** The connection was lost: the server forgot everything; the next diff subscribes all wanted. */
  connectionLost(): void {
    this.subscribed.clear();
  }
}
