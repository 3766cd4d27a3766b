// Lip-sync: mouth shapes for the protocol's visemes, the shape at a given time of a
// segment (with short blends between shapes), and the mapping from the AudioContext clock
// to a position inside each speech segment. Pure logic: no browser API.

import { VISEMES } from './protocol.js';
import { clamp, ease, lerp } from './utils.js';

/**
 * Mouth parameters, all in 0..1: `open` (jaw), `width` (corners apart), `round` (lips
 * pushed forward), `teeth` (upper teeth visible), `tongue` (tongue tip up), `press`
 * (lips pressed together), `lip` (lower lip under the upper teeth, for f/v).
 */
export const MOUTH_SHAPES = Object.freeze({
  rest: { open: 0.03, width: 0.5, round: 0.05, teeth: 0, tongue: 0, press: 0.2, lip: 0 },
  A: { open: 0.92, width: 0.62, round: 0.05, teeth: 0.35, tongue: 0.15, press: 0, lip: 0 },
  E: { open: 0.58, width: 0.86, round: 0, teeth: 0.75, tongue: 0.2, press: 0, lip: 0 },
  I: { open: 0.32, width: 0.96, round: 0, teeth: 0.95, tongue: 0.1, press: 0, lip: 0 },
  O: { open: 0.72, width: 0.34, round: 0.9, teeth: 0.15, tongue: 0.05, press: 0, lip: 0 },
  U: { open: 0.36, width: 0.18, round: 1, teeth: 0, tongue: 0, press: 0, lip: 0 },
  MBP: { open: 0, width: 0.46, round: 0.1, teeth: 0, tongue: 0, press: 1, lip: 0 },
  FV: { open: 0.16, width: 0.58, round: 0, teeth: 1, tongue: 0, press: 0, lip: 1 },
  L: { open: 0.46, width: 0.58, round: 0.05, teeth: 0.55, tongue: 1, press: 0, lip: 0 },
  S: { open: 0.14, width: 0.78, round: 0, teeth: 1, tongue: 0, press: 0, lip: 0 },
});

export const SHAPE_KEYS = Object.freeze(Object.keys(MOUTH_SHAPES.rest));
export const DEFAULT_BLEND_MS = 70;

export function lerpShape(a, b, k) {
  const out = {};
  for (const key of SHAPE_KEYS) out[key] = lerp(a[key], b[key], k);
  return out;
}

/** Sorted, well-formed visemes; unknown shapes become `rest`. */
export function normalizeVisemes(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((item) => item && Number.isFinite(item.t) && item.t >= 0)
    .map((item) => ({ t: item.t, v: VISEMES.includes(item.v) ? item.v : 'rest' }))
    .sort((a, b) => a.t - b.t);
}

/** Index of the viseme in force at `t` ms (the last with `v.t <= t`), or -1 before the first. */
export function visemeIndexAt(visemes, t) {
  let lo = 0;
  let hi = visemes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (visemes[mid].t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The viseme name at `t` ms; `rest` before the first and after `durationMs` (if given). */
export function visemeAt(visemes, t, durationMs) {
  if (durationMs !== undefined && t >= durationMs) return 'rest';
  const i = visemeIndexAt(visemes, t);
  return i < 0 ? 'rest' : visemes[i].v;
}

/**
 * The interpolated mouth shape at `t` ms into a segment: each viseme blends in from the
 * previous one over `blendMs` (or half the gap between them, if shorter), and the mouth
 * relaxes to `rest` at the end of the segment.
 */
export function mouthAt(visemes, t, { durationMs, blendMs = DEFAULT_BLEND_MS } = {}) {
  const rest = MOUTH_SHAPES.rest;
  if (durationMs !== undefined && t >= durationMs) {
    const last = visemes.length ? MOUTH_SHAPES[visemeAt(visemes, durationMs - 1)] : rest;
    return lerpShape(last, rest, ease((t - durationMs) / blendMs));
  }
  const i = visemeIndexAt(visemes, t);
  if (i < 0) return { ...rest };
  const current = MOUTH_SHAPES[visemes[i].v] ?? rest;
  const previous = i > 0 ? (MOUTH_SHAPES[visemes[i - 1].v] ?? rest) : rest;
  const gap = i > 0 ? visemes[i].t - visemes[i - 1].t : blendMs * 2;
  const blend = Math.max(1, Math.min(blendMs, gap / 2));
  return lerpShape(previous, current, ease((t - visemes[i].t) / blend));
}

/**
 * Maps the audio clock to a position inside one speech segment. Each chunk of the segment's
 * audio is scheduled at some AudioContext time; gaps (late chunks) are allowed, so the
 * mouth stays on the audio even when the network stalls.
 */
export class SegmentClock {
  constructor() {
    this.chunks = []; // {start (s, audio clock), offsetMs (in segment), durationMs, rate}
  }

  /**
   * `durationMs` is how long the chunk plays; played at `rate` (the person's voice speed),
   * it covers `durationMs * rate` ms of the segment's speech (where the visemes are timed).
   */
  addChunk(start, offsetMs, durationMs, rate = 1) {
    this.chunks.push({ start, offsetMs, durationMs, rate });
  }

  get startTime() {
    return this.chunks.length ? this.chunks[0].start : null;
  }

  get endTime() {
    if (!this.chunks.length) return null;
    const last = this.chunks[this.chunks.length - 1];
    return last.start + last.durationMs / 1000;
  }

  /** Milliseconds into the segment at audio time `time`, or null outside its audio. */
  positionAt(time) {
    for (const chunk of this.chunks) {
      const end = chunk.start + chunk.durationMs / 1000;
      if (time >= chunk.start && time < end) {
        return chunk.offsetMs + (time - chunk.start) * 1000 * chunk.rate;
      }
    }
    return null;
  }
}

/** All segments being played, keyed by `${turn_id}:${segment}`. */
export class LipSyncTimeline {
  constructor({ blendMs = DEFAULT_BLEND_MS } = {}) {
    this.blendMs = blendMs;
    this.segments = new Map();
  }

  beginSegment(key, { visemes = [], durationMs, text = '' } = {}) {
    this.segments.set(key, {
      visemes: normalizeVisemes(visemes),
      durationMs,
      text,
      clock: new SegmentClock(),
    });
  }

  addChunk(key, start, offsetMs, durationMs, rate = 1) {
    this.segments.get(key)?.clock.addChunk(start, offsetMs, durationMs, rate);
  }

  /** What the mouth shows at audio time `time`: {shape, viseme, key, text, position}. */
  at(time) {
    for (const [key, seg] of this.segments) {
      const position = seg.clock.positionAt(time);
      if (position === null) continue;
      const durationMs = seg.durationMs ?? audioLength(seg.clock);
      return {
        key,
        text: seg.text,
        position,
        viseme: visemeAt(seg.visemes, position, durationMs),
        shape: mouthAt(seg.visemes, position, { durationMs, blendMs: this.blendMs }),
      };
    }
    return { key: null, text: '', position: null, viseme: 'rest', shape: { ...MOUTH_SHAPES.rest } };
  }

  /** Forget segments whose audio ended before `time` (seconds). */
  prune(time) {
    for (const [key, seg] of this.segments) {
      const end = seg.clock.endTime;
      if (end !== null && end < time - 1) this.segments.delete(key);
    }
  }

  clear() {
    this.segments.clear();
  }
}

function audioLength(clock) {
  const last = clock.chunks[clock.chunks.length - 1];
  return last ? last.offsetMs + last.durationMs * last.rate : 0;
}

/** Mouth openness as shown on the canvas's `data-mouth` (0..1, two decimals). */
export function openness(shape) {
  return Math.round(clamp(shape.open, 0, 1) * 100) / 100;
}
