import type { Language } from './i18n';

/** The three audiences, plus the default read-only public view. */
export type ViewerMode = 'public' | 'operator' | 'planner' | 'exhibit';
export const VIEWER_MODES: readonly ViewerMode[] = ['public', 'operator', 'planner', 'exhibit'];

/** What the page URL asks for. */
export interface ViewerSettings {
  mode: ViewerMode;
  /** Bearer token (`?token=`); never used in exhibit mode. */
  token: string | null;
  /** `?lang=en|fr`; null = from the browser. */
  language: Language | null;
  /** Exhibit: seconds without input before the full reset and attract tour (`?idle=`). */
  idleSeconds: number;
  /** `?motion=reduced` forces reduced motion; null = from the OS setting. */
  reducedMotion: boolean | null;
  highContrast: boolean;
  /** Tile cache per layer in MB (`?gpu=`). */
  gpuMb: number | null;
  /** A third-party tileset to open instead of the twin (`?tileset=`). */
  tileset: string | null;
  /** Forces the 2D map even when WebGL works (`?view=2d`). */
  force2d: boolean;
  /** A scenario to open at start (`?scenario=<id>`, a shared link). */
  scenario: string | null;
}

export const DEFAULT_IDLE_SECONDS = 120;

/** Reads the settings from a query string; unknown or malformed values fall back to the defaults. */
export function parseSettings(search: string): ViewerSettings {
  const params = new URLSearchParams(search);
  const mode = params.get('mode');
  const lang = params.get('lang');
  const idle = Number(params.get('idle'));
  const gpu = Number(params.get('gpu'));
  const motion = params.get('motion');
  const viewerMode = (VIEWER_MODES as readonly string[]).includes(mode ?? '') ? (mode as ViewerMode) : 'public';
  return {
    mode: viewerMode,
    token: viewerMode === 'exhibit' ? null : params.get('token'),
    language: lang === 'en' || lang === 'fr' ? lang : null,
    idleSeconds: idle > 0 && Number.isFinite(idle) ? idle : DEFAULT_IDLE_SECONDS,
    reducedMotion: motion === 'reduced' ? true : motion === 'full' ? false : null,
    highContrast: params.get('contrast') === 'high',
    gpuMb: gpu > 0 ? gpu : null,
    tileset: params.get('tileset'),
    force2d: params.get('view') === '2d',
    scenario: params.get('scenario') || null,
  };
}

/** The server role a mode acts as (exhibit and public are the public role: read-only). */
export function roleOf(mode: ViewerMode): 'public' | 'operator' | 'planner' {
  return mode === 'operator' || mode === 'planner' ? mode : 'public';
}

/** Whether the mode may show controls that write to the twin. */
export function canWrite(mode: ViewerMode): boolean {
  return roleOf(mode) !== 'public';
}
