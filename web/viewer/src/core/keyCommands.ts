/** What a key press asks the viewer to do. */
export type KeyCommand =
  | { kind: 'pan'; right: number; forward: number }
  | { kind: 'zoom'; factor: number }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'open' }
  | { kind: 'close' };

/** One keyboard step pans by this share of the camera's distance. */
export const PAN_STEP = 0.1;
/** One keyboard step zooms by this factor. */
export const ZOOM_STEP = 0.8;

/**
 * The viewer's keys (the canvas or map has focus): arrows or W A S D pan, + / - zoom, N and Shift+N
 * go through the features in view, Enter opens the focused one, Escape closes. Keys with Ctrl, Alt
 * or Meta are left to the browser; Tab is never taken, so focus can always leave the canvas.
 */
export function keyCommand(e: { key: string; shiftKey?: boolean; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): KeyCommand | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case 'ArrowLeft': case 'a': case 'A': return { kind: 'pan', right: -PAN_STEP, forward: 0 };
    case 'ArrowRight': case 'd': case 'D': return { kind: 'pan', right: PAN_STEP, forward: 0 };
    case 'ArrowUp': case 'w': case 'W': return { kind: 'pan', right: 0, forward: PAN_STEP };
    case 'ArrowDown': case 's': case 'S': return { kind: 'pan', right: 0, forward: -PAN_STEP };
    case '+': case '=': return { kind: 'zoom', factor: ZOOM_STEP };
    case '-': case '_': return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case 'n': return { kind: e.shiftKey ? 'previous' : 'next' };
    case 'N': return { kind: e.shiftKey ? 'previous' : 'next' };
    case 'Enter': return { kind: 'open' };
    case 'Escape': return { kind: 'close' };
    default: return null;
  }
}
