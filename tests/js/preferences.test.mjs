// Preferences (GET/PUT /api/preferences) and the dashboard's API URLs, with an injected fetch.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { apiUrl, getJson } from '../../src/daniel/web/js/admin/api.js';
import {
  DEFAULT_PREFERENCES,
  loadPreferences,
  savePreferences,
} from '../../src/daniel/web/js/preferences.js';

const answer = (status, body) => async () => ({
  status,
  ok: status >= 200 && status < 300,
  json: async () => body,
});

test('stored preferences fill in over the defaults', async () => {
  const prefs = await loadPreferences(answer(200, { preferences: { scope: 'mine', lang: 'en' } }));
  assert.equal(prefs.scope, 'mine');
  assert.equal(prefs.lang, 'en');
  assert.equal(prefs.voice, DEFAULT_PREFERENCES.voice);
});

test('no login, a failing server or no network leave the defaults', async () => {
  assert.deepEqual(await loadPreferences(answer(401, { error: 'x' })), DEFAULT_PREFERENCES);
  const offline = async () => {
    throw new TypeError('network');
  };
  assert.deepEqual(await loadPreferences(offline), DEFAULT_PREFERENCES);
});

test("a refused change throws the server's sentence", async () => {
  const refused = answer(400, { error: 'Preferencias no válidas: speed' });
  await assert.rejects(savePreferences({ speed: 9 }, refused), /speed/);
  let sent;
  const ok = async (url, init) => {
    sent = { url, init };
    return { status: 200, ok: true, json: async () => ({ preferences: { speed: 1.5 } }) };
  };
  const saved = await savePreferences({ speed: 1.5 }, ok);
  assert.equal(saved.speed, 1.5);
  assert.equal(sent.init.method, 'PUT');
  assert.deepEqual(JSON.parse(sent.init.body), { speed: 1.5 });
});

test('dashboard URLs carry only the filters that are set', () => {
  assert.equal(apiUrl('usage'), 'admin/api/usage');
  assert.equal(
    apiUrl('audit', { from: '2026-12-01', to: '', user: 'ana' }, { page: 2 }),
    'admin/api/audit?from=2026-12-01&user=ana&page=2',
  );
  assert.equal(apiUrl('questions', { user: 'a&b' }), 'admin/api/questions?user=a%26b');
});

test('an API error keeps its status and sentence', async () => {
  await assert.rejects(getJson('admin/api/usage', answer(403, { error: 'Solo admins' })), {
    status: 403,
    message: 'Solo admins',
  });
});
