import { Color, DoubleSide, MeshBasicMaterial, MeshLambertMaterial, type IUniform, type Material, type Texture } from 'three';

/** Per-tile shader inputs of a feature material; change `.value`, then render. */
export interface FeatureUniforms {
  featureColours: IUniform<Texture>;
  featureTexWidth: IUniform<number>;
  /** The highlighted feature index of this tile, -1 for none. */
  selectedFeature: IUniform<number>;
  highlightColour: IUniform<Color>;
}

/** Colour mixed into the selected building: a magenta that viridis never produces. */
export const HIGHLIGHT_COLOUR = new Color(0xff2e93);

const VERTEX_PARS = /* glsl */ `
attribute float _feature_id_0;
flat varying int vFeatureId;`;

const FRAGMENT_PARS = /* glsl */ `
uniform highp sampler2D featureColours;
uniform int featureTexWidth;
uniform int selectedFeature;
uniform vec3 highlightColour;
flat varying int vFeatureId;`;

const FRAGMENT_COLOUR = /* glsl */ `
{
  vec4 featureColour = texelFetch(featureColours, ivec2(vFeatureId % featureTexWidth, vFeatureId / featureTexWidth), 0);
  diffuseColor.rgb *= featureColour.rgb;
  if (vFeatureId == selectedFeature) {
    diffuseColor.rgb = mix(diffuseColor.rgb, highlightColour, 0.6);
    #ifdef TWINCITY_LIT
    totalEmissiveRadiance += highlightColour * 0.3;
    #endif
  }
}`;

/**
 * How a layer looks: `solid` (buildings: lit, flat-shaded volumes) or `flat` (streets and network
 * lines: ribbons on the ground, unlit so a value reads the same whichever way the ribbon faces).
 */
export type FeatureLook = 'solid' | 'flat';

/**
 * A Lambert material whose diffuse colour comes from a per-feature texture, indexed by the
 * `_feature_id_0` vertex attribute: the whole tile stays one draw call, and recolouring a building
 * rewrites 4 bytes instead of its vertices. All tiles share one compiled program (same cache key);
 * each material has its own uniforms.
 */
export function createFeatureMaterial(colours: Texture, textureWidth: number, look: FeatureLook = 'solid'): { material: Material; uniforms: FeatureUniforms } {
  const uniforms: FeatureUniforms = {
    featureColours: { value: colours },
    featureTexWidth: { value: textureWidth },
    selectedFeature: { value: -1 },
    highlightColour: { value: HIGHLIGHT_COLOUR },
  };
  const material =
    look === 'solid'
      ? new MeshLambertMaterial({ color: 0xffffff, flatShading: true })
      : new MeshBasicMaterial({ color: 0xffffff, side: DoubleSide, polygonOffset: true, polygonOffsetFactor: -1, polygonOffsetUnits: -2 });
  material.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, uniforms);
    if (look === 'solid') shader.defines = { ...shader.defines, TWINCITY_LIT: '' };
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>${VERTEX_PARS}`)
      .replace('#include <begin_vertex>', '#include <begin_vertex>\n\tvFeatureId = int(_feature_id_0 + 0.5);');
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>${FRAGMENT_PARS}`)
      .replace('#include <color_fragment>', `#include <color_fragment>${FRAGMENT_COLOUR}`);
  };
  material.customProgramCacheKey = () => `twincity-feature-${look}`;
  return { material, uniforms };
}
