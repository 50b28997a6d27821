import { ScenarioApiError, scenarioApi, type ApiOptions, type I18n, type ScenarioComment, type VoteTotals } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** The longest comment the server takes. */
export const MAX_COMMENT_LENGTH = 500;

/**
 * Participation on a published scenario: support / oppose with the totals, a short anonymous
 * comment, and the visible comments (planners also see hidden ones, each with a hide button).
 * Refusals (too long, a link, too many at once) show in a `role="alert"` line.
 */
export class ScenarioParticipation {
  readonly element = el('section', 'scenario-participation');
  private readonly support = el('button', 'vote-support');
  private readonly oppose = el('button', 'vote-oppose');
  private readonly text = el('textarea', 'comment-text');
  private readonly error = el('p', 'participation-error');
  private readonly status = el('p', 'participation-status');
  private readonly comments = el('ul', 'scenario-comments');
  private totals: VoteTotals = { support: 0, oppose: 0 };

  constructor(private readonly i18n: I18n, private readonly scenarioId: string, private readonly planner: boolean, private readonly options: ApiOptions) {
    const title = el('h3');
    title.id = 'participation-title';
    localise(i18n, title, 'participation.title');
    this.element.setAttribute('aria-labelledby', title.id);
    const votes = el('div', 'scenario-votes');
    for (const [button, vote] of [[this.support, 'support'], [this.oppose, 'oppose']] as const) {
      button.type = 'button';
      button.dataset.write = 'vote';
      button.addEventListener('click', () => void this.vote(vote));
      votes.append(button);
    }
    const form = el('form', 'comment-form');
    form.dataset.write = 'comment';
    const label = el('label', 'scenario-field');
    const labelText = el('span');
    localise(i18n, labelText, 'participation.comment');
    this.text.maxLength = MAX_COMMENT_LENGTH;
    this.text.required = true;
    this.text.rows = 3;
    label.append(labelText, this.text);
    const send = el('button');
    send.type = 'submit';
    localise(i18n, send, 'participation.send');
    form.append(label, send);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.comment();
    });
    this.error.setAttribute('role', 'alert');
    this.status.setAttribute('role', 'status');
    const listTitle = el('h4');
    listTitle.id = 'comments-title';
    localise(i18n, listTitle, 'participation.comments');
    this.comments.setAttribute('aria-labelledby', listTitle.id);
    this.element.append(title, votes, form, this.error, this.status, listTitle, this.comments);
    i18n.addEventListener('language-change', () => this.renderVotes());
    this.renderVotes();
  }

  /** Loads the totals and the comments. */
  async refresh(): Promise<void> {
    try {
      const [totals, comments] = await Promise.all([scenarioApi.votes(this.scenarioId, this.options), scenarioApi.comments(this.scenarioId, this.options)]);
      this.totals = totals;
      this.renderVotes();
      this.renderComments(comments);
    } catch (error) {
      this.fail(error);
    }
  }

  private async vote(vote: 'support' | 'oppose'): Promise<void> {
    try {
      this.totals = await scenarioApi.vote(this.scenarioId, vote, this.options);
      this.error.textContent = '';
      this.renderVotes();
    } catch (error) {
      this.fail(error);
    }
  }

  private async comment(): Promise<void> {
    const text = this.text.value.trim();
    if (!text) return;
    try {
      await scenarioApi.comment(this.scenarioId, text, this.options);
      this.text.value = '';
      this.error.textContent = '';
      this.status.textContent = this.i18n.t('participation.thanks');
      this.renderComments(await scenarioApi.comments(this.scenarioId, this.options));
    } catch (error) {
      this.fail(error);
    }
  }

  private async hide(commentId: string): Promise<void> {
    try {
      await scenarioApi.hide(this.scenarioId, commentId, this.options);
      this.renderComments(await scenarioApi.comments(this.scenarioId, this.options));
    } catch (error) {
      this.fail(error);
    }
  }

  private renderVotes(): void {
    this.support.textContent = this.i18n.t('participation.support', { count: this.totals.support });
    this.oppose.textContent = this.i18n.t('participation.oppose', { count: this.totals.oppose });
  }

  private renderComments(comments: ScenarioComment[]): void {
    this.comments.replaceChildren();
    if (comments.length === 0) this.comments.append(el('li', 'comment-none', this.i18n.t('participation.none')));
    for (const c of comments) {
      const item = el('li', c.hidden ? 'comment is-hidden' : 'comment');
      item.dataset.comment = c.id;
      const time = el('time', undefined, new Date(c.posted).toLocaleString(this.i18n.language));
      time.dateTime = c.posted;
      item.append(el('p', 'comment-body', c.text), time);
      if (c.hidden) item.append(' ', el('span', 'comment-hidden', this.i18n.t('participation.hidden')));
      else if (this.planner) {
        const hide = el('button', 'comment-hide', this.i18n.t('participation.hide'));
        hide.type = 'button';
        hide.dataset.write = 'hide';
        hide.addEventListener('click', () => void this.hide(c.id));
        item.append(' ', hide);
      }
      this.comments.append(item);
    }
  }

  private fail(error: unknown): void {
    this.status.textContent = '';
    this.error.textContent = error instanceof ScenarioApiError ? error.detail : (error as Error).message;
  }
}
