// Microphone path arithmetic: resampling to 16 kHz keeps length, frequency and level and
// removes what 16 kHz cannot carry; PCM16 conversion clips; frames have the exact size.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  PcmFramer,
  StreamResampler,
  downmix,
  floatToPcm16,
  meterLevel,
  pcm16ToFloat,
  rms,
} from '../../src/daniel/web/js/pcm.js';

function sine(freq, rate, seconds, amplitude = 0.5) {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

/** Resample in 128-sample blocks, like the AudioWorklet does. */
function resampleInBlocks(input, from, to, block = 128) {
  const r = new StreamResampler(from, to);
  const parts = [];
  for (let i = 0; i < input.length; i += block) parts.push(r.process(input.subarray(i, i + block)));
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Strength of `freq` in `x` (single-bin DFT magnitude, normalised to amplitude). */
function toneAmplitude(x, freq, rate) {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += x[i] * Math.cos((2 * Math.PI * freq * i) / rate);
    im -= x[i] * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

function dominantFrequency(x, rate) {
  let best = 0;
  let bestAmp = 0;
  for (let f = 50; f < rate / 2; f += 10) {
    const a = toneAmplitude(x, f, rate);
    if (a > bestAmp) {
      best = f;
      bestAmp = a;
    }
  }
  return best;
}

test('48 kHz → 16 kHz: one second stays one second and 1 kHz stays 1 kHz', () => {
  const out = resampleInBlocks(sine(1000, 48000, 1), 48000, 16000);
  assert.ok(Math.abs(out.length - 16000) <= 1, `length ${out.length}`);
  assert.equal(dominantFrequency(out.subarray(200, 15800), 16000), 1000);
  // Level kept (a 0.5 sine has an RMS of 0.354).
  assert.ok(Math.abs(rms(out.subarray(200, 15800)) - 0.5 / Math.SQRT2) < 0.01);
});

test('44.1 kHz → 16 kHz keeps a 440 Hz tone', () => {
  const out = resampleInBlocks(sine(440, 44100, 0.5), 44100, 16000);
  assert.ok(Math.abs(out.length - 8000) <= 1, `length ${out.length}`);
  assert.equal(dominantFrequency(out.subarray(100, 7900), 16000), 440);
  assert.ok(toneAmplitude(out.subarray(100, 7900), 440, 16000) > 0.48);
});

test('tones above 8 kHz do not alias into the 16 kHz signal', () => {
  // 12 kHz would fold down to 4 kHz without a low-pass filter.
  const out = resampleInBlocks(sine(12000, 48000, 0.5), 48000, 16000);
  assert.ok(rms(out.subarray(100, 7900)) < 0.01, `leak ${rms(out)}`);
  assert.ok(toneAmplitude(out.subarray(100, 7900), 4000, 16000) < 0.01);
});

test('block size does not change the result', () => {
  const input = sine(700, 48000, 0.2);
  const a = resampleInBlocks(input, 48000, 16000, 128);
  const b = resampleInBlocks(input, 48000, 16000, 1000);
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `sample ${i}`);
});

test('at 16 kHz the resampler passes audio through untouched', () => {
  const input = sine(300, 16000, 0.1);
  const r = new StreamResampler(16000, 16000);
  assert.deepEqual([...r.process(input)], [...input]);
  assert.equal(r.flush().length, 0);
});

test('PCM16 conversion rounds and clips at full scale', () => {
  assert.deepEqual(
    [...floatToPcm16(Float32Array.from([0, 0.5, -0.5, 1, -1, 1.7, -3, Number.NaN]))],
    [0, 16384, -16384, 32767, -32768, 32767, -32768, 0],
  );
  const back = pcm16ToFloat(Int16Array.from([16384, -32768]));
  assert.deepEqual([...back], [0.5, -1]);
});

test('frames are exactly 40 ms (640 samples) whatever the block sizes', () => {
  const framer = new PcmFramer(640);
  const frames = [];
  for (const size of [128, 500, 1000, 12, 700]) {
    frames.push(...framer.push(new Float32Array(size).fill(0.25)));
  }
  assert.equal(frames.length, 3); // 2340 samples
  for (const f of frames) {
    assert.equal(f.length, 640);
    assert.equal(f.byteLength, 1280);
    assert.equal(f[0], Math.round(0.25 * 32767));
  }
  const tail = framer.flush();
  assert.equal(tail.length, 2340 - 3 * 640);
  assert.equal(framer.flush(), null);
});

test('downmix averages channels; meter level is on a dB scale', () => {
  assert.deepEqual(
    [...downmix([Float32Array.from([1, 0]), Float32Array.from([0, -1])])],
    [0.5, -0.5],
  );
  assert.equal(downmix([]).length, 0);
  assert.equal(meterLevel(0), 0);
  assert.equal(meterLevel(1), 1);
  assert.ok(Math.abs(meterLevel(10 ** (-30 / 20)) - 0.5) < 1e-9);
});
