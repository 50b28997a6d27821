import { cityLayers, tilesOfLayer, type CityInfo } from './core';
import { TwinTilesetLayer, type TileLoadedDetail, type TileLoadErrorDetail } from './three';
import type { TwinViewer } from './TwinViewer';

/** Streams every layer the city lists (buildings solid, streets and networks flat), each tile known by id. */
export function addCityLayers(v: TwinViewer, city: CityInfo, cacheBytes: number | undefined): void {
  for (const info of cityLayers(city)) {
    const tiles = tilesOfLayer(city, info.id);
    const layer = addLayer(v, new TwinTilesetLayer({
      id: info.id,
      url: info.tileset,
      tiles,
      look: info.id === 'buildings' ? 'solid' : 'flat',
      token: v.settings.token,
      maxTextureSize: v.scene.renderer.capabilities.maxTextureSize,
      cacheBytes,
    }));
    for (const t of tiles) v.layerOfTile.set(t.id, layer);
  }
}

/**
 * Opens any 3D Tiles 1.1 tileset (no live data): third-party content, or a layer served elsewhere.
 * Features with `_FEATURE_ID_0` get the feature material; plain meshes keep their own materials.
 */
export function openTileset(v: TwinViewer, url: string): void {
  const layer = addLayer(v, new TwinTilesetLayer({ id: 'tileset', url, token: v.settings.token, maxTextureSize: v.scene.renderer.capabilities.maxTextureSize }));
  layer.addEventListener('tileset-ready', () => {
    v.homePose = v.scene.poseFor(layer.bounds());
    if (v.homePose) v.scene.setPose(v.homePose);
  });
  v.attribution.show({ source: url, licence: '', attribution: `Tileset: ${url}`, steps: [] });
  v.status.info(`Tileset ${url}`);
}

/** Puts a layer in the scene and wires its tiles to colouring, sensors and live subscriptions. */
function addLayer(v: TwinViewer, layer: TwinTilesetLayer): TwinTilesetLayer {
  layer.setCamera(v.scene.camera, v.scene.renderer);
  v.scene.scene.add(layer.group);
  layer.addEventListener('needs-render', () => v.scene.requestRender());
  layer.addEventListener('tile-loaded', (e) => v.onTileLoaded(layer, (e as CustomEvent<TileLoadedDetail>).detail.tileId));
  layer.addEventListener('tile-unloaded', (e) => {
    const { tileId } = (e as CustomEvent<TileLoadedDetail>).detail;
    v.colouring.colouredByTile.delete(tileId);
    v.sensors.onTileUnloaded(tileId);
  });
  layer.addEventListener('visible-tiles-change', () => v.scheduleSubscriptions());
  layer.addEventListener('tile-load-error', (e) => v.reportError((e as CustomEvent<TileLoadErrorDetail>).detail.message));
  v.layers.push(layer);
  v.scene.requestRender();
  return layer;
}
