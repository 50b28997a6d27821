import { AlertBook, acknowledgeAlert, fetchAlerts, type AlertInfo, type I18n } from '../core';
import { AlertList, type AlertActionDetail } from './AlertList';

/**
 * The operator's alerts end to end: the list from `GET /api/alerts`, read again whenever the hub
 * says alerts changed (coalesced), acknowledge through `POST /api/alerts/{id}/acknowledge`, and
 * "fly to" handed to the viewer. New raised alerts go to `onNew` (the live region).
 */
export class OperatorDesk {
  readonly list: AlertList;
  readonly book = new AlertBook();
  private loading: Promise<void> | null = null;
  private again = false;
  private first = true;

  constructor(
    i18n: I18n,
    private readonly token: string,
    private readonly handlers: { flyTo: (alert: AlertInfo) => void; onNew: (alert: AlertInfo) => void; onError: (message: string) => void },
  ) {
    this.list = new AlertList(i18n);
    this.list.addEventListener('alert-fly-to', (e) => handlers.flyTo((e as CustomEvent<AlertActionDetail>).detail.alert));
    this.list.addEventListener('alert-acknowledge', (e) => void this.acknowledge((e as CustomEvent<AlertActionDetail>).detail.alert));
  }

  /** Reads the list again; calls made while one is in flight collapse into one more. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        try {
          const fresh = this.book.reset(await fetchAlerts({ token: this.token }));
          if (!this.first) for (const alert of fresh) this.handlers.onNew(alert);
          this.first = false;
          this.list.show(this.book.list());
        } catch (error) {
          this.handlers.onError(`OperatorDesk: ${(error as Error).message}`);
        }
      } while (this.again);
      this.loading = null;
    })();
    return this.loading;
  }

  private async acknowledge(alert: AlertInfo): Promise<void> {
    try {
      this.book.apply(await acknowledgeAlert(alert.id, { token: this.token }));
      this.list.show(this.book.list());
    } catch (error) {
      this.handlers.onError(`OperatorDesk: ${(error as Error).message}`);
      this.list.show(this.book.list());
    }
  }
}
