import { authHeaders, type ApiOptions } from './cityApi';

/** `GET /api/scenarios`: one row of the list. */
export interface ScenarioSummary {
  id: string;
  name: string;
  authorRole: string;
  created: string;
  published: string | null;
  interventions: number;
}

export interface Intervention {
  kind: string;
  targetId: string;
  value: number | null;
  footprint?: number[] | null;
  replaces?: string[] | null;
}

/** `GET /api/scenarios/{id}`. */
export interface ScenarioDetails {
  id: string;
  name: string;
  assumptions: string;
  authorRole: string;
  created: string;
  published: string | null;
  interventions: Intervention[];
}

export interface KpiValue {
  id: string;
  label: string;
  unit: string;
  baseline: number;
  scenario: number;
}

export interface EntityDifference {
  entityId: string;
  metric: string;
  baseline: number;
  scenario: number;
}

/** `GET /api/scenarios/{id}/analysis`. */
export interface ScenarioAnalysis {
  scenarioId: string;
  cityVersion: number;
  analysed: string;
  kpis: KpiValue[];
  differences: EntityDifference[];
  notes: string[];
}

export interface ScenarioComment {
  id: string;
  text: string;
  posted: string;
  hidden: boolean;
}

export interface VoteTotals {
  support: number;
  oppose: number;
}

/** A refusal from the server: `detail` is the ProblemDetails' explanation, meant for people. */
export class ScenarioApiError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(`scenarioApi: ${detail}`);
  }
}

async function call<T>(method: string, url: string, options: ApiOptions, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { ...authHeaders(options.token) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      detail = problem.detail || problem.title || detail;
    } catch {
      // not a problem document
    }
    throw new ScenarioApiError(response.status, detail);
  }
  return (await response.json()) as T;
}

const base = (id: string) => `/api/scenarios/${encodeURIComponent(id)}`;

/** The scenarios' REST calls (README "Scenarios and participation"); the role comes with the token. */
export const scenarioApi = {
  list: (o: ApiOptions) => call<ScenarioSummary[]>('GET', '/api/scenarios', o),
  create: (name: string, assumptions: string, o: ApiOptions) => call<ScenarioDetails>('POST', '/api/scenarios', o, { name, assumptions }),
  get: (id: string, o: ApiOptions) => call<ScenarioDetails>('GET', base(id), o),
  intervene: (id: string, intervention: Intervention, o: ApiOptions) => call<ScenarioDetails>('POST', `${base(id)}/interventions`, o, intervention),
  undo: (id: string, o: ApiOptions) => call<ScenarioDetails>('POST', `${base(id)}/undo`, o),
  publish: (id: string, o: ApiOptions) => call<ScenarioDetails>('POST', `${base(id)}/publish`, o),
  analyse: (id: string, o: ApiOptions) => call<ScenarioAnalysis>('POST', `${base(id)}/analyse`, o),
  analysis: (id: string, o: ApiOptions) => call<ScenarioAnalysis>('GET', `${base(id)}/analysis`, o),
  comments: (id: string, o: ApiOptions) => call<ScenarioComment[]>('GET', `${base(id)}/comments`, o),
  comment: (id: string, text: string, o: ApiOptions) => call<ScenarioComment>('POST', `${base(id)}/comments`, o, { text }),
  hide: (id: string, commentId: string, o: ApiOptions) => call<unknown>('POST', `${base(id)}/comments/${encodeURIComponent(commentId)}/hide`, o),
  votes: (id: string, o: ApiOptions) => call<VoteTotals>('GET', `${base(id)}/votes`, o),
  vote: (id: string, vote: 'support' | 'oppose', o: ApiOptions) => call<VoteTotals>('POST', `${base(id)}/votes`, o, { vote }),
};
