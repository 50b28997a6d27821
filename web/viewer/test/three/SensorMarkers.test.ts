import { Color, Raycaster, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { SensorMarkerBook, type TileSensor } from '../../src/core';
import { LIVE_MARKER_COLOUR, SensorMarkers, STALE_MARKER_COLOUR } from '../../src/three';

const sensors = (tile: string, n: number): TileSensor[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${tile}-${i}`, metric: 'power_kw', unit: 'kW', entity: `e${i}`, feature: i, countsPeople: false }));
const place = (book: SensorMarkerBook, tile: string, n: number, x = 0) =>
  book.place(tile, sensors(tile, n), () => 0, (f) => [x + f * 50, 10, 0]);

describe('SensorMarkers', () => {
  it('should draw every marker with one instanced mesh whatever the number of tiles', () => {
    const book = new SensorMarkerBook();
    const markers = new SensorMarkers();
    place(book, 'a', 3);
    place(book, 'b', 70, 1000);

    markers.sync(book, 0);

    expect(markers.count).toBe(73);
    expect(markers.group.children).toHaveLength(1);
    expect(markers.capacity).toBe(128);
  });

  it('should shrink its buffers when most markers go and free them when the last tile unloads', () => {
    const book = new SensorMarkerBook();
    const markers = new SensorMarkers();
    place(book, 'big', 300);
    place(book, 'small', 2, 100_000);
    markers.sync(book, 0);
    expect(markers.capacity).toBe(512);

    book.remove('big');
    markers.sync(book, 0);
    expect(markers.count).toBe(2);
    expect(markers.capacity).toBe(64);

    book.remove('small');
    markers.sync(book, 0);
    expect(markers.capacity).toBe(0);
    expect(markers.group.children).toHaveLength(0);
  });

  it('should colour live markers yellow and stale ones grey', () => {
    const book = new SensorMarkerBook();
    const markers = new SensorMarkers();
    place(book, 'a', 2);
    book.heard('a', 0, [1], 1000);

    markers.sync(book, 1000);

    const mesh = markers.group.children[0] as unknown as { getColorAt(i: number, c: Color): void };
    const colour = new Color();
    mesh.getColorAt(0, colour);
    expect(colour.getHex()).toBe(STALE_MARKER_COLOUR);
    mesh.getColorAt(1, colour);
    expect(colour.getHex()).toBe(LIVE_MARKER_COLOUR);
  });

  it('should recolour a marker that turned live without rewriting places when only states changed', () => {
    const book = new SensorMarkerBook();
    const markers = new SensorMarkers();
    place(book, 'a', 2);
    markers.sync(book, 0);
    const mesh = markers.group.children[0] as unknown as { getColorAt(i: number, c: Color): void; instanceMatrix: { version: number } };
    const matrixVersion = mesh.instanceMatrix.version;
    book.heard('a', 0, [0], 10);

    markers.sync(book, 10, true);

    const colour = new Color();
    mesh.getColorAt(0, colour);
    expect(colour.getHex()).toBe(LIVE_MARKER_COLOUR);
    expect(mesh.instanceMatrix.version).toBe(matrixVersion);
  });

  it('should pick the marker a ray hits and nothing once the layer is hidden', () => {
    const book = new SensorMarkerBook();
    const markers = new SensorMarkers();
    place(book, 'a', 3);
    markers.sync(book, 0);
    markers.group.updateMatrixWorld(true);
    const ray = new Raycaster(new Vector3(50, 500, 0), new Vector3(0, -1, 0));

    expect(markers.pick(ray, book)?.marker.sensor.id).toBe('a-1');
    markers.visible = false;
    expect(markers.pick(ray, book)).toBeNull();
  });
});
