// The browser's protocol module must mirror docs/protocol.md: the message tables, the
// viseme table and the examples in that document are read from the document itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import * as P from '../../src/daniel/web/js/protocol.js';

const DOC = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

function tableTypes(heading) {
  const start = DOC.indexOf(heading);
  const section = DOC.slice(start, DOC.indexOf('\n## ', start + heading.length));
  return [...section.matchAll(/^\| `([a-z.]+)` \|/gm)].map((m) => m[1]);
}

test('every server message type in docs/protocol.md is understood, and no other', () => {
  const documented = tableTypes('## Server → browser');
  assert.ok(documented.length >= 18, 'the table was found');
  assert.deepEqual([...P.SERVER_TYPES].sort(), [...documented].sort());
});

test('every browser message type in docs/protocol.md has a builder', () => {
  const documented = tableTypes('## Browser → server').sort();
  const built = [
    P.sessionStart(),
    P.sessionStop(),
    P.userText('hola'),
    P.audioStart(),
    P.audioEnd(),
    P.interrupt(),
    P.confirm('k1', true),
    P.setLang('en'),
    P.ping(1),
    P.avatarFallback('connect_failed'),
  ].map((m) => m.type);
  assert.deepEqual(built.sort(), documented);
});

test('the viseme set is the documented one', () => {
  const section = DOC.slice(DOC.indexOf('## Visemes'));
  const documented = [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...P.VISEMES].sort(), documented.sort());
});

test('the examples of docs/protocol.md are valid server messages', () => {
  const examples = [...DOC.matchAll(/^← (\{.*\})$/gm)].map((m) =>
    JSON.parse(
      m[1]
        .replace(/,\.\.\.\}/g, '}')
        .replace(/\[\.\.\.\]/g, '[]')
        .replace(/"\.\.\."/g, '""'),
    ),
  );
  assert.ok(examples.length >= 10);
  for (const example of examples) {
    // The document elides some fields with "..."; fill what the validator needs.
    const msg = { ...example };
    if (msg.type === 'session.ready') msg.session_id ??= 's-1';
    if (msg.type === 'speech.segment') msg.turn_id ??= 't1';
    if (msg.type === 'confirm.request') msg.summary ??= '';
    assert.equal(P.parseServerMessage(JSON.stringify(msg)).type, msg.type);
  }
});

test('session.start carries only what was given, and checks it', () => {
  assert.deepEqual(P.sessionStart(), { type: 'session.start' });
  assert.deepEqual(P.sessionStart({ lang: 'en', resume: 's-9f1c', mode: 'hands_free' }), {
    type: 'session.start',
    lang: 'en',
    resume: 's-9f1c',
    mode: 'hands_free',
  });
  assert.throws(() => P.sessionStart({ lang: 'fr' }), P.ProtocolError);
  assert.throws(() => P.sessionStart({ mode: 'walkie' }), P.ProtocolError);
});

test('user.text is trimmed and limited to 1–2000 characters', () => {
  assert.deepEqual(P.userText('  ¿Cómo va el pipeline?\n'), {
    type: 'user.text',
    text: '¿Cómo va el pipeline?',
  });
  assert.equal(P.userText('x'.repeat(2000)).text.length, 2000);
  assert.throws(() => P.userText('x'.repeat(2001)), /2000/);
  assert.throws(() => P.userText('   '), /empty/);
  assert.throws(() => P.userText(undefined), /empty/);
});

test('audio, confirm, lang and ping messages have the documented fields', () => {
  assert.deepEqual(P.audioStart(), { type: 'audio.start', sample_rate: 16000 });
  assert.deepEqual(P.confirm(7, 1), { type: 'confirm', confirmation_id: '7', accept: true });
  assert.deepEqual(P.confirm('k1', false).accept, false);
  assert.throws(() => P.confirm('', true), /confirmation_id/);
  assert.deepEqual(P.setLang('es'), { type: 'lang', lang: 'es' });
  assert.throws(() => P.setLang('de'), P.ProtocolError);
  assert.deepEqual(P.ping(), { type: 'ping' });
});

test('encode refuses frames the server would reject for size', () => {
  assert.equal(P.encode(P.interrupt()), '{"type":"interrupt"}');
  assert.throws(() => P.encode({ type: 'user.text', text: 'é'.repeat(40000) }), /64 KiB/);
});

test('malformed server messages are rejected with the reason', () => {
  const cases = [
    ['not json', /not JSON/],
    ['[1,2]', /object/],
    ['{"type":"bogus"}', /unknown message type/],
    ['{"type":"state","state":"dancing"}', /bad state/],
    ['{"type":"agent.delta","turn_id":"t1"}', /missing text/],
    [
      '{"type":"tool","turn_id":"t1","call_id":"c1","name":"x","status":"done","records":{}}',
      /bad records/,
    ],
    ['{"type":"turn.end","turn_id":""}', /bad turn_id/],
    [
      '{"type":"speech.segment","turn_id":"t1","segment":0,"sample_rate":22050,"format":"mp3"}',
      /bad format/,
    ],
  ];
  for (const [raw, reason] of cases) assert.throws(() => P.parseServerMessage(raw), reason, raw);
});

test('extra fields are tolerated and null optional fields count as absent', () => {
  const msg = P.parseServerMessage(
    '{"type":"error","stage":"odoo","message":"Odoo no responde","retryable":null,"extra":1}',
  );
  assert.equal(msg.message, 'Odoo no responde');
  assert.equal(P.parseServerMessage({ type: 'pong', t: null }).type, 'pong');
  assert.equal(P.parseServerMessage({ type: 'turn.end', turn_id: 3 }).turn_id, 3);
});

test('PCM16 little-endian frames decode to floats, odd trailing bytes ignored', () => {
  const bytes = new Uint8Array([0x00, 0x40, 0x00, 0xc0, 0xff, 0x7f, 0x00, 0x80, 0x12]);
  const out = P.decodePcm16(bytes);
  assert.deepEqual([...out], [0.5, -0.5, 32767 / 32768, -1]);
});

test('avatar.fallback says why the page shows the local avatar, and checks it', () => {
  assert.deepEqual(P.avatarFallback('connect_failed'), {
    type: 'avatar.fallback',
    reason: 'connect_failed',
  });
  assert.deepEqual(P.avatarFallback('disconnected'), {
    type: 'avatar.fallback',
    reason: 'disconnected',
  });
  assert.throws(() => P.avatarFallback('bored'), P.ProtocolError);
  assert.throws(() => P.avatarFallback(), P.ProtocolError);
});
