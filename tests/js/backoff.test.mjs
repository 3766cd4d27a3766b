// Reconnection: the backoff schedule, and the WebSocket handler driven against a fake
// socket with fake timers (reconnects, gives up on fatal codes, stops when asked).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ConversationSocket } from '../../src/daniel/web/js/websocketHandler.js';
import { backoffDelay } from '../../src/daniel/web/js/utils.js';

const OPTS = { baseMs: 500, factor: 2, maxMs: 15000, jitter: 0.5 };

test('the delay doubles per attempt up to the cap', () => {
  const high = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, OPTS, () => 1));
  assert.deepEqual(high, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  const low = [0, 1, 2, 5].map((n) => backoffDelay(n, OPTS, () => 0));
  assert.deepEqual(low, [250, 500, 1000, 7500]);
});

test('jitter spreads browsers over [cap/2, cap]', () => {
  const seen = new Set();
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(3, OPTS, random);
    assert.ok(d >= 2000 && d <= 4000, String(d));
    seen.add(d);
  }
  assert.ok(seen.size > 50, 'delays differ');
  assert.equal(
    backoffDelay(2, { ...OPTS, jitter: 0 }, () => 0.7),
    2000,
  );
  assert.equal(
    backoffDelay(-3, OPTS, () => 1),
    500,
    'negative attempts count as the first',
  );
});

// ------------------------------------------------------------------ fake socket + timers
class FakeTimers {
  constructor() {
    this.now = 0;
    this.queue = [];
    this.nextId = 1;
  }
  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.queue.push({ id, at: this.now + ms, fn });
    return id;
  }
  clearTimeout(id) {
    this.queue = this.queue.filter((t) => t.id !== id);
  }
  setInterval() {
    return this.nextId++;
  }
  clearInterval() {}
  pending() {
    return this.queue.map((t) => t.at - this.now);
  }
  advance(ms) {
    this.now += ms;
    const due = this.queue.filter((t) => t.at <= this.now);
    this.queue = this.queue.filter((t) => t.at > this.now);
    for (const t of due) t.fn();
  }
}

function fakeWebSocketClass() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(data) {
      this.sent.push(data);
    }
    close(code = 1000) {
      this.readyState = 3;
      this.onclose?.({ code, reason: '' });
    }
    // test helpers
    open() {
      this.readyState = 1;
      this.onopen?.();
    }
    receive(data) {
      this.onmessage?.({ data });
    }
    drop(code = 1006) {
      this.readyState = 3;
      this.onclose?.({ code, reason: '' });
    }
  }
  return { FakeWebSocket, sockets };
}

function makeSocket(extra = {}) {
  const timers = new FakeTimers();
  const { FakeWebSocket, sockets } = fakeWebSocketClass();
  const conn = new ConversationSocket('ws://x/ws', {
    WebSocketImpl: FakeWebSocket,
    backoff: OPTS,
    offlineAfter: 3,
    random: () => 1,
    timers,
    ...extra,
  });
  const statuses = [];
  conn.on('status', (s) => statuses.push(s));
  return { conn, timers, sockets, statuses };
}

test('a dropped connection is retried with growing delays, then reported offline', () => {
  const { conn, timers, sockets, statuses } = makeSocket();
  conn.connect();
  sockets[0].open();
  sockets[0].drop();
  assert.deepEqual(timers.pending(), [500]);
  for (const expected of [1000, 2000, 4000]) {
    timers.advance(timers.pending()[0]);
    sockets.at(-1).drop(); // the retry fails too
    assert.deepEqual(timers.pending(), [expected]);
  }
  assert.equal(sockets.length, 4);
  assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting', 'offline']);
  // It keeps trying while offline, and a success resets the schedule.
  timers.advance(4000);
  sockets.at(-1).open();
  assert.equal(conn.status, 'open');
  sockets.at(-1).drop();
  assert.deepEqual(timers.pending(), [500]);
});

test('messages are validated; audio frames are passed through', () => {
  const { conn, sockets } = makeSocket();
  const got = [];
  conn.on('message', (m) => got.push(m.type));
  conn.on('audio', (a) => got.push(`audio:${a.byteLength}`));
  conn.on('protocol-error', (e) => got.push(`bad:${e.message}`));
  conn.connect();
  sockets[0].open();
  sockets[0].receive('{"type":"state","state":"thinking"}');
  sockets[0].receive('{"type":"state","state":"sleeping"}');
  sockets[0].receive(new ArrayBuffer(640));
  assert.deepEqual(got, ['state', 'bad:state: bad state', 'audio:640']);
  assert.equal(conn.send({ type: 'interrupt' }), true);
  assert.deepEqual(sockets[0].sent, ['{"type":"interrupt"}']);
});

test('nothing is sent while disconnected; close() stops reconnecting', () => {
  const { conn, timers, sockets } = makeSocket();
  conn.connect();
  assert.equal(conn.send({ type: 'interrupt' }), false, 'still connecting');
  sockets[0].open();
  conn.close();
  assert.equal(conn.status, 'offline');
  assert.deepEqual(timers.pending(), []);
  assert.equal(conn.send({ type: 'interrupt' }), false);
});

test('a refused token (4401) is final: no retry storm', () => {
  const { conn, timers, sockets } = makeSocket();
  let fatal = null;
  conn.on('fatal', (info) => {
    fatal = info;
  });
  conn.connect();
  sockets[0].drop(4401);
  assert.equal(fatal.code, 4401);
  assert.deepEqual(timers.pending(), []);
  assert.equal(conn.status, 'offline');
});

test('reconnectNow opens a new socket at once and retires the old one once it answers', () => {
  const { conn, timers, sockets } = makeSocket();
  let opens = 0;
  const got = [];
  conn.on('open', () => opens++);
  conn.on('message', (m) => got.push(m.type));
  conn.connect();
  sockets[0].open();
  conn.reconnectNow();
  assert.equal(sockets.length, 2);
  // The old connection stays up until the new one hears from the server (hand-over).
  assert.equal(sockets[0].readyState, 1);
  sockets[0].receive('{"type":"state","state":"idle"}');
  assert.deepEqual(got, [], 'the retired socket is not listened to');
  sockets[1].open();
  assert.equal(opens, 2);
  sockets[1].receive('{"type":"session.ready","session_id":"s-1"}');
  assert.equal(sockets[0].readyState, 3);
  assert.deepEqual(got, ['session.ready']);
  assert.deepEqual(timers.pending(), [], 'no backoff wait');
});
