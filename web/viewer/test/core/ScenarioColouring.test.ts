import { describe, expect, it } from 'vitest';
import { colourOf } from '../../src/core/colourMap';
import { ScenarioColouring } from '../../src/core/ScenarioColouring';
import type { EntityDifference } from '../../src/core/scenarioApi';

const differences: EntityDifference[] = [
  { entityId: 'a', metric: 'travel_time', baseline: 10, scenario: 30 },
  { entityId: 'b', metric: 'travel_time', baseline: 20, scenario: 15 },
  { entityId: 'a', metric: 'traffic_flow', baseline: 100, scenario: 0 },
  { entityId: 'lost', metric: 'travel_time', baseline: 1, scenario: 2 },
];
const where = (id: string) => (id === 'a' ? { tileId: 's/1', featureIndex: 2 } : id === 'b' ? { tileId: 's/2', featureIndex: 0 } : undefined);
const counts = new Map([['s/1', 4], ['s/2', 1]]);

describe('ScenarioColouring', () => {
  it('should list the metrics of the differences once each, in order', () => {
    expect(ScenarioColouring.metricsOf(differences)).toEqual(['travel_time', 'traffic_flow']);
  });

  it('should lay out one metric per tile and leave the other features without a value', () => {
    const c = new ScenarioColouring();
    c.set('travel_time', differences, where, counts);
    c.view = 'difference';

    expect(c.placed).toBe(2);
    expect(Array.from(c.valuesOf('s/1')!)).toEqual([NaN, NaN, 20, NaN]);
    expect(Array.from(c.valuesOf('s/2')!)).toEqual([-5]);
    expect(Array.from(c.valuesOf('s/1', 'today')!)[2]).toBe(10);
    expect(Array.from(c.valuesOf('s/1', 'scenario')!)[2]).toBe(30);
  });

  it('should colour differences on a symmetric diverging scale and values on one shared sequential scale', () => {
    const c = new ScenarioColouring();
    c.set('travel_time', differences, where, counts);

    expect(c.scale('difference')).toEqual({ min: -20, max: 20, palette: 'diverging' });
    expect(c.scale('today')).toEqual({ min: 10, max: 30, palette: 'sequential' });
  });

  it('should draw no change white, a rise red and a fall blue', () => {
    const out = [0, 0, 0, 0];
    colourOf(0, -1, 1, out, 0, 'diverging');
    expect(out).toEqual([0xf7, 0xf7, 0xf7, 255]);
    colourOf(1, -1, 1, out, 0, 'diverging');
    expect(out[0]).toBeGreaterThan(out[2]);
    colourOf(-1, -1, 1, out, 0, 'diverging');
    expect(out[2]).toBeGreaterThan(out[0]);
  });

  it('should be inactive until a view and a metric are set, and again after clear', () => {
    const c = new ScenarioColouring();
    expect(c.active).toBe(false);
    c.set('travel_time', differences, where, counts);
    c.view = 'scenario';
    expect(c.active).toBe(true);
    c.clear();
    expect(c.active).toBe(false);
    expect(c.valuesOf('s/1')).toBeUndefined();
  });
});
