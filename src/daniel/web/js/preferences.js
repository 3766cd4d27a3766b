// Per-person preferences (GET/PUT /api/preferences, docs/admin.md): read at start and
// applied to the page, edited in the settings panel. The server keeps them, so they
// follow the person to another browser or device.

import { getLang } from './i18n.js';

export const DEFAULT_PREFERENCES = Object.freeze({
  lang: null,
  voice: true,
  speed: 1,
  avatar: 'remote',
  mode: 'push_to_talk',
  scope: 'everyone',
});

const TEXTS = {
  es: {
    open: 'Preferencias',
    title: 'Tus preferencias',
    lang: 'Idioma',
    voice: 'Respuestas habladas',
    speed: 'Velocidad de la voz',
    avatar: 'Avatar',
    'avatar.remote': 'El del servidor (remoto si está configurado)',
    'avatar.local': 'Local (dibujado en esta página)',
    mode: 'Micrófono',
    'mode.push_to_talk': 'Mantener pulsado para hablar',
    'mode.hands_free': 'Manos libres',
    scope: '«El pipeline» significa',
    'scope.mine': 'Mis oportunidades',
    'scope.team': 'Las de mi equipo',
    'scope.everyone': 'Las de todos',
    save: 'Guardar',
    cancel: 'Cancelar',
    saved: 'Preferencias guardadas.',
    failed: 'No se han podido guardar las preferencias.',
  },
  en: {
    open: 'Preferences',
    title: 'Your preferences',
    lang: 'Language',
    voice: 'Spoken answers',
    speed: 'Voice speed',
    avatar: 'Avatar',
    'avatar.remote': "The server's (remote when configured)",
    'avatar.local': 'Local (drawn in this page)',
    mode: 'Microphone',
    'mode.push_to_talk': 'Hold to talk',
    'mode.hands_free': 'Hands-free',
    scope: '“The pipeline” means',
    'scope.mine': 'My opportunities',
    'scope.team': "My team's",
    'scope.everyone': "Everyone's",
    save: 'Save',
    cancel: 'Cancel',
    saved: 'Preferences saved.',
    failed: 'Your preferences could not be saved.',
  },
};

export function say(key, lang = getLang()) {
  return (TEXTS[lang] ?? TEXTS.es)[key] ?? key;
}

/** The stored preferences, or the defaults (not logged in, server without them). */
export async function loadPreferences(fetchImpl = globalThis.fetch) {
  try {
    const response = await fetchImpl('api/preferences', { credentials: 'same-origin' });
    if (!response.ok) return { ...DEFAULT_PREFERENCES };
    const body = await response.json();
    return { ...DEFAULT_PREFERENCES, ...(body.preferences ?? {}) };
  } catch {
    return { ...DEFAULT_PREFERENCES };
  }
}

/** Save `change`; the preferences as stored, or throws an Error with the server's words. */
export async function savePreferences(change, fetchImpl = globalThis.fetch) {
  const response = await fetchImpl('api/preferences', {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(change),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || say('failed'));
  return { ...DEFAULT_PREFERENCES, ...body.preferences };
}

/** The settings dialog: a form whose fields are named like the preferences. */
export class SettingsPanel {
  constructor({ button, dialog, onApply }) {
    this.button = button;
    this.dialog = dialog;
    this.form = dialog.querySelector('form');
    this.status = dialog.querySelector('[data-pref-status]');
    this.onApply = onApply;
    this.prefs = { ...DEFAULT_PREFERENCES };
    button.addEventListener('click', () => this.open());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    dialog
      .querySelector('[data-pref-cancel]')
      .addEventListener('click', () => this.dialog.close());
    this.form.elements.speed.addEventListener('input', () => this._showSpeed());
    this.translate();
  }

  async load() {
    this.prefs = await loadPreferences();
    return this.prefs;
  }

  translate() {
    for (const node of this.dialog.querySelectorAll('[data-pref-text]')) {
      node.textContent = say(node.dataset.prefText);
    }
    this.button.setAttribute('aria-label', say('open'));
    this.button.title = say('open');
  }

  open() {
    const f = this.form.elements;
    f.lang.value = this.prefs.lang ?? getLang();
    f.voice.checked = Boolean(this.prefs.voice);
    f.speed.value = String(this.prefs.speed);
    f.avatar.value = this.prefs.avatar;
    f.mode.value = this.prefs.mode;
    f.scope.value = this.prefs.scope;
    this._showSpeed();
    this.status.textContent = '';
    this.translate();
    this.dialog.showModal();
  }

  async save() {
    const f = this.form.elements;
    const change = {
      lang: f.lang.value,
      voice: f.voice.checked,
      speed: Number(f.speed.value),
      avatar: f.avatar.value,
      mode: f.mode.value,
      scope: f.scope.value,
    };
    try {
      this.prefs = await savePreferences(change);
    } catch (err) {
      this.status.textContent = err.message;
      return;
    }
    this.dialog.close();
    this.onApply(this.prefs, true);
  }

  _showSpeed() {
    const output = this.dialog.querySelector('[data-pref-speed]');
    output.textContent = `${Number(this.form.elements.speed.value).toFixed(2)}×`;
  }
}
