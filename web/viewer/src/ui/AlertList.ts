import type { AlertInfo, I18n } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** Payload of `alert-acknowledge` and `alert-fly-to`. */
export interface AlertActionDetail {
  alert: AlertInfo;
}

/**
 * The operator's live alert list: each alert with its message, state and time, a "fly to" button
 * and, while raised, an "acknowledge" button (a write: marked `data-write`).
 */
export class AlertList extends EventTarget {
  readonly element = el('section', 'alert-list');
  private readonly list = el('ul', 'alert-items');
  private readonly empty = el('p', 'alert-empty');
  private alerts: AlertInfo[] = [];

  constructor(private readonly i18n: I18n) {
    super();
    const heading = el('h2', 'alert-title');
    heading.id = 'alert-list-title';
    localise(i18n, heading, 'alerts.title');
    this.element.setAttribute('aria-labelledby', heading.id);
    localise(i18n, this.empty, 'alerts.none');
    this.element.append(heading, this.empty, this.list);
    i18n.addEventListener('language-change', () => this.show(this.alerts));
  }

  show(alerts: readonly AlertInfo[]): void {
    this.alerts = [...alerts];
    this.empty.hidden = alerts.length > 0;
    this.list.replaceChildren(...alerts.map((a) => this.item(a)));
  }

  private item(alert: AlertInfo): HTMLLIElement {
    const t = this.i18n;
    const li = el('li', `alert-item is-${alert.state}`);
    li.dataset.alertId = alert.id;
    li.dataset.entityId = alert.entityId;
    li.dataset.ruleId = alert.ruleId;
    li.dataset.state = alert.state;
    const text = el('p', 'alert-message', alert.message);
    const time = el('time', 'alert-time', new Date(alert.raisedAt).toLocaleTimeString(t.language));
    time.dateTime = alert.raisedAt;
    const state = el('span', 'alert-state', t.t(`alerts.state.${alert.state}`));
    const actions = el('div', 'alert-actions');
    const fly = el('button', 'alert-fly', t.t('alerts.flyTo'));
    fly.type = 'button';
    fly.setAttribute('aria-label', `${t.t('alerts.flyTo')}: ${alert.entityId}`);
    fly.addEventListener('click', () => this.emit('alert-fly-to', alert));
    actions.append(fly);
    if (alert.state === 'raised') {
      const ack = el('button', 'alert-ack', t.t('alerts.acknowledge'));
      ack.type = 'button';
      ack.dataset.write = 'acknowledge';
      ack.setAttribute('aria-label', `${t.t('alerts.acknowledge')}: ${alert.message}`);
      ack.addEventListener('click', () => {
        ack.disabled = true;
        this.emit('alert-acknowledge', alert);
      });
      actions.append(ack);
    }
    li.append(text, time, document.createTextNode(' · '), state, actions);
    return li;
  }

  private emit(type: string, alert: AlertInfo): void {
    this.dispatchEvent(new CustomEvent<AlertActionDetail>(type, { detail: { alert } }));
  }
}
