import { authHeaders, type I18n } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** `GET /api/imports/{id}` as far as the form shows it. */
interface ImportJob {
  id: string;
  state: string;
  stage: string;
  message: string;
}

const POLL_MS = 1000;

/**
 * Planners: upload a city file (and a shapefile's companions) to `POST /api/imports`, then follow
 * the job until it succeeds or fails. The viewer switches to the new city by itself (the hub's
 * CityChanged). A write control: marked `data-write`.
 */
export class ImportForm {
  readonly element = el('form', 'import-form');
  private readonly files = el('input');
  private readonly progress = el('p', 'import-progress');

  constructor(private readonly i18n: I18n, private readonly token: string) {
    this.element.dataset.write = 'import';
    const title = el('h2', 'import-title');
    localise(i18n, title, 'planner.title');
    this.files.type = 'file';
    this.files.multiple = true;
    this.files.required = true;
    localise(i18n, this.files, 'planner.title', 'aria-label');
    const submit = el('button');
    submit.type = 'submit';
    localise(i18n, submit, 'planner.upload');
    this.progress.setAttribute('role', 'status');
    this.element.append(title, this.files, submit, this.progress);
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.upload();
    });
  }

  private async upload(): Promise<void> {
    const form = new FormData();
    for (const file of this.files.files ?? []) form.append('file', file, file.name);
    const response = await fetch('/api/imports', { method: 'POST', body: form, headers: authHeaders(this.token) });
    let job = (await response.json().catch(() => ({}))) as Partial<ImportJob> & { detail?: string; title?: string };
    if (!response.ok || !job.id) {
      this.show('failed', job.detail ?? job.title ?? String(response.status));
      return;
    }
    while (job.state === 'queued' || job.state === 'running') {
      this.show(job.state, job.stage ?? '');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const poll = await fetch(`/api/imports/${encodeURIComponent(job.id!)}`, { headers: authHeaders(this.token) });
      job = (await poll.json()) as ImportJob;
    }
    this.show(job.state ?? 'failed', job.message ?? '');
  }

  private show(state: string, detail: string): void {
    this.progress.textContent = this.i18n.t('planner.state', { state, detail });
  }
}
