import './ui/style.css';
import { I18n, parseSettings, pickLanguage } from './core';
import { TwinMap2D } from './TwinMap2D';
import { TwinViewer, type TwinCityTestHook } from './TwinViewer';

declare global {
  interface Window {
    twincity?: TwinCityTestHook;
  }
}

/** three.js needs WebGL 2; without it (blocked, old GPU, `--disable-webgl`) the 2D map takes over. */
function hasWebGl2(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

// The mode, language and options come from the URL (see core/viewerSettings.ts); the public viewer
// needs no token, `?token=…` lets an operator's or planner's link carry one.
const settings = parseSettings(location.search);
const homeLanguage = pickLanguage(settings.language, navigator.languages ?? [navigator.language]);
const i18n = new I18n(homeLanguage);
document.documentElement.lang = homeLanguage;
const root = document.getElementById('app') ?? document.body;
const report = (viewer: { reportError(message: string): void }) => (error: Error) =>
  viewer.reportError(error.message.includes(':') ? error.message : `TwinViewer: ${error.message}`);

if (settings.force2d || !hasWebGl2()) {
  const map = new TwinMap2D(root, settings, i18n);
  window.twincity = map.testHook();
  map.start().catch(report(map));
} else {
  const viewer = new TwinViewer(root, { settings, i18n, homeLanguage, cacheBytes: settings.gpuMb ? settings.gpuMb * 1024 * 1024 : undefined });
  window.twincity = viewer.testHook();
  // `?tileset=<url>` opens any 3D Tiles 1.1 tileset instead of the twin (third-party data, no live link).
  (settings.tileset ? Promise.resolve(viewer.openTileset(settings.tileset)) : viewer.start()).catch(report(viewer));
}
