/**
 * Every string of the interface, in English and French, and the current language. Small on
 * purpose: a flat dictionary, `{name}` placeholders, no plural engine (the few counts use
 * `formatCount` wording that reads well for any number).
 */

export type Language = 'en' | 'fr';
export const LANGUAGES: readonly Language[] = ['en', 'fr'];

const en = {
  'app.title': 'TwinCity',
  'app.noscript': 'The TwinCity viewer needs JavaScript.',
  'canvas.label': '3D city view. Arrow keys or W A S D move, + and - zoom, N and Shift+N go through the buildings in view, Enter opens the selected one, Escape closes.',
  'map2d.label': '2D city map (WebGL is not available). Click a building to select it; N and Shift+N go through the buildings, Enter opens, Escape closes.',
  'status.loading': 'Loading city…',
  'status.loadingWhy': 'Loading city… {why}',
  'status.streaming': '{city}: streaming tiles…',
  'status.live': '{city}: live',
  'status.reconnecting': 'Live data: reconnecting…',
  'status.fallback': '{city}: 2D map (WebGL is not available)',
  'colourBy': 'Colour by',
  'legend.none': 'no value yet',
  'panel.label': 'Selected feature',
  'panel.none': 'Nothing selected',
  'panel.hint': 'Click a building, or press N then Enter, to see its live values.',
  'panel.loading': 'Loading…',
  'panel.feature': 'Feature {index} of tile {tile}',
  'panel.close': 'Close the panel (Escape)',
  'panel.id': 'Id',
  'panel.name': 'Name',
  'panel.height': 'Height',
  'panel.estimated': '(estimated)',
  'panel.footprint': 'Footprint',
  'panel.licence': 'Licence',
  'panel.source': 'Source',
  'panel.provenance': 'Provenance',
  'panel.live': 'Live values',
  'panel.history': 'Last 24 hours: {metric}',
  'panel.historyEmpty': 'No history yet for {metric}.',
  'panel.historyChart': 'History of {metric}: {count} values from {min} to {max}, latest {last}.',
  'settings.label': 'View settings',
  'settings.language': 'Language',
  'settings.reducedMotion': 'Reduce motion',
  'settings.highContrast': 'High contrast',
  'settings.table': 'Table view',
  'layers.label': 'Layers',
  'layer.buildings': 'Buildings',
  'layer.streets': 'Streets',
  'layer.networks': 'Utility networks',
  'layer.sensors': 'Sensors',
  'mode.public': 'Public view',
  'mode.operator': 'Operator',
  'mode.planner': 'Planner',
  'mode.exhibit': 'Exhibition',
  'login.label': 'Access token',
  'login.submit': 'Sign in',
  'login.needed': 'This mode needs a {role} token.',
  'alerts.title': 'Alerts',
  'alerts.none': 'No open alerts.',
  'alerts.acknowledge': 'Acknowledge',
  'alerts.flyTo': 'Fly to',
  'alerts.state.raised': 'raised',
  'alerts.state.acknowledged': 'acknowledged',
  'alerts.state.cleared': 'cleared',
  'alerts.failed': 'Alerts: {reason}',
  'table.caption': 'Features in view with their live values',
  'table.feature': 'Feature',
  'table.layer': 'Layer',
  'table.sortedAsc': 'sorted ascending',
  'table.sortedDesc': 'sorted descending',
  'table.more': '{shown} of {total} features shown; zoom in to see the others.',
  'table.open': 'Open {feature}',
  'time.label': 'Time',
  'time.live': 'Live',
  'time.at': 'Replaying {time}',
  'time.loading': 'Loading the city at {time}…',
  'summary.city': '{city}: {reporting} of {features} features have a value for {metric}; average {average}, highest {highest}.',
  'summary.noValues': '{city}: no values yet for {metric}.',
  'summary.alerts': '{count} open alerts.',
  'summary.newAlert': 'New alert: {message}',
  'summary.focused': '{feature}, {value}.',
  'summary.selected': 'Selected {feature}.',
  'summary.replay': 'Showing the city at {time}.',
  'summary.live': 'Showing the live city.',
  'summary.reset': 'The view was reset.',
  'planner.title': 'Import a city',
  'planner.upload': 'Upload',
  'planner.state': 'Import {state}: {detail}',
  'novalue': 'no value',
} as const;

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'app.title': 'TwinCity',
  'app.noscript': 'La visionneuse TwinCity a besoin de JavaScript.',
  'canvas.label': 'Vue 3D de la ville. Flèches ou W A S D pour se déplacer, + et - pour zoomer, N et Maj+N parcourent les bâtiments visibles, Entrée ouvre le bâtiment choisi, Échap ferme.',
  'map2d.label': 'Plan 2D de la ville (WebGL n’est pas disponible). Cliquez sur un bâtiment pour le choisir ; N et Maj+N parcourent les bâtiments, Entrée ouvre, Échap ferme.',
  'status.loading': 'Chargement de la ville…',
  'status.loadingWhy': 'Chargement de la ville… {why}',
  'status.streaming': '{city} : chargement des tuiles…',
  'status.live': '{city} : en direct',
  'status.reconnecting': 'Données en direct : reconnexion…',
  'status.fallback': '{city} : plan 2D (WebGL n’est pas disponible)',
  'colourBy': 'Couleur selon',
  'legend.none': 'pas encore de valeur',
  'panel.label': 'Élément choisi',
  'panel.none': 'Aucune sélection',
  'panel.hint': 'Cliquez sur un bâtiment, ou appuyez sur N puis Entrée, pour voir ses valeurs en direct.',
  'panel.loading': 'Chargement…',
  'panel.feature': 'Élément {index} de la tuile {tile}',
  'panel.close': 'Fermer le panneau (Échap)',
  'panel.id': 'Identifiant',
  'panel.name': 'Nom',
  'panel.height': 'Hauteur',
  'panel.estimated': '(estimée)',
  'panel.footprint': 'Emprise',
  'panel.licence': 'Licence',
  'panel.source': 'Source',
  'panel.provenance': 'Provenance',
  'panel.live': 'Valeurs en direct',
  'panel.history': 'Dernières 24 heures : {metric}',
  'panel.historyEmpty': 'Pas encore d’historique pour {metric}.',
  'panel.historyChart': 'Historique de {metric} : {count} valeurs de {min} à {max}, dernière {last}.',
  'settings.label': 'Réglages de l’affichage',
  'settings.language': 'Langue',
  'settings.reducedMotion': 'Réduire les animations',
  'settings.highContrast': 'Contraste élevé',
  'settings.table': 'Vue en tableau',
  'layers.label': 'Couches',
  'layer.buildings': 'Bâtiments',
  'layer.streets': 'Rues',
  'layer.networks': 'Réseaux',
  'layer.sensors': 'Capteurs',
  'mode.public': 'Vue publique',
  'mode.operator': 'Opérateur',
  'mode.planner': 'Urbaniste',
  'mode.exhibit': 'Exposition',
  'login.label': 'Jeton d’accès',
  'login.submit': 'Se connecter',
  'login.needed': 'Ce mode demande un jeton {role}.',
  'alerts.title': 'Alertes',
  'alerts.none': 'Aucune alerte ouverte.',
  'alerts.acknowledge': 'Acquitter',
  'alerts.flyTo': 'Aller à',
  'alerts.state.raised': 'levée',
  'alerts.state.acknowledged': 'acquittée',
  'alerts.state.cleared': 'close',
  'alerts.failed': 'Alertes : {reason}',
  'table.caption': 'Éléments visibles et leurs valeurs en direct',
  'table.feature': 'Élément',
  'table.layer': 'Couche',
  'table.sortedAsc': 'tri croissant',
  'table.sortedDesc': 'tri décroissant',
  'table.more': '{shown} éléments affichés sur {total} ; zoomez pour voir les autres.',
  'table.open': 'Ouvrir {feature}',
  'time.label': 'Temps',
  'time.live': 'Direct',
  'time.at': 'Relecture de {time}',
  'time.loading': 'Chargement de la ville à {time}…',
  'summary.city': '{city} : {reporting} éléments sur {features} ont une valeur de {metric} ; moyenne {average}, maximum {highest}.',
  'summary.noValues': '{city} : pas encore de valeur de {metric}.',
  'summary.alerts': 'Alertes ouvertes : {count}.',
  'summary.newAlert': 'Nouvelle alerte : {message}',
  'summary.focused': '{feature}, {value}.',
  'summary.selected': '{feature} choisi.',
  'summary.replay': 'La ville à {time}.',
  'summary.live': 'La ville en direct.',
  'summary.reset': 'L’affichage a été remis à zéro.',
  'planner.title': 'Importer une ville',
  'planner.upload': 'Téléverser',
  'planner.state': 'Import {state} : {detail}',
  'novalue': 'pas de valeur',
};

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, fr };

/** The language to start in: `?lang=` if it names one we have, else the first browser language we have, else English. */
export function pickLanguage(requested: string | null | undefined, browserLanguages: readonly string[]): Language {
  for (const candidate of [requested, ...browserLanguages]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && (LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** Fills `{name}` placeholders; a placeholder without a value stays visible (a bug to notice, not to hide). */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The current language; `language-change` fires on {@link I18n.set}. */
export class I18n extends EventTarget {
  constructor(private current: Language = 'en') {
    super();
  }

  get language(): Language {
    return this.current;
  }

  /** The string for `key` in the current language. */
  t(key: MessageKey, values?: Record<string, string | number>): string {
    return format(dictionaries[this.current][key], values);
  }

  set(language: Language): void {
    if (language === this.current) return;
    this.current = language;
    this.dispatchEvent(new CustomEvent<{ language: Language }>('language-change', { detail: { language } }));
  }
}

/** Every key of the dictionaries (for the completeness test). */
export function messageKeys(language: Language): string[] {
  return Object.keys(dictionaries[language]);
}
