export { TwinScene } from './TwinScene';
export {
  TwinTilesetLayer,
  type LoadedTile,
  type FeatureHit,
  type TileLoadedDetail,
  type TileLoadErrorDetail,
  type TwinTilesetLayerOptions,
} from './TwinTilesetLayer';
export { FEATURE_ID_ATTRIBUTE, prepareTileMesh, geometryBytes } from './prepareTileMesh';
export { tilesetFrame, eastNorthUpAt } from './tilesetFrame';
export { FeatureColourTexture } from './FeatureColourTexture';
export { createFeatureMaterial, HIGHLIGHT_COLOUR, type FeatureUniforms, type FeatureLook } from './featureMaterial';
export { featureScreenPoint } from './featureScreenPoint';
export { cityBounds } from './cityBounds';
export { CameraMotion } from './CameraMotion';
export type { CameraPose, SplitView } from './TwinScene';
export { loadFootprints } from './loadFootprints';
export { SensorMarkers, LIVE_MARKER_COLOUR, STALE_MARKER_COLOUR } from './SensorMarkers';
export { featureTops } from './featureTops';
