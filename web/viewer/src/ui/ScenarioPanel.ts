import type { I18n, Intervention, MessageKey, ScenarioDetails, ScenarioSummary } from '../core';
import { el } from './dom';
import { localise } from './localise';

/** What the panel asks of whoever drives it (src/ScenarioMode.ts). */
export interface ScenarioPanelActions {
  open(id: string): void;
  create(name: string, assumptions: string): void;
  intervene(kind: string, value: number | null): void;
  /** Starts drawing a footprint on the map (`add-building` or `add-green-area`). */
  draw(kind: DrawnKind): void;
  /** Sends the drawn footprint (a height for a building, null for a green area). */
  finishDrawing(value: number | null): void;
  cancelDrawing(): void;
  undo(): void;
  analyse(): void;
  publish(): void;
  leave(): void;
}

/** Interventions whose footprint the planner draws on the map. */
export type DrawnKind = 'add-building' | 'add-green-area';

/** A footprint being drawn: its kind and how many corners it has so far. */
export interface Drawing {
  kind: DrawnKind;
  corners: number;
}

/** The selected map feature, as far as interventions care. */
export interface InterventionTarget {
  id: string;
  layer: string;
}

/**
 * Scenario mode's panel: the list of scenarios, a creation form (planners), the open scenario with
 * its interventions and, on a draft, buttons that act on the selected street, building or utility
 * edge. Server refusals show in a `role="alert"` line. Planner controls are marked `data-write`.
 */
export class ScenarioPanel {
  readonly element = el('section', 'scenario-panel');
  readonly error = el('p', 'scenario-error');
  private readonly status = el('p', 'scenario-status');
  private readonly list = el('ul', 'scenario-list');
  private readonly current = el('div', 'scenario-current');
  /** Where the results (KPI table, view switch) and participation go. */
  readonly extras = el('div', 'scenario-extras');
  private scenario: ScenarioDetails | null = null;
  private target: InterventionTarget | null = null;
  private drawing: Drawing | null = null;

  constructor(private readonly i18n: I18n, private readonly planner: boolean, private readonly actions: ScenarioPanelActions) {
    const title = el('h2', 'scenario-title');
    title.id = 'scenario-title';
    localise(i18n, title, 'scenario.title');
    this.element.setAttribute('aria-labelledby', title.id);
    this.error.setAttribute('role', 'alert');
    this.status.setAttribute('role', 'status');
    this.list.setAttribute('aria-labelledby', title.id);
    this.element.append(title, this.list);
    if (planner) this.element.append(this.createForm());
    this.element.append(this.error, this.status, this.current, this.extras);
    i18n.addEventListener('language-change', () => this.renderCurrent());
  }

  showList(scenarios: ScenarioSummary[]): void {
    this.list.replaceChildren();
    if (scenarios.length === 0) this.list.append(el('li', 'scenario-empty', this.i18n.t('scenario.none')));
    for (const s of scenarios) {
      const item = el('li');
      // A link, not a button: it is a shareable address, and opening one writes nothing.
      const open = el('a', 'scenario-open', s.name);
      const url = new URL(location.href);
      url.searchParams.set('scenario', s.id);
      open.href = url.toString();
      open.dataset.scenario = s.id;
      const state = s.published ? this.i18n.t('scenario.published', { date: new Date(s.published).toLocaleDateString(this.i18n.language) }) : this.i18n.t('scenario.draft');
      item.append(open, ' ', el('span', 'scenario-state', `(${state})`));
      open.addEventListener('click', (e) => {
        e.preventDefault();
        this.actions.open(s.id);
      });
      this.list.append(item);
    }
  }

  /** Shows the open scenario (null: none). */
  showScenario(scenario: ScenarioDetails | null): void {
    this.scenario = scenario;
    this.renderCurrent();
  }

  /** The feature interventions act on (planners, drafts). */
  setTarget(target: InterventionTarget | null): void {
    this.target = target;
    this.renderCurrent();
  }

  showError(message: string | null): void {
    this.error.textContent = message ?? '';
    if (message) this.status.textContent = '';
  }

  /** Progress, said politely (an analysis under way). */
  showStatus(message: string | null): void {
    this.status.textContent = message ?? '';
  }

  private createForm(): HTMLFormElement {
    const form = el('form', 'scenario-create');
    form.dataset.write = 'scenario';
    const heading = el('h3');
    localise(this.i18n, heading, 'scenario.createTitle');
    const name = el('input', 'scenario-name');
    name.required = true;
    name.maxLength = 200;
    const assumptions = el('textarea', 'scenario-assumptions');
    assumptions.rows = 2;
    const submit = el('button');
    submit.type = 'submit';
    localise(this.i18n, submit, 'scenario.create');
    form.append(heading, this.labelled(name, 'scenario.name'), this.labelled(assumptions, 'scenario.assumptions'), submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.actions.create(name.value.trim(), assumptions.value.trim());
      form.reset();
    });
    return form;
  }

  private labelled(control: HTMLElement, key: MessageKey): HTMLLabelElement {
    const label = el('label', 'scenario-field');
    const text = el('span');
    localise(this.i18n, text, key);
    label.append(text, control);
    return label;
  }

  private renderCurrent(): void {
    const s = this.scenario;
    this.current.replaceChildren();
    if (!s) return;
    const t = this.i18n;
    const heading = el('h3', 'scenario-name-shown', s.name);
    const meta = el('p', 'scenario-meta', t.t('scenario.by', { role: s.authorRole, date: new Date(s.created).toLocaleDateString(t.language) })
      + ' · ' + (s.published ? t.t('scenario.published', { date: new Date(s.published).toLocaleDateString(t.language) }) : t.t('scenario.draft')));
    const assumptions = el('p', 'scenario-assumptions-shown', s.assumptions);
    const interventions = el('ol', 'scenario-interventions');
    interventions.setAttribute('aria-label', t.t('scenario.interventions'));
    for (const i of s.interventions) interventions.append(el('li', undefined, describe(i)));
    if (s.interventions.length === 0) interventions.append(el('li', undefined, t.t('scenario.noInterventions')));
    const link = el('a', 'scenario-share', t.t('scenario.share'));
    const url = new URL(location.href);
    url.searchParams.delete('token');
    url.searchParams.set('scenario', s.id);
    if (s.published) url.searchParams.delete('mode');
    link.href = url.toString();
    const leave = this.button('scenario.leave', () => this.actions.leave(), 'scenario-leave');
    this.current.append(heading, meta, assumptions, interventions);
    if (this.planner && !s.published) this.current.append(this.draftControls(s));
    this.current.append(link, leave);
  }

  /** Shows the footprint being drawn (null: not drawing). */
  showDrawing(drawing: Drawing | null): void {
    this.drawing = drawing;
    this.renderCurrent();
  }

  private drawControls(): HTMLElement {
    const box = el('div', 'scenario-drawing');
    const drawing = this.drawing;
    if (!drawing) {
      box.append(
        this.button('scenario.drawBuilding', () => this.actions.draw('add-building'), 'scenario-draw-building'),
        this.button('scenario.drawGreen', () => this.actions.draw('add-green-area'), 'scenario-draw-green'),
      );
      return box;
    }

    const hint = el('p', 'scenario-draw-hint', this.i18n.t('scenario.drawHint', { count: String(drawing.corners) }));
    hint.setAttribute('aria-live', 'polite');
    box.append(hint);
    if (drawing.kind === 'add-building') {
      const row = el('div', 'scenario-value');
      const input = el('input', 'scenario-new-height');
      input.type = 'number';
      input.step = 'any';
      input.value = '20';
      const finish = this.button('scenario.finishBuilding', () => this.actions.finishDrawing(Number(input.value)), 'scenario-finish-drawing');
      finish.disabled = drawing.corners < 3;
      row.append(this.labelled(input, 'scenario.height'), finish);
      box.append(row);
    } else {
      const finish = this.button('scenario.finishGreen', () => this.actions.finishDrawing(null), 'scenario-finish-drawing');
      finish.disabled = drawing.corners < 3;
      box.append(finish);
    }
    box.append(this.button('scenario.cancelDrawing', () => this.actions.cancelDrawing(), 'scenario-cancel-drawing'));
    return box;
  }

  private draftControls(s: ScenarioDetails): HTMLElement {
    const box = el('div', 'scenario-draft');
    box.dataset.write = 'scenario';
    box.append(this.drawControls());
    const target = this.target;
    box.append(el('p', 'scenario-target', target ? this.i18n.t('scenario.target', { id: target.id }) : this.i18n.t('scenario.selectHint')));
    if (target?.layer === 'streets') {
      box.append(
        this.button('scenario.closeStreet', () => this.actions.intervene('close-street', null), 'scenario-close-street'),
        this.button('scenario.openStreet', () => this.actions.intervene('open-street', null), 'scenario-open-street'),
        this.valueControl('scenario.speed', 'scenario.setSpeed', 'street-speed', 30, 'scenario-speed'),
        this.valueControl('scenario.lanes', 'scenario.setLanes', 'street-lanes', 1, 'scenario-lanes'),
      );
    } else if (target?.layer === 'buildings') {
      box.append(
        this.valueControl('scenario.height', 'scenario.setHeight', 'building-height', 20, 'scenario-height'),
        this.button('scenario.removeBuilding', () => this.actions.intervene('remove-building', null), 'scenario-remove-building'),
      );
    } else if (target?.layer === 'networks') {
      box.append(
        this.button('scenario.cutEdge', () => this.actions.intervene('cut-edge', null), 'scenario-cut-edge'),
        this.button('scenario.restoreEdge', () => this.actions.intervene('restore-edge', null), 'scenario-restore-edge'),
      );
    }
    const undo = this.button('scenario.undo', () => this.actions.undo(), 'scenario-undo');
    undo.disabled = s.interventions.length === 0;
    box.append(undo, this.button('scenario.analyse', () => this.actions.analyse(), 'scenario-analyse'), this.button('scenario.publish', () => this.actions.publish(), 'scenario-publish'));
    return box;
  }

  private valueControl(label: MessageKey, action: MessageKey, kind: string, initial: number, className: string): HTMLElement {
    const row = el('div', 'scenario-value');
    const input = el('input', `${className}-value`);
    input.type = 'number';
    input.step = 'any';
    input.value = String(initial);
    row.append(this.labelled(input, label), this.button(action, () => this.actions.intervene(kind, Number(input.value)), className));
    return row;
  }

  private button(key: MessageKey, onClick: () => void, className: string): HTMLButtonElement {
    const b = el('button', className, this.i18n.t(key));
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }
}

function describe(i: Intervention): string {
  return i.value === null || i.value === undefined ? `${i.kind} ${i.targetId}` : `${i.kind} ${i.targetId} = ${i.value}`;
}
