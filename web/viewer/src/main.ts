import './ui/style.css';
import { TwinViewer, type TwinCityTestHook } from './TwinViewer';

declare global {
  interface Window {
    twincity?: TwinCityTestHook;
  }
}

// The public viewer needs no token; `?token=…` lets an operator's link carry one.
const params = new URLSearchParams(location.search);
const token = params.get('token');
const gpuMb = Number(params.get('gpu'));
const root = document.getElementById('app') ?? document.body;
const viewer = new TwinViewer(root, token, { cacheBytes: gpuMb > 0 ? gpuMb * 1024 * 1024 : undefined });
window.twincity = viewer.testHook();

// `?tileset=<url>` opens any 3D Tiles 1.1 tileset instead of the twin (third-party data, no live link).
const tileset = params.get('tileset');
(tileset ? Promise.resolve(viewer.openTileset(tileset)) : viewer.start()).catch((error: Error) => {
  const message = error.message.includes(':') ? error.message : `TwinViewer: ${error.message}`;
  viewer.reportError(message);
});
