import { Color, MeshLambertMaterial, type IUniform, type Texture } from 'three';

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
    totalEmissiveRadiance += highlightColour * 0.3;
  }
}`;

/**
 * A Lambert material whose diffuse colour comes from a per-feature texture, indexed by the
 * `_feature_id_0` vertex attribute: the whole tile stays one draw call, and recolouring a building
 * rewrites 4 bytes instead of its vertices. All tiles share one compiled program (same cache key);
 * each material has its own uniforms.
 */
export function createFeatureMaterial(colours: Texture, textureWidth: number): { material: MeshLambertMaterial; uniforms: FeatureUniforms } {
  const uniforms: FeatureUniforms = {
    featureColours: { value: colours },
    featureTexWidth: { value: textureWidth },
    selectedFeature: { value: -1 },
    highlightColour: { value: HIGHLIGHT_COLOUR },
  };
  const material = new MeshLambertMaterial({ color: 0xffffff, flatShading: true });
  material.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, uniforms);
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>${VERTEX_PARS}`)
      .replace('#include <begin_vertex>', '#include <begin_vertex>\n\tvFeatureId = int(_feature_id_0 + 0.5);');
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>${FRAGMENT_PARS}`)
      .replace('#include <color_fragment>', `#include <color_fragment>${FRAGMENT_COLOUR}`);
  };
  material.customProgramCacheKey = () => 'twincity-feature-lambert';
  return { material, uniforms };
}
