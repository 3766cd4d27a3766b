// The browser side of the conversation WebSocket protocol: builders for what the page
// sends and a validator for what it receives. This file mirrors docs/protocol.md (the
// Python side is daniel/server_avatar/protocol.py); change all three together.

export const LANGS = ['es', 'en'];
export const MODES = ['push_to_talk', 'hands_free'];
export const STATES = ['idle', 'listening', 'thinking', 'speaking'];
export const VISEMES = ['rest', 'A', 'E', 'I', 'O', 'U', 'MBP', 'FV', 'L', 'S'];
export const RESULT_KINDS = [
  'leads',
  'tasks',
  'projects',
  'orders',
  'partners',
  'users',
  'summary',
  'other',
];

/** Audio the browser sends: PCM16 little-endian, mono, 16 kHz. */
export const INPUT_SAMPLE_RATE = 16000;
export const MAX_TEXT_CHARS = 2000;
export const MAX_FRAME_BYTES = 64 * 1024;

export class ProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProtocolError';
  }
}

// ------------------------------------------------------------------ browser → server
function oneOf(value, allowed, name) {
  if (!allowed.includes(value)) {
    throw new ProtocolError(`${name} must be one of ${allowed.join(', ')} (got ${value})`);
  }
  return value;
}

export function sessionStart({ lang, resume, mode } = {}) {
  const msg = { type: 'session.start' };
  if (lang !== undefined && lang !== null) msg.lang = oneOf(lang, LANGS, 'lang');
  if (resume) msg.resume = String(resume);
  if (mode !== undefined && mode !== null) msg.mode = oneOf(mode, MODES, 'mode');
  return msg;
}

export function sessionStop() {
  return { type: 'session.stop' };
}

/** A typed turn: trimmed, 1–2000 characters. */
export function userText(text) {
  const clean = typeof text === 'string' ? text.trim() : '';
  if (clean.length === 0) throw new ProtocolError('text is empty');
  if (clean.length > MAX_TEXT_CHARS) {
    throw new ProtocolError(`text is longer than ${MAX_TEXT_CHARS} characters`);
  }
  return { type: 'user.text', text: clean };
}

export function audioStart() {
  return { type: 'audio.start', sample_rate: INPUT_SAMPLE_RATE };
}

export function audioEnd() {
  return { type: 'audio.end' };
}

export function interrupt() {
  return { type: 'interrupt' };
}

export function confirm(confirmationId, accept) {
  if (confirmationId === undefined || confirmationId === null || confirmationId === '') {
    throw new ProtocolError('confirmation_id is required');
  }
  return { type: 'confirm', confirmation_id: String(confirmationId), accept: Boolean(accept) };
}

export function setLang(lang) {
  return { type: 'lang', lang: oneOf(lang, LANGS, 'lang') };
}

export function ping(t) {
  return t === undefined ? { type: 'ping' } : { type: 'ping', t };
}

/** Why the page shows the local avatar instead of the remote one. */
export const FALLBACK_REASONS = ['connect_failed', 'disconnected'];

/** The page could not show the remote avatar: the server switches to local speech. */
export function avatarFallback(reason) {
  return { type: 'avatar.fallback', reason: oneOf(reason, FALLBACK_REASONS, 'reason') };
}

/** JSON text of a message, refusing anything the server would reject for its size. */
export function encode(msg) {
  const text = JSON.stringify(msg);
  if (new TextEncoder().encode(text).length > MAX_FRAME_BYTES) {
    throw new ProtocolError('message is larger than 64 KiB');
  }
  return text;
}

// ------------------------------------------------------------------ server → browser
// Field specs: a type name, or an array of allowed values. A trailing "?" on the field
// name marks it optional. "id" accepts a string or a number (ids are opaque).
const SERVER_MESSAGES = {
  'session.ready': {
    session_id: 'id',
    'lang?': LANGS,
    'resumed?': 'boolean',
    'providers?': 'object',
    'voice_input?': 'object',
    'audio_out?': 'object',
    'limits?': 'object',
  },
  state: { state: STATES },
  'turn.start': { turn_id: 'id', 'source?': ['text', 'voice'] },
  transcript: { turn_id: 'id', text: 'string', 'final?': 'boolean' },
  'agent.delta': { turn_id: 'id', text: 'string' },
  'agent.text': { turn_id: 'id', text: 'string' },
  tool: {
    'turn_id?': 'id',
    call_id: 'id',
    name: 'string',
    status: ['running', 'done', 'error'],
    'label?': 'string',
    'summary?': 'string',
    'kind?': 'string',
    'records?': 'array',
    'count?': 'number',
  },
  'confirm.request': {
    'turn_id?': 'id',
    confirmation_id: 'id',
    'tool?': 'string',
    summary: 'string',
    'changes?': 'array',
    'expires_in?': 'number',
  },
  'confirm.result': {
    confirmation_id: 'id',
    status: ['done', 'cancelled', 'expired', 'error'],
    'summary?': 'string',
    'records?': 'array',
  },
  'speech.segment': {
    turn_id: 'id',
    segment: 'number',
    sample_rate: 'number',
    'format?': ['pcm_s16le'],
    'text?': 'string',
    'duration_ms?': 'number',
    'visemes?': 'array',
    'words?': 'array',
  },
  'speech.segment.end': { turn_id: 'id', segment: 'number' },
  interrupted: { 'turn_id?': 'id', 'reason?': 'string' },
  'turn.end': {
    turn_id: 'id',
    'outcome?': [
      'answered',
      'asked',
      'not_understood',
      'out_of_scope',
      'proposed',
      'error',
      'busy',
    ],
  },
  latency: { turn_id: 'id', marks: 'object' },
  'avatar.session': { provider: 'string', livekit_url: 'string', token: 'string' },
  notice: { 'level?': ['info', 'warning'], message: 'string' },
  error: { stage: 'string', message: 'string', 'retryable?': 'boolean', 'turn_id?': 'id' },
  pong: { 't?': 'number' },
  'server.reconnect': { 'session_id?': 'id', 'retry_ms?': 'number', message: 'string' },
};

export const SERVER_TYPES = Object.freeze(Object.keys(SERVER_MESSAGES));

function checkField(value, spec) {
  if (Array.isArray(spec)) return spec.includes(value);
  switch (spec) {
    case 'id':
      return (typeof value === 'string' && value !== '') || Number.isFinite(value);
    case 'number':
      return Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === spec;
  }
}

/**
 * Validate one server message (a parsed object or its JSON text). Returns the message;
 * throws `ProtocolError` naming the problem. Extra fields are allowed (forward
 * compatible); `null` for an optional field counts as absent.
 */
export function parseServerMessage(data) {
  let msg = data;
  if (typeof data === 'string') {
    try {
      msg = JSON.parse(data);
    } catch {
      throw new ProtocolError('not JSON');
    }
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    throw new ProtocolError('not a JSON object');
  }
  const spec = SERVER_MESSAGES[msg.type];
  if (!spec) throw new ProtocolError(`unknown message type ${JSON.stringify(msg.type)}`);
  for (const [rawName, fieldSpec] of Object.entries(spec)) {
    const optional = rawName.endsWith('?');
    const name = optional ? rawName.slice(0, -1) : rawName;
    const value = msg[name];
    if (value === undefined || value === null) {
      if (optional) continue;
      throw new ProtocolError(`${msg.type}: missing ${name}`);
    }
    if (!checkField(value, fieldSpec)) {
      throw new ProtocolError(`${msg.type}: bad ${name}`);
    }
  }
  return msg;
}

/** Decode a binary audio frame (PCM16 little-endian) into floats in [-1, 1). */
export function decodePcm16(buffer) {
  const bytes = buffer instanceof ArrayBuffer ? buffer : buffer.buffer;
  const offset = buffer instanceof ArrayBuffer ? 0 : buffer.byteOffset;
  const length = buffer.byteLength;
  const view = new DataView(bytes, offset, length);
  const out = new Float32Array(Math.floor(length / 2));
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}
