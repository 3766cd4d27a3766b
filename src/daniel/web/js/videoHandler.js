// The stage: the local canvas avatar by default, or the remote avatar's LiveKit video
// when a remote session is up. Also shows the state label, the caption of the sentence
// being spoken and the microphone level meter.

import { LocalAvatar } from './avatar.js';
import { t } from './i18n.js';

export class VideoHandler {
  constructor({ stage, canvas, video, audio, stateLabel, caption, meter }, { lipSync, level }) {
    this.stage = stage;
    this.canvas = canvas;
    this.video = video;
    this.remoteAudio = audio;
    this.stateLabel = stateLabel;
    this.caption = caption;
    this.meter = meter;
    this.state = 'idle';
    this.mode = 'local';
    this.lipSync = lipSync;
    this.avatar = new LocalAvatar(canvas, {
      mouthSource: () => this._mouth(),
      levelSource: level,
    });
    this.avatar.start();
    this._captionKey = null;
    this.setState('idle');
  }

  _mouth() {
    const lip = this.lipSync();
    // The caption follows the sentence being heard.
    const key = lip?.key ?? null;
    if (key !== this._captionKey) {
      this._captionKey = key;
      this.caption.textContent = lip?.text ?? '';
      this.caption.classList.toggle('is-visible', Boolean(lip?.text));
    }
    return lip;
  }

  setState(state) {
    this.state = state;
    this.avatar.setState(state);
    this.stage.dataset.state = state;
    this.stateLabel.textContent = t(`state.${state}`);
    this.canvas.setAttribute('aria-label', t('avatar.label', { state: t(`state.${state}`) }));
  }

  /** Refresh words and colours after a language or theme change. */
  relabel() {
    this.setState(this.state);
    this.avatar.refreshColors();
  }

  setLevel(level) {
    const pct = Math.round(Math.max(0, Math.min(1, level)) * 100);
    this.meter.style.setProperty('--level', `${pct}%`);
    this.meter.setAttribute('aria-valuenow', String(pct));
  }

  showRemote(provider) {
    this.mode = 'remote';
    this.stage.dataset.avatar = 'remote';
    this.video.hidden = false;
    this.video.setAttribute('aria-label', t('avatar.remote', { provider }));
    this.canvas.hidden = true;
    this.avatar.stop();
  }

  showLocal() {
    this.mode = 'local';
    this.stage.dataset.avatar = 'local';
    this.video.hidden = true;
    this.video.removeAttribute('src');
    this.video.srcObject = null;
    this.canvas.hidden = false;
    this.avatar.start();
  }
}
