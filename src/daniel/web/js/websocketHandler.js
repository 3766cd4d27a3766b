// The conversation WebSocket: connect, validate and dispatch messages, keep the
// connection alive, and reconnect with exponential backoff and jitter when it drops.
// The page resumes its session on every reconnection (session.start with `resume`).
//
// Events: status ('connecting' | 'open' | 'reconnecting' | 'offline'), open, message (a
// validated server message), audio (ArrayBuffer), protocol-error, close ({code, reason}).
// Only the browser globals `WebSocket`, `setTimeout` and `clearTimeout` are used, and
// they can be injected, so Node can drive this class against a fake socket.

import { encode, parseServerMessage, ping } from './protocol.js';
import { Emitter, backoffDelay } from './utils.js';

/** Close codes after which retrying cannot help (bad token, forbidden origin…). */
const FATAL_CLOSE_CODES = new Set([1008, 4401, 4403]);

export class ConversationSocket extends Emitter {
  constructor(
    url,
    {
      WebSocketImpl = globalThis.WebSocket,
      backoff = {},
      offlineAfter = 4,
      pingIntervalMs = 15000,
      silenceTimeoutMs = 40000,
      random = Math.random,
      timers = globalThis,
    } = {},
  ) {
    super();
    this.url = url;
    this.WebSocketImpl = WebSocketImpl;
    this.backoff = backoff;
    this.offlineAfter = offlineAfter;
    this.pingIntervalMs = pingIntervalMs;
    this.silenceTimeoutMs = silenceTimeoutMs;
    this.random = random;
    this.timers = timers;
    this.ws = null;
    this.attempt = 0;
    this.stopped = true;
    this.status = 'idle';
    this.retryTimer = null;
    this.pingTimer = null;
    this.lastHeard = 0;
    this.everOpened = false;
    this.retired = new Set(); // sockets replaced by reconnectNow(), closed once it is up
  }

  get isOpen() {
    return this.ws !== null && this.ws.readyState === 1;
  }

  _setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.emit('status', status);
  }

  connect() {
    this.stopped = false;
    this._clearRetry();
    if (this.ws) return;
    this._setStatus(this.everOpened ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch (err) {
      console.warn('WebSocket could not be created', err);
      this._scheduleReconnect({ code: 1006, reason: 'create failed' });
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.everOpened = true;
      this.lastHeard = Date.now();
      this._startPing();
      this._setStatus('open');
      this.emit('open');
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.lastHeard = Date.now();
      if (this.retired.size) this._closeRetired();
      if (typeof event.data === 'string') {
        let msg;
        try {
          msg = parseServerMessage(event.data);
        } catch (err) {
          this.emit('protocol-error', err);
          return;
        }
        this.emit('message', msg);
      } else {
        this.emit('audio', event.data);
      }
    };
    ws.onerror = () => {
      /* the close event that follows carries what matters */
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this._stopPing();
      const info = { code: event.code, reason: event.reason || '' };
      this.emit('close', info);
      if (this.stopped) {
        this._setStatus('offline');
        return;
      }
      if (FATAL_CLOSE_CODES.has(event.code)) {
        this.stopped = true;
        this._setStatus('offline');
        this.emit('fatal', info);
        return;
      }
      this._scheduleReconnect(info);
    };
  }

  _scheduleReconnect() {
    this._clearRetry();
    const delay = backoffDelay(this.attempt, this.backoff, this.random);
    this.attempt += 1;
    this._setStatus(this.attempt > this.offlineAfter ? 'offline' : 'reconnecting');
    this.emit('retry', { attempt: this.attempt, delay });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  _clearRetry() {
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  _startPing() {
    this._stopPing();
    this.pingTimer = this.timers.setInterval(() => {
      if (!this.isOpen) return;
      if (Date.now() - this.lastHeard > this.silenceTimeoutMs) {
        // Half-open connection: nothing heard for too long. Drop it and reconnect.
        this.dropConnection();
        return;
      }
      this.send(ping(Date.now()));
    }, this.pingIntervalMs);
  }

  _stopPing() {
    if (this.pingTimer !== null) {
      this.timers.clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
  }

  /** Send a protocol message; false when the socket is not open. */
  send(msg) {
    if (!this.isOpen) return false;
    this.ws.send(encode(msg));
    return true;
  }

  sendBinary(data) {
    if (!this.isOpen) return false;
    this.ws.send(data);
    return true;
  }

  /**
   * Open a new connection at once (e.g. to change the session mode) and retire the
   * current one. The old socket stays open until the new one hears from the server: a
   * resumed session is handed over from the old connection to the new one (the server
   * closes the old socket then), so nothing is lost in between.
   */
  reconnectNow() {
    this.attempt = 0;
    this._clearRetry();
    const old = this.ws;
    if (old) {
      this.ws = null;
      this._stopPing();
      old.onmessage = null;
      old.onclose = null;
      this.retired.add(old);
      this.emit('close', { code: 1000, reason: 'reconnect' });
    }
    this.connect();
  }

  _closeRetired() {
    for (const old of this.retired) {
      try {
        old.close(1000, 'reconnected');
      } catch {
        /* already closed */
      }
    }
    this.retired.clear();
  }

  /** Treat the connection as lost (used when the page sees it is dead). */
  dropConnection() {
    const ws = this.ws;
    if (!ws) return;
    try {
      ws.close(4000, 'unresponsive');
    } catch {
      /* closing anyway */
    }
    // Some browsers take a while to fire `close` on a dead link: do not wait for it.
    ws.onclose?.({ code: 1006, reason: 'unresponsive' });
  }

  /** Stop for good (session.stop sent or page closing). */
  close(code = 1000) {
    this._closeRetired();
    this.stopped = true;
    this._clearRetry();
    this._stopPing();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      try {
        ws.close(code);
      } catch {
        /* already closed */
      }
    }
    this._setStatus('offline');
  }
}
