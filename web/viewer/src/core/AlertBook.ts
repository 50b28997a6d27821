import type { AlertInfo } from './twinApi';

/**
 * The operator's open alerts: the list from `GET /api/alerts` merged with what the hub pushes since.
 * A push newer than what we hold replaces it; a cleared alert leaves the list. Newest raised first.
 */
export class AlertBook {
  private readonly alerts = new Map<string, AlertInfo>();

  /** Replaces everything with a fresh list; returns the alerts raised that were not known before. */
  reset(list: readonly AlertInfo[]): AlertInfo[] {
    const known = new Set(this.alerts.keys());
    this.alerts.clear();
    const fresh: AlertInfo[] = [];
    for (const alert of list) {
      if (alert.state === 'cleared') continue;
      this.alerts.set(alert.id, alert);
      if (!known.has(alert.id) && alert.state === 'raised') fresh.push(alert);
    }
    return fresh;
  }

  /** Applies one change; returns true when the alert is newly raised. */
  apply(alert: AlertInfo): boolean {
    const known = this.alerts.has(alert.id);
    if (alert.state === 'cleared') {
      this.alerts.delete(alert.id);
      return false;
    }
    this.alerts.set(alert.id, alert);
    return !known && alert.state === 'raised';
  }

  get(id: string): AlertInfo | undefined {
    return this.alerts.get(id);
  }

  /** Raised before acknowledged, then newest first. */
  list(): AlertInfo[] {
    return [...this.alerts.values()].sort((a, b) => {
      if (a.state !== b.state) return a.state === 'raised' ? -1 : 1;
      return b.raisedAt.localeCompare(a.raisedAt);
    });
  }

  get size(): number {
    return this.alerts.size;
  }
}
