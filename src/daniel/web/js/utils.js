// Small helpers shared by the page's modules. Nothing here touches the DOM at import time,
// so Node's test runner can import it; `el` only uses `document` when called.

/** A minimal event emitter (observer pattern): `on` returns a function that unsubscribes. */
export class Emitter {
  constructor() {
    this._handlers = new Map();
  }

  on(event, handler) {
    if (!this._handlers.has(event)) this._handlers.set(event, new Set());
    this._handlers.get(event).add(handler);
    return () => this._handlers.get(event)?.delete(handler);
  }

  emit(event, ...args) {
    for (const handler of [...(this._handlers.get(event) ?? [])]) {
      try {
        handler(...args);
      } catch (err) {
        // One broken listener must not break the others (nor the socket loop).
        console.warn(`listener for "${event}" failed:`, err);
      }
    }
  }
}

export function clamp(value, lo, hi) {
  return Math.min(hi, Math.max(lo, value));
}

export function lerp(a, b, k) {
  return a + (b - a) * k;
}

/** Smoothstep easing on [0, 1]. */
export function ease(k) {
  const x = clamp(k, 0, 1);
  return x * x * (3 - 2 * x);
}

/**
 * Reconnection delay for attempt `attempt` (0 = first retry): exponential growth capped at
 * `maxMs`, with "equal jitter" so a crowd of browsers does not reconnect in lockstep.
 * The result lies in [cap * (1 - jitter), cap] where cap = min(maxMs, baseMs * factor^attempt).
 */
export function backoffDelay(
  attempt,
  { baseMs = 500, factor = 2, maxMs = 15000, jitter = 0.5 } = {},
  random = Math.random,
) {
  const n = Math.max(0, Math.floor(attempt));
  const cap = Math.min(maxMs, baseMs * factor ** n);
  const j = clamp(jitter, 0, 1);
  return Math.round(cap * (1 - j) + cap * j * clamp(random(), 0, 1));
}

/** Only http(s) links are rendered as links (an Odoo record URL, never `javascript:`). */
export function safeHttpUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Create a DOM element: `el('a', {href, class: 'x', dataset: {id: 1}, onclick}, child...)`.
 * Children may be strings (text nodes), nodes, or null/false (skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Resolves after `ms`, or rejects with `message` when `promise` is slower than that. */
export function withTimeout(promise, ms, message = 'timed out') {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
