// Lip-sync: which mouth shape shows at time t, how shapes blend, and how the audio clock
// maps onto each speech segment (including late chunks).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { VISEMES } from '../../src/daniel/web/js/protocol.js';
import {
  LipSyncTimeline,
  MOUTH_SHAPES,
  SegmentClock,
  mouthAt,
  normalizeVisemes,
  openness,
  visemeAt,
} from '../../src/daniel/web/js/visemes.js';

const HOLA = normalizeVisemes([
  { t: 0, v: 'rest' },
  { t: 80, v: 'O' },
  { t: 200, v: 'L' },
  { t: 300, v: 'A' },
  { t: 450, v: 'rest' },
]);

test('every protocol viseme has a mouth shape; lips close on MBP and open widest on A', () => {
  for (const v of VISEMES) assert.ok(MOUTH_SHAPES[v], v);
  const open = VISEMES.map((v) => MOUTH_SHAPES[v].open);
  assert.equal(MOUTH_SHAPES.MBP.open, 0);
  assert.equal(Math.max(...open), MOUTH_SHAPES.A.open);
  assert.ok(MOUTH_SHAPES.U.round > MOUTH_SHAPES.E.round);
});

test('the viseme in force at t is the last one that started', () => {
  assert.equal(visemeAt(HOLA, 0), 'rest');
  assert.equal(visemeAt(HOLA, 79.9), 'rest');
  assert.equal(visemeAt(HOLA, 80), 'O');
  assert.equal(visemeAt(HOLA, 250), 'L');
  assert.equal(visemeAt(HOLA, 449), 'A');
  assert.equal(visemeAt(HOLA, 460), 'rest');
  assert.equal(visemeAt(HOLA, 350, 340), 'rest', 'after the segment ends');
  assert.equal(visemeAt([], 100), 'rest');
  assert.equal(visemeAt(normalizeVisemes([{ t: 50, v: 'A' }]), 10), 'rest', 'before the first');
});

test('visemes are sorted and unknown shapes become rest', () => {
  const list = normalizeVisemes([
    { t: 300, v: 'A' },
    { t: 100, v: 'zz' },
    { t: 'x', v: 'E' },
    null,
    { t: 200, v: 'S' },
  ]);
  assert.deepEqual(list, [
    { t: 100, v: 'rest' },
    { t: 200, v: 'S' },
    { t: 300, v: 'A' },
  ]);
});

test('shapes blend from the previous viseme over the blend time', () => {
  const blendMs = 40;
  const start = mouthAt(HOLA, 300, { blendMs });
  const mid = mouthAt(HOLA, 320, { blendMs });
  const done = mouthAt(HOLA, 340, { blendMs });
  assert.ok(Math.abs(start.open - MOUTH_SHAPES.L.open) < 1e-9, 'starts at the previous shape');
  assert.ok(Math.abs(done.open - MOUTH_SHAPES.A.open) < 1e-9, 'reaches the new shape');
  const halfway = (MOUTH_SHAPES.L.open + MOUTH_SHAPES.A.open) / 2;
  assert.ok(Math.abs(mid.open - halfway) < 1e-9, 'halfway at half the blend (smoothstep)');
  assert.ok(mid.open > start.open && mid.open < done.open);
});

test('short visemes blend faster so they still show', () => {
  const quick = normalizeVisemes([
    { t: 0, v: 'MBP' },
    { t: 40, v: 'A' },
  ]);
  // Gap 40 ms: blend over 20 ms, so at 60 ms the mouth is fully open.
  assert.ok(Math.abs(mouthAt(quick, 60, { blendMs: 80 }).open - MOUTH_SHAPES.A.open) < 1e-9);
});

test('the mouth relaxes to rest after the segment and reports its openness', () => {
  const shape = mouthAt(HOLA, 1000, { durationMs: 500 });
  assert.deepEqual(shape, { ...MOUTH_SHAPES.rest });
  assert.equal(openness(MOUTH_SHAPES.A), 0.92);
  assert.equal(openness(MOUTH_SHAPES.MBP), 0);
});

test('the segment clock follows each chunk, and a late chunk leaves a gap', () => {
  const clock = new SegmentClock();
  clock.addChunk(10.0, 0, 100); // 0–100 ms of speech at 10.0–10.1 s
  clock.addChunk(10.1, 100, 100); // 100–200 ms at 10.1–10.2 s
  clock.addChunk(10.5, 200, 100); // arrived late: 200–300 ms at 10.5–10.6 s
  assert.equal(clock.positionAt(9.99), null);
  assert.ok(Math.abs(clock.positionAt(10.05) - 50) < 1e-6);
  assert.ok(Math.abs(clock.positionAt(10.15) - 150) < 1e-6);
  assert.equal(clock.positionAt(10.3), null, 'silence while waiting for the late chunk');
  assert.ok(Math.abs(clock.positionAt(10.55) - 250) < 1e-6);
  assert.equal(clock.startTime, 10.0);
  assert.ok(Math.abs(clock.endTime - 10.6) < 1e-9);
});

test('the timeline picks the segment being heard and its viseme', () => {
  const timeline = new LipSyncTimeline({ blendMs: 10 });
  timeline.beginSegment('t1:0', { visemes: HOLA, durationMs: 500, text: 'Hola.' });
  timeline.addChunk('t1:0', 2.0, 0, 500);
  timeline.beginSegment('t1:1', {
    visemes: [
      { t: 0, v: 'MBP' },
      { t: 100, v: 'E' },
    ],
    durationMs: 300,
    text: 'Bien.',
  });
  timeline.addChunk('t1:1', 2.5, 0, 300);

  const a = timeline.at(2.0 + 0.32); // 320 ms into "Hola."
  assert.equal(a.key, 't1:0');
  assert.equal(a.viseme, 'A');
  assert.equal(a.text, 'Hola.');
  const b = timeline.at(2.5 + 0.15); // 150 ms into "Bien."
  assert.equal(b.key, 't1:1');
  assert.equal(b.viseme, 'E');
  const none = timeline.at(3.0);
  assert.equal(none.key, null);
  assert.equal(none.viseme, 'rest');

  timeline.prune(10);
  assert.equal(timeline.segments.size, 0);
});

test('at a faster voice the mouth follows the speech, not the clock', () => {
  const clock = new SegmentClock();
  clock.addChunk(10.0, 0, 50, 2); // 100 ms of speech played in 50 ms (speed 2×)
  clock.addChunk(10.05, 100, 50, 2);
  assert.ok(Math.abs(clock.positionAt(10.025) - 50) < 1e-6);
  assert.ok(Math.abs(clock.positionAt(10.075) - 150) < 1e-6);
  assert.equal(clock.positionAt(10.11), null, 'the speech has ended');
});
