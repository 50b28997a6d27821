import { ExhibitKiosk, type SettingChangeDetail } from './ui';
import type { TwinViewer, TwinViewerOptions } from './TwinViewer';
import { SENSORS_LAYER, sensorsShownByDefault } from './ViewerSensors';

/**
 * The viewer's look and how it goes back to it: reduced motion, high contrast, the table view, and
 * the exhibit kiosk's full reset (camera, panels, selection, layers, time, language, settings).
 */
export class ViewerAppearance {
  highContrast: boolean;
  resets = 0;
  private kiosk: ExhibitKiosk | undefined;

  constructor(private readonly viewer: TwinViewer, private readonly root: HTMLElement, private readonly options: TwinViewerOptions) {
    this.highContrast = options.settings.highContrast;
  }

  prefersReducedMotion(): boolean {
    return this.options.settings.reducedMotion ?? (globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false);
  }

  onSetting({ setting, value }: SettingChangeDetail): void {
    const v = this.viewer;
    if (setting === 'reducedMotion') {
      v.motion.reducedMotion = value;
      this.root.classList.toggle('reduced-motion', value);
      if (value) v.motion.stop();
    } else if (setting === 'highContrast') {
      this.highContrast = value;
      this.applyContrast();
    } else if (setting === 'table') {
      v.table?.setVisible(value);
      v.refreshTable();
    }
  }

  applyContrast(): void {
    this.root.classList.toggle('high-contrast', this.highContrast);
    this.viewer.scene.setBackground(this.highContrast ? 0x000000 : 0xdde3ea);
  }

  /** Exhibit: after `idleSeconds` without input, reset everything and start the attract tour. */
  startKiosk(): void {
    const v = this.viewer;
    this.kiosk = new ExhibitKiosk(this.options.settings.idleSeconds, {
      onIdle: () => {
        this.reset();
        v.motion.startTour();
      },
      onActive: () => v.motion.stop(),
    });
  }

  /** Back to how the page opened: camera, panels, selection, layers, time, language, settings. */
  reset(): void {
    const v = this.viewer;
    this.resets++;
    v.motion.stop();
    void v.select(null);
    v.focus(null);
    v.table?.setVisible(false);
    v.settingsBar.set('table', false);
    v.layerToggles?.reset();
    for (const layer of v.layers) v.setLayerVisible(layer.id, true);
    v.setLayerVisible(SENSORS_LAYER, sensorsShownByDefault(this.options.settings.mode));
    if (v.replay.at) v.timeSlider.goLive();
    v.metricSelector?.set(v.city?.metrics[0]?.id);
    if (v.metric?.id !== v.city?.metrics[0]?.id) v.setMetric(v.city?.metrics[0]?.id);
    v.i18n.set(this.options.homeLanguage);
    v.motion.reducedMotion = this.prefersReducedMotion();
    v.settingsBar.set('reducedMotion', v.motion.reducedMotion);
    this.highContrast = this.options.settings.highContrast;
    v.settingsBar.set('highContrast', this.highContrast);
    this.applyContrast();
    if (v.homePose) v.scene.setPose(v.homePose);
    v.live.clear();
    v.live.say(v.i18n.t('summary.reset'));
  }

  dispose(): void {
    this.kiosk?.dispose();
  }
}
