import { fetchEntityPlaces, MAX_PLACES_PER_CALL, ScenarioApiError, ScenarioColouring, scenarioApi, type ApiOptions, type EntityPlace, type FeatureRef, type ScenarioAnalysis, type ScenarioDetails, type ScenarioView } from './core';
import { ScenarioPanel, ScenarioParticipation, ScenarioResults, SwipeDivider, type DrawnKind } from './ui';
import type { TwinViewer } from './TwinViewer';

/**
 * Entities of one metric placed on the map at most, the largest changes first. The analysis names
 * entities and the map draws tile features, so each is looked up (`GET /api/entity-places`, a
 * hundred per request); a city-wide traffic shift can list thousands of tiny changes no one sees.
 */
const MAX_PLACED = 2000;

/**
 * Scenario mode: drives the scenario panel, keeps the open scenario and its analysis, and hands
 * the viewer a {@link ScenarioColouring} that it colours from the way it colours a replayed moment.
 * `?scenario=<id>` opens one at start (the public sees published ones only).
 */
export class ScenarioMode {
  readonly colouring = new ScenarioColouring();
  readonly panel: ScenarioPanel;
  readonly results: ScenarioResults;
  readonly swipe: SwipeDivider;
  participation: ScenarioParticipation | undefined;
  scenario: ScenarioDetails | null = null;
  analysis: ScenarioAnalysis | null = null;
  private readonly places = new Map<string, FeatureRef | null>();
  private drawing: { kind: DrawnKind; corners: number[] } | null = null;
  private request = 0;
  private started = false;
  /** Calls in flight (the test hook waits for 0). */
  busy = 0;

  constructor(private readonly viewer: TwinViewer, private readonly planner: boolean) {
    this.panel = new ScenarioPanel(viewer.i18n, planner, {
      open: (id) => void this.open(id),
      create: (name, assumptions) => void this.run(async () => {
        const created = await scenarioApi.create(name, assumptions, this.options);
        await this.refreshList();
        await this.open(created.id);
      }),
      intervene: (kind, value) => void this.intervene(kind, value),
      draw: (kind) => this.draw(kind),
      finishDrawing: (value) => void this.finishDrawing(value),
      cancelDrawing: () => this.stopDrawing(),
      undo: () => void this.edit((id) => scenarioApi.undo(id, this.options)),
      analyse: () => void this.analyse(),
      publish: () => void this.edit((id) => scenarioApi.publish(id, this.options)),
      leave: () => this.leave(),
    });
    this.results = new ScenarioResults(viewer.i18n, {
      setView: (view) => this.setView(view),
      setMetric: (metric) => void this.colourBy(metric),
    });
    this.swipe = new SwipeDivider(viewer.i18n, (at) => viewer.setSplit(at));
    this.results.element.append(this.swipe.element);
    this.panel.extras.append(this.results.element);
    viewer.addOverlay(this.swipe.line);
  }

  private get options(): ApiOptions {
    return { token: this.viewer.settings.token, signal: this.viewer.abort.signal };
  }

  /** Lists the scenarios and opens `?scenario=` (once, not again when a new city loads). */
  async start(initial: string | null): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.run(() => this.refreshList());
    if (initial) await this.open(initial);
  }

  async refreshList(): Promise<void> {
    this.panel.showList(await scenarioApi.list(this.options));
  }

  /** Opens a scenario: its interventions, its analysis (if any) coloured on the map, participation when published. */
  async open(id: string): Promise<void> {
    const request = ++this.request;
    await this.run(async () => {
      const scenario = await scenarioApi.get(id, this.options);
      if (request !== this.request) return;
      this.show(scenario);
      const url = new URL(location.href);
      url.searchParams.set('scenario', id);
      history.replaceState(null, '', url);
      await this.loadAnalysis(request);
    });
  }

  /** The selected feature changed: interventions act on it. */
  onSelection(): void {
    const selected = this.viewer.selected;
    const layer = selected ? this.viewer.layerOfTile.get(selected.tileId)?.id : undefined;
    this.panel.setTarget(selected?.id && layer ? { id: selected.id, layer } : null);
  }

  setView(view: ScenarioView | null): void {
    this.colouring.view = view;
    this.viewer.recolourAll();
    this.showColouring();
    if (view && this.scenario) this.viewer.live.say(this.viewer.i18n.t('summary.scenario', { name: this.scenario.name, view: this.viewer.i18n.t(`scenario.view.${view}`) }));
  }

  /** Closes the scenario: the map is the live city again. */
  leave(): void {
    this.request++;
    this.stopDrawing();
    this.swipe.off();
    this.scenario = null;
    this.analysis = null;
    this.colouring.clear();
    this.panel.showScenario(null);
    this.results.show(null, []);
    this.participation?.element.remove();
    this.participation = undefined;
    const url = new URL(location.href);
    url.searchParams.delete('scenario');
    history.replaceState(null, '', url);
    this.viewer.recolourAll();
  }

  private show(scenario: ScenarioDetails): void {
    const changed = this.scenario?.id !== scenario.id || !!this.scenario?.published !== !!scenario.published;
    this.scenario = scenario;
    this.panel.showScenario(scenario);
    this.panel.showError(null);
    if (changed) {
      this.participation?.element.remove();
      this.participation = undefined;
      if (scenario.published && this.viewer.settings.mode !== 'exhibit') {
        this.participation = new ScenarioParticipation(this.viewer.i18n, scenario.id, this.planner, this.options);
        this.panel.extras.append(this.participation.element);
        void this.participation.refresh();
      }
    }
  }

  /** Starts drawing a footprint: each click on the map adds a corner (local metres east, north). */
  private draw(kind: DrawnKind): void {
    const corners: number[] = [];
    this.drawing = { kind, corners };
    this.viewer.groundClick = (east, north) => {
      corners.push(Math.round(east * 100) / 100, Math.round(north * 100) / 100);
      this.panel.showDrawing({ kind, corners: corners.length / 2 });
    };
    this.panel.showDrawing({ kind, corners: 0 });
  }

  private stopDrawing(): void {
    this.drawing = null;
    this.viewer.groundClick = null;
    this.panel.showDrawing(null);
  }

  /** Sends the drawn footprint as a new building (with its height) or green area, under a new id. */
  private async finishDrawing(value: number | null): Promise<void> {
    const drawing = this.drawing;
    if (!drawing) return;
    this.stopDrawing();
    const targetId = `scenario:${drawing.kind === 'add-building' ? 'building' : 'green'}/${Date.now().toString(36)}`;
    await this.edit((id) => scenarioApi.intervene(id, { kind: drawing.kind, targetId, value, footprint: drawing.corners }, this.options));
  }

  private async intervene(kind: string, value: number | null): Promise<void> {
    const target = this.viewer.selected?.id;
    if (!target) return;
    await this.edit((id) => scenarioApi.intervene(id, { kind, targetId: target, value }, this.options));
  }

  /** A change to the scenario: the stored analysis is gone, so the colouring goes too. */
  private async edit(action: (id: string) => Promise<unknown>): Promise<void> {
    const id = this.scenario?.id;
    if (!id) return;
    await this.run(async () => {
      await action(id);
      this.show(await scenarioApi.get(id, this.options));
      await this.refreshList();
      // The server drops a scenario's analysis on every edit (publishing keeps it).
      if (this.scenario?.published) await this.loadAnalysis(this.request);
      else await this.showAnalysis(null);
    });
  }

  private async analyse(): Promise<void> {
    const id = this.scenario?.id;
    if (!id) return;
    const request = this.request;
    this.panel.showError(null);
    this.panel.showStatus(this.viewer.i18n.t('scenario.analysing'));
    await this.run(async () => {
      const analysis = await scenarioApi.analyse(id, this.options);
      if (request === this.request) await this.showAnalysis(analysis);
    });
    this.panel.showStatus(null);
  }

  private async loadAnalysis(request: number): Promise<void> {
    const id = this.scenario?.id;
    // Nothing changed, nothing analysed: spare the 404.
    if (!id || this.scenario?.interventions.length === 0) return this.showAnalysis(null);
    let analysis: ScenarioAnalysis | null = null;
    try {
      analysis = await scenarioApi.analysis(id, this.options);
    } catch (error) {
      if (!(error instanceof ScenarioApiError && error.status === 404)) throw error;
    }
    if (request === this.request) await this.showAnalysis(analysis);
  }

  private async showAnalysis(analysis: ScenarioAnalysis | null): Promise<void> {
    this.analysis = analysis;
    const metrics = analysis ? ScenarioColouring.metricsOf(analysis.differences) : [];
    this.results.show(analysis, metrics);
    if (!analysis || metrics.length === 0) {
      this.swipe.off();
      this.colouring.clear();
      this.viewer.recolourAll();
      this.showColouring();
      return;
    }
    await this.colourBy(metrics[0]);
    this.setView(this.colouring.view ?? 'difference');
  }

  /** Colours the map by one metric of the analysis' differences. */
  private async colourBy(metric: string): Promise<void> {
    const analysis = this.analysis;
    const city = this.viewer.city;
    if (!analysis || !city) return;
    const ofMetric = analysis.differences
      .filter((d) => d.metric === metric)
      .sort((a, b) => Math.abs(b.scenario - b.baseline) - Math.abs(a.scenario - a.baseline))
      .slice(0, MAX_PLACED);
    await this.place(ofMetric.map((d) => d.entityId));
    if (analysis !== this.analysis) return;
    const counts = new Map(city.tiles.map((t) => [t.id, t.featureCount]));
    this.colouring.set(metric, ofMetric, (id) => this.places.get(id) ?? undefined, counts);
    this.viewer.recolourAll();
    this.viewer.setSplit(this.swipe.at);
    this.showColouring();
  }

  /** Finds where each entity is drawn (once per entity; unknown ones are left off the map). */
  private async place(ids: string[]): Promise<void> {
    const todo = ids.filter((id) => !this.places.has(id));
    for (let start = 0; start < todo.length; start += MAX_PLACES_PER_CALL) {
      const batch = todo.slice(start, start + MAX_PLACES_PER_CALL);
      let found: EntityPlace[] = [];
      try {
        found = await fetchEntityPlaces(batch, this.options);
      } catch {
        // left off the map, like an unknown id
      }
      for (const id of batch) this.places.set(id, null);
      for (const place of found) this.places.set(place.id, { tileId: place.tile, featureIndex: place.feature });
    }
  }

  private showColouring(): void {
    this.results.showColouring(this.colouring.view, this.colouring.metric, this.colouring.scale(), this.colouring.placed);
  }

  /** Runs a call; a refusal shows its ProblemDetails `detail` in the panel's alert line. */
  private async run(action: () => Promise<void>): Promise<void> {
    this.busy++;
    try {
      await action();
    } catch (error) {
      const reason = error instanceof ScenarioApiError ? error.detail : (error as Error).message;
      this.panel.showError(this.viewer.i18n.t('scenario.failed', { reason }));
    } finally {
      this.busy--;
    }
  }
}
