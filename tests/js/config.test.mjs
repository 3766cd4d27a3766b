// Client configuration: URLs next to the page (also behind a reverse-proxy prefix), the
// optional access token, and a tolerant reading of GET /api/config.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DEFAULTS,
  apiConfigUrl,
  voiceInputFor,
  loadConfig,
  mergeServerConfig,
  websocketUrl,
} from '../../src/daniel/web/js/config.js';

const at = (href) => new URL(href);

test('the WebSocket lives next to the page, secure when the page is', () => {
  assert.equal(websocketUrl(at('http://127.0.0.1:8080/')), 'ws://127.0.0.1:8080/ws');
  assert.equal(websocketUrl(at('https://daniel.example.com/')), 'wss://daniel.example.com/ws');
  assert.equal(
    websocketUrl(at('https://erp.example.com/daniel/?lang=en#x')),
    'wss://erp.example.com/daniel/ws',
  );
});

test('the access token of the page is passed on to the socket and the config', () => {
  const page = at('http://127.0.0.1:8080/?token=s3cr%2Bt&lang=en');
  assert.equal(websocketUrl(page), 'ws://127.0.0.1:8080/ws?token=s3cr%2Bt');
  assert.equal(apiConfigUrl(page), 'http://127.0.0.1:8080/api/config?token=s3cr%2Bt');
});

test('server config is merged; anything odd is ignored', () => {
  const config = mergeServerConfig({
    providers: { brain: 'local', stt: 'none', tts: 'local', avatar: 'local' },
    languages: ['es', 'en', 'fr'],
    lang: 'en',
    voice_input: { enabled: false, reason: 'No hay reconocimiento de voz configurado.' },
  });
  assert.equal(config.providers.stt, 'none');
  assert.deepEqual(config.languages, ['es', 'en']);
  assert.equal(config.defaultLang, 'en');
  assert.deepEqual(config.voiceInput, {
    enabled: false,
    reason: 'No hay reconocimiento de voz configurado.',
  });
  const fallback = mergeServerConfig('nonsense');
  assert.deepEqual(fallback.voiceInput, { enabled: true, reason: null });
  assert.equal(fallback.frameMs, DEFAULTS.frameMs);
  assert.equal(mergeServerConfig({ lang: 'de' }).defaultLang, null);
});

test('voice input is looked up per language when the server says it differs', () => {
  const config = mergeServerConfig({
    voice_input: { enabled: false, reason: 'Solo inglés.' },
    voice_input_by_lang: {
      es: { enabled: false, reason: 'Solo inglés.' },
      en: { enabled: true, reason: null },
    },
  });
  assert.deepEqual(voiceInputFor(config, 'en'), { enabled: true, reason: null });
  assert.deepEqual(voiceInputFor(config, 'es'), { enabled: false, reason: 'Solo inglés.' });
  const plain = mergeServerConfig({ voice_input: { enabled: true } });
  assert.deepEqual(voiceInputFor(plain, 'es'), { enabled: true, reason: null });
});

test('a missing or failing /api/config leaves the defaults', async () => {
  const page = at('http://127.0.0.1:8080/');
  const notFound = await loadConfig(page, async () => ({ ok: false, json: async () => ({}) }));
  assert.equal(notFound.voiceInput.enabled, true);
  const broken = await loadConfig(page, async () => {
    throw new TypeError('Failed to fetch');
  });
  assert.equal(broken.providers, null);
  let asked = null;
  const ok = await loadConfig(page, async (url) => {
    asked = url;
    return { ok: true, json: async () => ({ voice_input: { enabled: true, reason: null } }) };
  });
  assert.equal(asked, 'http://127.0.0.1:8080/api/config');
  assert.equal(ok.voiceInput.enabled, true);
});

test('microphone frames stay under the 50 messages/s limit', () => {
  assert.ok(1000 / DEFAULTS.frameMs <= 25);
  assert.ok(DEFAULTS.frameMs >= 20 && DEFAULTS.frameMs <= 40);
});
