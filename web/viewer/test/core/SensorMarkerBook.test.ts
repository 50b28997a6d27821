import { describe, expect, it } from 'vitest';
import { SENSOR_STALE_MS, SensorMarkerBook, type TileSensor } from '../../src/core';

const sensor = (id: string, feature: number, metric = 'power_kw'): TileSensor => ({ id, metric, unit: 'kW', entity: `osm:way/${feature}`, feature, countsPeople: false });
const metrics = ['power_kw', 'people_count'];
const metricIndexOf = (id: string) => metrics.indexOf(id);
const top = (feature: number): [number, number, number] => [feature * 10, 20, -feature];

describe('SensorMarkerBook', () => {
  it('should place one marker per sensor at the top of its feature, stacking sensors that share a feature', () => {
    const book = new SensorMarkerBook();

    const placed = book.place('0_0_0', [sensor('a', 1), sensor('b', 2), sensor('c', 1, 'people_count')], metricIndexOf, top, 6);

    expect(placed).toBe(3);
    expect(book.count).toBe(3);
    expect(book.find('a')?.position).toEqual([10, 20, -1]);
    expect(book.find('c')?.position).toEqual([10, 26, -1]);
    expect(book.find('c')?.metricIndex).toBe(1);
    expect(book.has('0_0_0')).toBe(true);
  });

  it('should leave out sensors whose feature the tile geometry does not hold', () => {
    const book = new SensorMarkerBook();

    const placed = book.place('t', [sensor('a', 1), sensor('gone', 99)], metricIndexOf, (f) => (f === 99 ? null : top(f)));

    expect(placed).toBe(1);
    expect(book.find('gone')).toBeUndefined();
  });

  it('should drop only the unloaded tile\'s markers and keep the rest dense', () => {
    const book = new SensorMarkerBook();
    book.place('a', [sensor('a1', 0), sensor('a2', 1)], metricIndexOf, top);
    book.place('b', [sensor('b1', 0)], metricIndexOf, top);
    book.place('c', [sensor('c1', 3), sensor('c2', 4)], metricIndexOf, top);

    const dropped = book.remove('b');

    expect(dropped).toBe(1);
    expect(book.markers.map((m) => m.sensor.id)).toEqual(['a1', 'a2', 'c1', 'c2']);
    expect(book.has('b')).toBe(false);
    expect(book.remove('b')).toBe(0);
  });

  it('should replace a tile\'s markers when its sensors are placed again', () => {
    const book = new SensorMarkerBook();
    book.place('a', [sensor('a1', 0), sensor('a2', 1)], metricIndexOf, top);

    book.place('a', [sensor('a3', 2)], metricIndexOf, top);

    expect(book.markers.map((m) => m.sensor.id)).toEqual(['a3']);
  });

  it('should make a sensor live when a frame changes its feature and metric, and stale again after the window', () => {
    const book = new SensorMarkerBook();
    book.place('a', [sensor('power', 1), sensor('people', 1, 'people_count'), sensor('other', 2)], metricIndexOf, top);

    const touched = book.heard('a', 0, Uint32Array.of(1, 5), 1000);

    expect(touched).toBe(1);
    expect(book.liveCount(1000)).toBe(1);
    expect(SensorMarkerBook.isLive(book.find('power')!, 1000 + SENSOR_STALE_MS)).toBe(true);
    expect(SensorMarkerBook.isLive(book.find('power')!, 1001 + SENSOR_STALE_MS)).toBe(false);
    expect(SensorMarkerBook.isLive(book.find('people')!, 1000)).toBe(false);
    expect(book.heard('not-placed', 0, [1], 1000)).toBe(0);
  });

  it('should remember when a sensor was heard while its tile is off the map, and forget it on reset (a new city)', () => {
    const book = new SensorMarkerBook();
    book.place('a', [sensor('a1', 0)], metricIndexOf, top);
    book.heard('a', 0, [0], 500);

    book.clear();
    expect(book.count).toBe(0);
    expect(book.has('a')).toBe(false);
    book.place('a', [sensor('a1', 0)], metricIndexOf, top);
    expect(book.find('a1')?.heardAt).toBe(500);

    book.reset();
    book.place('a', [sensor('a1', 0)], metricIndexOf, top);
    expect(book.find('a1')?.heardAt).toBeNull();
  });

  it('should list the sensor ids on each feature for the table view', () => {
    const book = new SensorMarkerBook();
    book.place('a', [sensor('s1', 1), sensor('s2', 1), sensor('s3', 4)], metricIndexOf, top);

    expect([...book.idsByFeature()]).toEqual([['a#1', ['s1', 's2']], ['a#4', ['s3']]]);
  });
});
