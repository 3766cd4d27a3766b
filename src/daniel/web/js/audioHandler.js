// Audio in and out of the page.
//
// Out: each `speech.segment` is followed by binary PCM16 frames; every frame becomes an
// AudioBuffer scheduled back to back on the AudioContext clock, and the lip-sync timeline
// learns exactly when each piece plays, so the avatar's mouth follows the sound.
// In: the microphone goes through an AudioWorklet (pcm-worklet.js) that downmixes,
// resamples to 16 kHz and cuts PCM16 frames of 40 ms; a live level drives the meter and
// the barge-in detector.

import { decodePcm16 } from './protocol.js';
import { Emitter } from './utils.js';
import { LipSyncTimeline } from './visemes.js';

const START_LEAD_S = 0.06; // head start for the first buffer, avoids a click on start

/** Plain-words reason code for a failed getUserMedia. */
export function micErrorCode(err) {
  switch (err?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'mic.denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'mic.none';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'mic.busy';
    default:
      return 'mic.failed';
  }
}

export class AudioHandler extends Emitter {
  constructor({ frameMs = 40, workletUrl } = {}) {
    super();
    this.frameMs = frameMs;
    this.workletUrl = workletUrl ?? new URL('./pcm-worklet.js', import.meta.url).href;
    this.ctx = null;
    this.timeline = new LipSyncTimeline();
    this.sources = new Set();
    this.nextTime = 0;
    this.segment = null; // the segment whose audio is arriving
    this.level = 0;
    this.mic = null; // {stream, source, node}
    this.micStarting = null;
    this.muted = false; // the person turned spoken answers off (preferences.js)
    this.rate = 1; // their voice speed
  }

  // ---------------------------------------------------------------- context
  /** The shared AudioContext (created on first use; resumed on user gestures). */
  context() {
    if (!this.ctx) {
      const Ctx = globalThis.AudioContext || globalThis.webkitAudioContext;
      if (!Ctx) return null;
      this.ctx = new Ctx({ latencyHint: 'interactive' });
    }
    return this.ctx;
  }

  async resume() {
    const ctx = this.context();
    if (ctx && ctx.state === 'suspended') {
      try {
        await ctx.resume();
      } catch {
        /* resumed on the next gesture */
      }
    }
    return ctx?.state === 'running';
  }

  /** The audio-clock time of what is heard now (output latency taken into account). */
  audibleTime() {
    const ctx = this.ctx;
    if (!ctx) return 0;
    const stamp = ctx.getOutputTimestamp?.();
    if (stamp && stamp.contextTime > 0 && ctx.currentTime - stamp.contextTime < 0.5) {
      // Extrapolate from the device timestamp to "now".
      const since = (performance.now() - stamp.performanceTime) / 1000;
      return Math.min(ctx.currentTime, stamp.contextTime + Math.max(0, since));
    }
    return ctx.currentTime;
  }

  // ---------------------------------------------------------------- playback
  /** A `speech.segment` message: the audio frames that follow belong to it. */
  beginSegment(msg) {
    const key = `${msg.turn_id}:${msg.segment}`;
    this.segment = {
      key,
      turnId: msg.turn_id,
      rate: msg.sample_rate,
      playable: (msg.format ?? 'pcm_s16le') === 'pcm_s16le' && msg.sample_rate > 0,
      offsetMs: 0,
      carry: null,
    };
    this.timeline.beginSegment(key, {
      visemes: msg.visemes ?? [],
      durationMs: msg.duration_ms,
      text: msg.text ?? '',
    });
  }

  /** One binary frame of the current segment's PCM16 audio. */
  pushAudio(data) {
    const seg = this.segment;
    const ctx = this.context();
    if (!seg || !seg.playable || !ctx || this.muted) return;
    if (ctx.state === 'suspended' && !this.blockedReported) {
      // Autoplay policy: sound starts after the next click or key press.
      this.blockedReported = true;
      this.emit('blocked');
    }
    let bytes = new Uint8Array(data);
    if (seg.carry !== null) {
      // A sample split across two frames.
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = seg.carry;
      joined.set(bytes, 1);
      bytes = joined;
      seg.carry = null;
    }
    if (bytes.length % 2) {
      seg.carry = bytes[bytes.length - 1];
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    if (bytes.length === 0) return;
    const samples = decodePcm16(bytes);
    const buffer = ctx.createBuffer(1, samples.length, seg.rate);
    buffer.copyToChannel(samples, 0);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.playbackRate.value = this.rate;
    source.connect(ctx.destination);
    const start = Math.max(this.nextTime, ctx.currentTime + START_LEAD_S);
    source.start(start);
    const speechMs = (samples.length / seg.rate) * 1000; // where the visemes are timed
    this.timeline.addChunk(seg.key, start, seg.offsetMs, speechMs / this.rate, this.rate);
    seg.offsetMs += speechMs;
    this.nextTime = start + buffer.duration / this.rate;
    this.sources.add(source);
    const wasPlaying = this.sources.size > 1;
    source.onended = () => {
      this.sources.delete(source);
      if (this.sources.size === 0) {
        this.timeline.prune(ctx.currentTime);
        this.emit('playing', false);
      }
    };
    if (!wasPlaying) this.emit('playing', true);
  }

  endSegment() {
    this.segment = null;
  }

  get playing() {
    return this.sources.size > 0;
  }

  /** Barge-in or `interrupted`: silence now and forget everything queued. */
  stopPlayback() {
    const had = this.sources.size > 0;
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        /* already stopped */
      }
    }
    this.sources.clear();
    this.timeline.clear();
    this.segment = null;
    this.nextTime = 0;
    if (had) this.emit('playing', false);
    return had;
  }

  /** What the avatar's mouth shows now: {shape, viseme, text, key}. */
  lipSync() {
    if (!this.ctx || this.sources.size === 0) return null;
    const now = this.audibleTime();
    const at = this.timeline.at(now);
    return at.key ? at : null;
  }

  // ---------------------------------------------------------------- microphone
  /** Why voice input cannot work in this browser, or null. */
  static unsupportedReason() {
    if (globalThis.isSecureContext === false) return 'mic.insecure';
    if (!globalThis.navigator?.mediaDevices?.getUserMedia) {
      return globalThis.isSecureContext === false ? 'mic.insecure' : 'mic.unsupported';
    }
    if (!globalThis.AudioWorkletNode) return 'mic.unsupported';
    return null;
  }

  get micActive() {
    return this.mic !== null;
  }

  /** Open the microphone (asks permission the first time). Throws {code} in plain words. */
  async startMic() {
    if (this.mic) return;
    if (this.micStarting) return this.micStarting;
    this.micStarting = this._openMic().finally(() => {
      this.micStarting = null;
    });
    return this.micStarting;
  }

  async _openMic() {
    const reason = AudioHandler.unsupportedReason();
    if (reason) throw Object.assign(new Error(reason), { code: reason });
    const ctx = this.context();
    await this.resume();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          channelCount: 1,
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
      });
    } catch (err) {
      const code = micErrorCode(err);
      throw Object.assign(new Error(code), { code });
    }
    try {
      if (!this.workletLoaded) {
        await ctx.audioWorklet.addModule(this.workletUrl);
        this.workletLoaded = true;
      }
      const source = ctx.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(ctx, 'pcm-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        processorOptions: { targetRate: 16000, frameMs: this.frameMs },
      });
      node.port.onmessage = (event) => this._fromWorklet(event.data);
      source.connect(node);
      // The worklet writes silence; connecting it keeps the graph pulling it.
      node.connect(ctx.destination);
      this.mic = { stream, source, node };
      for (const track of stream.getAudioTracks()) {
        track.addEventListener('ended', () => {
          this.stopMic();
          this.emit('mic-lost');
        });
      }
      this.emit('mic', true);
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      console.warn('audio worklet failed', err);
      throw Object.assign(new Error('mic.failed'), { code: 'mic.failed' });
    }
  }

  _fromWorklet(data) {
    if (data.type === 'frame') this.emit('frame', data.pcm);
    else if (data.type === 'level') {
      this.level = data.level;
      this.emit('level', data.level, data.rms);
    }
  }

  /** Ask the worklet for the partial frame it holds (end of a push-to-talk turn). */
  flushMic() {
    return new Promise((resolve) => {
      if (!this.mic) return resolve();
      const { port } = this.mic.node;
      const previous = port.onmessage;
      const timer = setTimeout(done, 200);
      function done() {
        clearTimeout(timer);
        port.onmessage = previous;
        resolve();
      }
      port.onmessage = (event) => {
        previous(event);
        if (event.data.type === 'flushed') done();
      };
      port.postMessage({ type: 'flush' });
    });
  }

  stopMic() {
    if (!this.mic) return;
    const { stream, source, node } = this.mic;
    this.mic = null;
    node.port.onmessage = null;
    try {
      source.disconnect();
      node.disconnect();
    } catch {
      /* already disconnected */
    }
    for (const track of stream.getTracks()) track.stop();
    this.level = 0;
    this.emit('level', 0, 0);
    this.emit('mic', false);
  }
}
