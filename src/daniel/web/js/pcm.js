// Pure audio arithmetic for the microphone path: downmix, band-limited resampling to the
// protocol's 16 kHz, PCM16 conversion with clipping, fixed-size framing and levels.
// Used inside the AudioWorklet (pcm-worklet.js) and by the Node unit tests, so it must
// not use any browser API.

/** Average the channels of one block into mono. */
export function downmix(channels) {
  if (!channels || channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return Float32Array.from(channels[0]);
  const n = channels[0].length;
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i] += ch[i];
  const k = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i] *= k;
  return out;
}

/**
 * Streaming resampler: a Blackman-windowed sinc low-pass evaluated at each output position,
 * so downsampling (48 kHz → 16 kHz) does not alias. State carries over between blocks;
 * `flush()` returns the last few samples held back for the filter's look-ahead.
 */
export class StreamResampler {
  constructor(fromRate, toRate, { zeroCrossings = 12, tableResolution = 128 } = {}) {
    if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('sample rates must be > 0');
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.passthrough = fromRate === toRate;
    this.step = fromRate / toRate; // input samples per output sample
    // Cut-off (cycles per input sample): just under the lower of the two Nyquist limits.
    this.cutoff = 0.5 * Math.min(1, toRate / fromRate) * 0.94;
    this.halfWidth = zeroCrossings / (2 * this.cutoff); // in input samples
    this.resolution = tableResolution;
    this.table = this._kernelTable();
    const pad = Math.ceil(this.halfWidth);
    this.buffer = new Float32Array(pad); // zeros before the first sample
    this.pos = pad; // position (in buffer samples) of the next output sample
  }

  _kernelTable() {
    const size = Math.ceil(this.halfWidth * this.resolution) + 2;
    const table = new Float32Array(size);
    const fc2 = 2 * this.cutoff;
    for (let i = 0; i < size; i++) {
      const x = i / this.resolution;
      const w = x >= this.halfWidth ? 0 : blackman(x / this.halfWidth);
      const arg = Math.PI * fc2 * x;
      table[i] = fc2 * (x === 0 ? 1 : Math.sin(arg) / arg) * w;
    }
    return table;
  }

  _kernel(x) {
    const idx = Math.abs(x) * this.resolution;
    const i = Math.floor(idx);
    if (i + 1 >= this.table.length) return 0;
    const f = idx - i;
    return this.table[i] * (1 - f) + this.table[i + 1] * f;
  }

  /** Resample one block; returns the output samples that are ready. */
  process(input) {
    if (this.passthrough) return Float32Array.from(input);
    const merged = new Float32Array(this.buffer.length + input.length);
    merged.set(this.buffer);
    merged.set(input, this.buffer.length);
    const out = [];
    const hw = this.halfWidth;
    let p = this.pos;
    while (p + hw < merged.length) {
      const first = Math.max(0, Math.ceil(p - hw));
      const last = Math.floor(p + hw);
      let acc = 0;
      for (let k = first; k <= last; k++) acc += merged[k] * this._kernel(p - k);
      out.push(acc);
      p += this.step;
    }
    // Keep only what the next outputs still need.
    const keepFrom = Math.max(0, Math.floor(p - hw) - 1);
    this.buffer = merged.slice(keepFrom);
    this.pos = p - keepFrom;
    return Float32Array.from(out);
  }

  /** Emit the held-back tail (as if silence followed). */
  flush() {
    if (this.passthrough) return new Float32Array(0);
    const remaining = this.buffer.length - this.pos; // input samples not yet covered
    if (remaining <= 0) return new Float32Array(0);
    const expected = Math.max(0, Math.ceil(remaining / this.step));
    const out = this.process(new Float32Array(Math.ceil(this.halfWidth) + 1));
    return out.slice(0, expected);
  }
}

function blackman(r) {
  // r in [0, 1): distance from the centre as a fraction of the half width.
  const x = 0.5 + 0.5 * r; // map to the right half of a symmetric window
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * x) + 0.08 * Math.cos(4 * Math.PI * x);
}

/** Float samples → PCM16, clipping anything outside [-1, 1]. */
export function floatToPcm16(samples) {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, Number.isFinite(samples[i]) ? samples[i] : 0));
    out[i] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
  }
  return out;
}

export function pcm16ToFloat(samples) {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] / 32768;
  return out;
}

/** Collects float samples and hands out PCM16 frames of exactly `frameSamples`. */
export class PcmFramer {
  constructor(frameSamples) {
    if (!(frameSamples > 0)) throw new RangeError('frameSamples must be > 0');
    this.frameSamples = frameSamples;
    this.pending = new Float32Array(frameSamples);
    this.filled = 0;
  }

  push(samples) {
    const frames = [];
    let i = 0;
    while (i < samples.length) {
      const take = Math.min(this.frameSamples - this.filled, samples.length - i);
      this.pending.set(samples.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === this.frameSamples) {
        frames.push(floatToPcm16(this.pending));
        this.filled = 0;
      }
    }
    return frames;
  }

  /** The partial frame (shorter than a full one), or null when nothing is pending. */
  flush() {
    if (this.filled === 0) return null;
    const frame = floatToPcm16(this.pending.subarray(0, this.filled));
    this.filled = 0;
    return frame;
  }
}

export function rms(samples) {
  if (!samples || samples.length === 0) return 0;
  let acc = 0;
  for (let i = 0; i < samples.length; i++) acc += samples[i] * samples[i];
  return Math.sqrt(acc / samples.length);
}

/** RMS → a 0..1 meter value on a decibel scale (-60 dBFS → 0, 0 dBFS → 1). */
export function meterLevel(rmsValue, floorDb = -60) {
  if (!(rmsValue > 0)) return 0;
  const db = 20 * Math.log10(rmsValue);
  return Math.max(0, Math.min(1, (db - floorDb) / -floorDb));
}
