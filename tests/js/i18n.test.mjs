// Both languages are complete: every key in both, the same placeholders, and every key the
// page and its modules use exists.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import { LANGUAGES, STRINGS, detectLang, t } from '../../src/daniel/web/js/i18n.js';

const WEB = new URL('../../src/daniel/web/', import.meta.url);

function placeholders(text) {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

test('Spanish and English have exactly the same keys, none empty', () => {
  assert.deepEqual([...LANGUAGES].sort(), ['en', 'es']);
  const es = Object.keys(STRINGS.es).sort();
  const en = Object.keys(STRINGS.en).sort();
  assert.deepEqual(
    es.filter((k) => !en.includes(k)),
    [],
    'keys missing in English',
  );
  assert.deepEqual(
    en.filter((k) => !es.includes(k)),
    [],
    'keys missing in Spanish',
  );
  for (const lang of LANGUAGES) {
    for (const [key, text] of Object.entries(STRINGS[lang])) {
      assert.ok(text.trim().length > 0, `${lang}:${key} is empty`);
    }
  }
});

test('translations keep the same placeholders', () => {
  for (const key of Object.keys(STRINGS.es)) {
    assert.deepEqual(placeholders(STRINGS.es[key]), placeholders(STRINGS.en[key]), key);
  }
});

test('the two languages are actually translated', () => {
  const same = Object.keys(STRINGS.es).filter((k) => STRINGS.es[k] === STRINGS.en[k]);
  // Only names and words that are the same in both languages may coincide.
  for (const key of same) {
    assert.ok(
      [
        'turn.agent',
        'lang.es',
        'lang.en',
        'stage.label',
        'providers.avatar',
        'error.stage.avatar',
        'error.stage.odoo',
        'confirm.status.error',
        'tool.error',
        'latency.total',
      ].includes(key) || STRINGS.es[key].length < 8,
      `${key} is not translated`,
    );
  }
});

test('every key used by index.html exists', () => {
  const html = readFileSync(new URL('index.html', WEB), 'utf8');
  const keys = [
    ...[...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/data-i18n-attr="([^"]+)"/g)].flatMap((m) =>
      m[1].split(';').map((pair) => pair.split(':')[1].trim()),
    ),
    ...[...html.matchAll(/data-suggest="([^"]+)"/g)].map((m) => m[1]),
  ];
  assert.ok(keys.length > 20);
  for (const key of keys) assert.ok(key in STRINGS.es, `index.html uses unknown key ${key}`);
});

test('every literal key passed to t() in the modules exists', () => {
  const dir = new URL('js/', WEB);
  let count = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const source = readFileSync(new URL(name, dir), 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'([a-z_.]+[a-z_])'/g)) {
      count++;
      assert.ok(m[1] in STRINGS.es, `${name} uses unknown key ${m[1]}`);
    }
    // Keys built from a prefix (`state.${state}`) must exist for every value.
    for (const m of source.matchAll(/t\(`([a-z_.]+)\.\$\{/g)) {
      assert.ok(
        Object.keys(STRINGS.es).some((k) => k.startsWith(`${m[1]}.`)),
        m[1],
      );
    }
  }
  assert.ok(count > 30, `found ${count} uses`);
  for (const state of ['idle', 'listening', 'thinking', 'speaking'])
    assert.ok(`state.${state}` in STRINGS.es);
  for (const s of ['connecting', 'ready', 'reconnecting', 'offline'])
    assert.ok(`status.${s}` in STRINGS.es);
  for (const s of ['protocol', 'session', 'stt', 'brain', 'tts', 'avatar', 'mcp', 'odoo']) {
    assert.ok(`error.stage.${s}` in STRINGS.es);
  }
});

test('the language comes from the browser, any regional variant', () => {
  assert.equal(detectLang('es-MX'), 'es');
  assert.equal(detectLang(['en-GB', 'es']), 'en');
  assert.equal(detectLang(['fr-FR', 'en-US']), 'en');
  assert.equal(detectLang('pt-BR'), 'es', 'unknown → fallback');
  assert.equal(detectLang(['de'], 'en'), 'en');
  assert.equal(detectLang(undefined, null), null);
});

test('t() fills placeholders and falls back to the key', () => {
  assert.equal(t('confirm.expires', { s: 42 }, 'es'), 'Caduca en 42 s');
  assert.equal(t('confirm.expires', { s: 42 }, 'en'), 'Expires in 42 s');
  assert.equal(t('no.such.key', {}, 'es'), 'no.such.key');
});
