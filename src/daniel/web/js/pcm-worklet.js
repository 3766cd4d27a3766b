// AudioWorklet processor "pcm-capture": microphone → PCM16 mono 16 kHz frames.
// Runs on the audio thread. Each render quantum (128 samples at the context's rate) is
// downmixed, resampled to 16 kHz when the context runs at another rate, and cut into
// frames of `frameMs` (40 ms = 640 samples = 1280 bytes by default), posted to the page
// as transferable ArrayBuffers. A level ({rms, level}) is posted about every 50 ms.

import { PcmFramer, StreamResampler, downmix, meterLevel, rms } from './pcm.js';

class PcmCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const opts = options?.processorOptions ?? {};
    const targetRate = opts.targetRate ?? 16000;
    const frameMs = opts.frameMs ?? 40;
    // `sampleRate` is the AudioWorkletGlobalScope's: the context's rate.
    this.resampler = new StreamResampler(sampleRate, targetRate);
    this.framer = new PcmFramer(Math.round((targetRate * frameMs) / 1000));
    this.levelEvery = Math.max(1, Math.round((sampleRate * 0.05) / 128));
    this.blocks = 0;
    this.energy = 0;
    this.count = 0;
    this.port.onmessage = (event) => {
      if (event.data?.type === 'flush') {
        const tail = this.framer.flush();
        if (tail) this.port.postMessage({ type: 'frame', pcm: tail.buffer }, [tail.buffer]);
        this.port.postMessage({ type: 'flushed' });
      }
    };
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0 || input[0].length === 0) return true;
    const mono = downmix(input);
    const r = rms(mono);
    this.energy += r * r * mono.length;
    this.count += mono.length;
    if (++this.blocks >= this.levelEvery) {
      const level = Math.sqrt(this.energy / Math.max(1, this.count));
      this.port.postMessage({ type: 'level', rms: level, level: meterLevel(level) });
      this.blocks = 0;
      this.energy = 0;
      this.count = 0;
    }
    for (const frame of this.framer.push(this.resampler.process(mono))) {
      this.port.postMessage({ type: 'frame', pcm: frame.buffer }, [frame.buffer]);
    }
    return true;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
