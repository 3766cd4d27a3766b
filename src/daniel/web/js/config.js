// Client configuration in one place: fixed tuning values, the URLs derived from the page's
// address, and the public configuration the server publishes at GET /api/config (active
// providers, languages, whether voice input works and why not). Nothing secret lives
// here; the optional access token comes from the page's own `?token=` parameter.

export const DEFAULTS = Object.freeze({
  frameMs: 40, // microphone frame length (25 frames per second, under the 50 msg/s limit)
  backoff: Object.freeze({ baseMs: 500, factor: 2, maxMs: 15000, jitter: 0.5 }),
  offlineAfter: 4, // failed reconnections before the status says "offline"
  pingIntervalMs: 15000,
  silenceTimeoutMs: 40000,
  bargeInLevel: 0.55, // meter level (0..1, dB scale) that counts as the user speaking
  bargeInHoldMs: 180, // … for at least this long
  remoteConnectTimeoutMs: 12000,
  languages: Object.freeze(['es', 'en']),
});

/** The page's `?token=` (when the server requires an access token), or null. */
export function accessToken(location) {
  const token = new URLSearchParams(location.search).get('token');
  return token ? token : null;
}

function withToken(url, token) {
  if (token) url.searchParams.set('token', token);
  return url.href;
}

/** ws(s)://host/…/ws next to the page, with the token when there is one. */
export function websocketUrl(location) {
  const url = new URL('ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return withToken(url, accessToken(location));
}

export function apiConfigUrl(location) {
  const url = new URL('api/config', location.href);
  url.search = '';
  url.hash = '';
  return withToken(url, accessToken(location));
}

/**
 * Merge the server's public configuration into the defaults. Unknown or malformed fields
 * are ignored: the page must work even when /api/config is missing.
 */
export function mergeServerConfig(server) {
  const config = {
    ...DEFAULTS,
    providers: null,
    defaultLang: null,
    voiceInput: { enabled: true, reason: null },
    voiceByLang: {},
  };
  if (!server || typeof server !== 'object') return config;
  if (server.providers && typeof server.providers === 'object') config.providers = server.providers;
  const langs = Array.isArray(server.languages)
    ? server.languages.filter((l) => DEFAULTS.languages.includes(l))
    : [];
  if (langs.length) config.languages = langs;
  const lang = server.lang ?? server.default_lang;
  if (DEFAULTS.languages.includes(lang)) config.defaultLang = lang;
  const voice = readVoice(server.voice_input);
  if (voice) config.voiceInput = voice;
  // Voice input may depend on the language (an offline recogniser may know only one).
  const byLang = server.voice_input_by_lang;
  if (byLang && typeof byLang === 'object') {
    for (const l of DEFAULTS.languages) {
      const v = readVoice(byLang[l]);
      if (v) config.voiceByLang[l] = v;
    }
  }
  return config;
}

function readVoice(voice) {
  if (!voice || typeof voice !== 'object') return null;
  return {
    enabled: voice.enabled !== false,
    reason: typeof voice.reason === 'string' && voice.reason ? voice.reason : null,
  };
}

/** Whether voice input works in `lang`, as far as the server's config says. */
export function voiceInputFor(config, lang) {
  return config.voiceByLang?.[lang] ?? config.voiceInput;
}

/** Fetch /api/config (with a short timeout); falls back to the defaults on any failure. */
export async function loadConfig(location = globalThis.location, fetchImpl = globalThis.fetch) {
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 4000);
    const response = await fetchImpl(apiConfigUrl(location), {
      signal: controller.signal,
      headers: { Accept: 'application/json' },
    }).finally(() => clearTimeout(timer));
    if (!response.ok) return mergeServerConfig(null);
    return mergeServerConfig(await response.json());
  } catch {
    return mergeServerConfig(null);
  }
}
