export { TwinScene } from './TwinScene';
export {
  TwinTilesLayer,
  FEATURE_ID_ATTRIBUTE,
  type LoadedTile,
  type FeatureHit,
  type TileLoadedDetail,
  type TileLoadErrorDetail,
  type TwinTilesLayerOptions,
} from './TwinTilesLayer';
export { FeatureColourTexture } from './FeatureColourTexture';
export { createFeatureMaterial, HIGHLIGHT_COLOUR, type FeatureUniforms } from './featureMaterial';
export { featureScreenPoint } from './featureScreenPoint';
export { cityBounds } from './cityBounds';
