import { cityLayers, type CityInfo, type FeatureRef } from './core';
import { el, FeatureTable, localise, InfoPanel, LayerToggles, MetricSelector, OperatorDesk, type LayerToggleDetail, type MetricChangeDetail } from './ui';
import type { TwinViewer } from './TwinViewer';
import { SENSORS_LAYER } from './ViewerSensors';

/** Where the panels go: the header and side column of the viewer, and its root (panel, table). */
export interface PanelSlots {
  header: HTMLElement;
  side: HTMLElement;
  root: HTMLElement;
}

/**
 * Puts up the interface of a loaded city: title, metric selector, legend, layer toggles, info panel,
 * table view, and the operator's alert desk; wires each to the viewer.
 */
export function buildPanels(v: TwinViewer, city: CityInfo, slots: PanelSlots): void {
  const title = el('h1', 'city-name', city.name);
  const selector = new MetricSelector(v.i18n, city.metrics, city.metrics[0]?.id);
  selector.addEventListener('metric-change', (e) => v.setMetric((e as CustomEvent<MetricChangeDetail>).detail.metricId));
  v.metricSelector = selector;
  // The sensors layer is no tileset: its markers sit on the others' features.
  const sensors = { id: SENSORS_LAYER, name: 'Sensors', tileset: '', featureCount: 0 };
  v.layerToggles = new LayerToggles(v.i18n, [...cityLayers(city), sensors], { [SENSORS_LAYER]: v.sensors.shown });
  v.layerToggles.addEventListener('layer-toggle', (e) => {
    const { layerId, visible } = (e as CustomEvent<LayerToggleDetail>).detail;
    v.setLayerVisible(layerId, visible);
  });
  const sensorsKey = el('p', 'sensors-legend');
  localise(v.i18n, sensorsKey, 'sensors.legend');
  v.layerToggles.element.append(sensorsKey);
  slots.header.append(title, selector.element, v.legend.element, v.layerToggles.element);
  v.panel = new InfoPanel(v.i18n, city.metrics, city.provenance);
  v.panel.element.addEventListener('selection-clear', () => void v.select(null));
  v.table = new FeatureTable(v.i18n, city.metrics);
  v.table.addEventListener('feature-open', (e) => void v.select((e as CustomEvent<FeatureRef>).detail));
  slots.root.append(v.panel.element, v.table.element);
  if (v.settings.mode === 'operator' && v.settings.token) {
    v.desk = new OperatorDesk(v.i18n, v.settings.token, {
      flyTo: (alert) => void v.selection.flyToEntity(alert.entityId),
      onNew: (alert) => v.live.say(v.i18n.t('summary.newAlert', { message: alert.message })),
      onError: (message) => v.reportError(message),
    });
    slots.side.append(v.desk.list.element);
  }
}
