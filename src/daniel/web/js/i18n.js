// The page's words, in Spanish and English. `t(key, vars)` looks a key up in the current
// language; `{name}` placeholders are filled from `vars`. Every key must exist in both
// languages (tests/js/i18n.test.mjs checks it).

export const STRINGS = {
  es: {
    'app.title': 'Daniel · asistente para Odoo',
    'app.tagline': 'Tu asistente de voz para Odoo',
    'status.connecting': 'Conectando…',
    'status.ready': 'Conectado',
    'status.reconnecting': 'Reconectando…',
    'status.offline': 'Sin conexión',
    'status.label': 'Estado de la conexión',
    'state.idle': 'En espera',
    'state.listening': 'Escuchando',
    'state.thinking': 'Pensando',
    'state.speaking': 'Hablando',
    'avatar.label': 'Avatar de Daniel: {state}',
    'avatar.remote': 'Avatar remoto ({provider})',
    'stage.label': 'Avatar',
    'conversation.label': 'Conversación',
    'composer.label': 'Escribe tu pregunta',
    'composer.placeholder': 'Escribe tu pregunta…',
    'composer.send': 'Enviar',
    'composer.too_long': 'El mensaje es demasiado largo (máximo {max} caracteres).',
    'composer.queued': 'Sin conexión: se enviará al reconectar.',
    'mic.hold': 'Mantén pulsado para hablar',
    'mic.release': 'Suelta para enviar',
    'mic.tap_hint': 'Mantén pulsado el micrófono (o la barra espaciadora) mientras hablas.',
    'mic.handsfree_active': 'Manos libres: habla cuando quieras',
    'mic.level': 'Nivel del micrófono',
    'mic.denied':
      'No tengo permiso para usar el micrófono. Actívalo en la barra de direcciones del navegador y vuelve a intentarlo.',
    'mic.none': 'No encuentro ningún micrófono. Conecta uno y vuelve a intentarlo.',
    'mic.busy': 'El micrófono está ocupado por otra aplicación.',
    'mic.insecure':
      'El navegador solo permite el micrófono en páginas seguras (https o localhost). Abre Daniel con https o desde este mismo equipo.',
    'mic.unsupported': 'Este navegador no permite capturar audio. Puedes escribir tus preguntas.',
    'mic.failed': 'No se pudo iniciar el micrófono.',
    'mic.disabled': 'La entrada de voz no está disponible.',
    'handsfree.label': 'Manos libres',
    'handsfree.on': 'Manos libres activado',
    'handsfree.off': 'Manos libres desactivado',
    'interrupt.label': 'Interrumpir',
    'theme.to_dark': 'Cambiar a tema oscuro',
    'theme.to_light': 'Cambiar a tema claro',
    'account.logout': 'Cerrar sesión',
    'account.as': 'Conectado como {name}',
    'lang.label': 'Idioma',
    'lang.es': 'Español',
    'lang.en': 'English',
    'providers.label': 'Proveedores',
    'providers.brain': 'cerebro',
    'providers.stt': 'voz→texto',
    'providers.tts': 'texto→voz',
    'providers.avatar': 'avatar',
    'turn.you': 'Tú',
    'turn.agent': 'Daniel',
    'turn.interrupted': 'interrumpido',
    'turn.listening': 'Escuchando…',
    'tool.running': 'en curso',
    'tool.done': 'hecho',
    'tool.error': 'falló',
    'results.more': 'y {n} más',
    'results.open': 'Abrir en Odoo',
    'results.name': 'Nombre',
    'confirm.title': '¿Confirmas este cambio?',
    'confirm.accept': 'Confirmar',
    'confirm.cancel': 'Cancelar',
    'confirm.expires': 'Caduca en {s} s',
    'confirm.sending': 'Enviando…',
    'confirm.field': 'Campo',
    'confirm.before': 'Antes',
    'confirm.after': 'Después',
    'confirm.status.done': 'Hecho',
    'confirm.status.cancelled': 'Cancelado',
    'confirm.status.expired': 'Caducado',
    'confirm.status.error': 'Error',
    'latency.label': 'Tiempos de respuesta',
    'latency.transcript': 'transcripción',
    'latency.text': 'texto',
    'latency.voice': 'voz',
    'latency.total': 'total',
    'error.retryable': 'Puedes volver a intentarlo.',
    'error.stage.protocol': 'Mensaje no válido',
    'error.stage.session': 'Sesión',
    'error.stage.stt': 'Reconocimiento de voz',
    'error.stage.brain': 'Asistente',
    'error.stage.tts': 'Síntesis de voz',
    'error.stage.avatar': 'Avatar',
    'error.stage.mcp': 'Herramientas',
    'error.stage.odoo': 'Odoo',
    'notice.reconnected': 'Conexión recuperada.',
    'notice.offline': 'Sin conexión con el servidor. Reintentando…',
    'notice.remote_failed':
      'No se pudo conectar el avatar remoto ({provider}); se usa el avatar local.',
    'notice.remote_lost': 'Se perdió la conexión con el avatar remoto; se usa el avatar local.',
    'notice.audio_blocked': 'Pulsa en la página para activar el sonido.',
    'welcome.title': 'Hola, soy Daniel.',
    'welcome.body':
      'Pregúntame por oportunidades, tareas, proyectos o pedidos de Odoo. Puedes escribir o hablar.',
    'welcome.try': 'Prueba con:',
    'suggest.1': '¿Cómo va el pipeline?',
    'suggest.2': 'Oportunidades en negociación',
    'suggest.3': 'Tareas atrasadas',
    'shortcuts.label': 'Atajos de teclado',
    'shortcuts.enter': 'envía',
    'key.space': 'Espacio',
    'shortcuts.space': '(mantener) para hablar',
    'shortcuts.esc': 'interrumpe',
  },
  en: {
    'app.title': 'Daniel · assistant for Odoo',
    'app.tagline': 'Your voice assistant for Odoo',
    'status.connecting': 'Connecting…',
    'status.ready': 'Connected',
    'status.reconnecting': 'Reconnecting…',
    'status.offline': 'Offline',
    'status.label': 'Connection status',
    'state.idle': 'Idle',
    'state.listening': 'Listening',
    'state.thinking': 'Thinking',
    'state.speaking': 'Speaking',
    'avatar.label': 'Daniel’s avatar: {state}',
    'avatar.remote': 'Remote avatar ({provider})',
    'stage.label': 'Avatar',
    'conversation.label': 'Conversation',
    'composer.label': 'Type your question',
    'composer.placeholder': 'Type your question…',
    'composer.send': 'Send',
    'composer.too_long': 'The message is too long (at most {max} characters).',
    'composer.queued': 'Offline: it will be sent when the connection is back.',
    'mic.hold': 'Hold to talk',
    'mic.release': 'Release to send',
    'mic.tap_hint': 'Hold the microphone button (or the space bar) while you speak.',
    'mic.handsfree_active': 'Hands-free: speak whenever you like',
    'mic.level': 'Microphone level',
    'mic.denied':
      'I am not allowed to use the microphone. Allow it from the browser’s address bar and try again.',
    'mic.none': 'I cannot find a microphone. Plug one in and try again.',
    'mic.busy': 'Another application is using the microphone.',
    'mic.insecure':
      'Browsers only allow the microphone on secure pages (https or localhost). Open Daniel over https or from this same computer.',
    'mic.unsupported': 'This browser cannot capture audio. You can type your questions.',
    'mic.failed': 'The microphone could not be started.',
    'mic.disabled': 'Voice input is not available.',
    'handsfree.label': 'Hands-free',
    'handsfree.on': 'Hands-free on',
    'handsfree.off': 'Hands-free off',
    'interrupt.label': 'Interrupt',
    'theme.to_dark': 'Switch to dark theme',
    'theme.to_light': 'Switch to light theme',
    'account.logout': 'Log out',
    'account.as': 'Logged in as {name}',
    'lang.label': 'Language',
    'lang.es': 'Español',
    'lang.en': 'English',
    'providers.label': 'Providers',
    'providers.brain': 'brain',
    'providers.stt': 'speech→text',
    'providers.tts': 'text→speech',
    'providers.avatar': 'avatar',
    'turn.you': 'You',
    'turn.agent': 'Daniel',
    'turn.interrupted': 'interrupted',
    'turn.listening': 'Listening…',
    'tool.running': 'running',
    'tool.done': 'done',
    'tool.error': 'failed',
    'results.more': 'and {n} more',
    'results.open': 'Open in Odoo',
    'results.name': 'Name',
    'confirm.title': 'Confirm this change?',
    'confirm.accept': 'Confirm',
    'confirm.cancel': 'Cancel',
    'confirm.expires': 'Expires in {s} s',
    'confirm.sending': 'Sending…',
    'confirm.field': 'Field',
    'confirm.before': 'Before',
    'confirm.after': 'After',
    'confirm.status.done': 'Done',
    'confirm.status.cancelled': 'Cancelled',
    'confirm.status.expired': 'Expired',
    'confirm.status.error': 'Error',
    'latency.label': 'Response times',
    'latency.transcript': 'transcript',
    'latency.text': 'text',
    'latency.voice': 'voice',
    'latency.total': 'total',
    'error.retryable': 'You can try again.',
    'error.stage.protocol': 'Invalid message',
    'error.stage.session': 'Session',
    'error.stage.stt': 'Speech recognition',
    'error.stage.brain': 'Assistant',
    'error.stage.tts': 'Speech synthesis',
    'error.stage.avatar': 'Avatar',
    'error.stage.mcp': 'Tools',
    'error.stage.odoo': 'Odoo',
    'notice.reconnected': 'Connection restored.',
    'notice.offline': 'No connection to the server. Retrying…',
    'notice.remote_failed':
      'The remote avatar ({provider}) could not be connected; using the local avatar.',
    'notice.remote_lost': 'The remote avatar was disconnected; using the local avatar.',
    'notice.audio_blocked': 'Click the page to turn the sound on.',
    'welcome.title': 'Hi, I’m Daniel.',
    'welcome.body':
      'Ask me about opportunities, tasks, projects or orders in Odoo. You can type or talk.',
    'welcome.try': 'Try:',
    'suggest.1': 'How’s the pipeline looking?',
    'suggest.2': 'Opportunities in negotiation',
    'suggest.3': 'Overdue tasks',
    'shortcuts.label': 'Keyboard shortcuts',
    'shortcuts.enter': 'sends',
    'key.space': 'Space',
    'shortcuts.space': '(hold) to talk',
    'shortcuts.esc': 'interrupts',
  },
};

export const LANGUAGES = Object.freeze(Object.keys(STRINGS));
let current = 'es';

/** `es` for any Spanish locale (es-MX, es-419…), `en` for English, else `fallback`. */
export function detectLang(languages, fallback = 'es') {
  const list = Array.isArray(languages) ? languages : [languages];
  for (const tag of list) {
    if (typeof tag !== 'string') continue;
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return fallback;
}

export function setLang(lang) {
  if (!LANGUAGES.includes(lang)) throw new RangeError(`unsupported language ${lang}`);
  current = lang;
}

export function getLang() {
  return current;
}

export function t(key, vars = {}, lang = current) {
  const text = STRINGS[lang]?.[key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/**
 * Fill the page's static text: `data-i18n` sets textContent, `data-i18n-attr="attr:key;..."`
 * sets attributes (aria-label, placeholder, title).
 */
export function applyI18n(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) node.setAttribute(attr, t(key));
    }
  }
  root.documentElement?.setAttribute('lang', current);
}

/** Numbers and money in the current language's conventions. */
export function formatNumber(value, options = {}, lang = current) {
  return new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US', options).format(value);
}
