import { BufferAttribute, BufferGeometry, Mesh } from 'three';
import { describe, expect, it } from 'vitest';
import { prepareGeometry } from '../../src/three/TwinTilesLayer';

/** A one-triangle tile as GLTFLoader returns a KHR_mesh_quantization primitive: int16 positions, a dequantising node. */
function quantisedTile(): Mesh {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Int16Array([0, 0, 0, 32767, 0, 0, 0, 100, -32767]), 3));
  geometry.setAttribute('_feature_id_0', new BufferAttribute(new Uint16Array([7, 7, 7]), 1));
  const mesh = new Mesh(geometry);
  mesh.scale.set(0.0123, 0.004, 0.0123); // metres per step
  mesh.position.set(1500.25, 12, -800.5); // the tile's offset in the city frame
  mesh.updateMatrixWorld();
  return mesh;
}

describe('prepareGeometry', () => {
  it('should dequantise int16 positions into float city coordinates without rounding them', () => {
    const geometry = prepareGeometry(quantisedTile(), 0);

    const position = geometry.getAttribute('position');
    expect(position.array).toBeInstanceOf(Float32Array);
    expect(position.getX(1)).toBeCloseTo(1500.25 + 32767 * 0.0123, 3);
    expect(position.getY(2)).toBeCloseTo(12 + 100 * 0.004, 4);
    expect(position.getZ(2)).toBeCloseTo(-800.5 - 32767 * 0.0123, 3);
  });

  it('should keep the feature ids', () => {
    const geometry = prepareGeometry(quantisedTile(), 0);

    expect(Array.from(geometry.getAttribute('_feature_id_0').array)).toEqual([7, 7, 7]);
  });
});
