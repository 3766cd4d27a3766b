// Voice input: the microphone button (hold to talk, with mouse, touch, Space or Enter),
// the hands-free switch, the level meter, barge-in detection and the plain-words
// explanations when voice cannot work (denied permission, no device, insecure page, or
// voice input turned off by the server).

import { AudioHandler } from './audioHandler.js';
import { DEFAULTS } from './config.js';
import * as P from './protocol.js';
import { t } from './i18n.js';

const MIC_IDLE_CLOSE_MS = 20000; // push-to-talk keeps the mic open briefly between presses
const SHORT_PRESS_MS = 250;
const TYPING_TARGETS =
  'input, textarea, select, button, a[href], [contenteditable=""], [contenteditable="true"]';

export class VoiceControl {
  constructor(app, { button, label, handsFree, hint, stage }) {
    this.app = app;
    this.audio = app.audio;
    this.button = button;
    this.label = label;
    this.switch = handsFree;
    this.hintNode = hint;
    this.stage = stage;
    this.handsFreeOn = false;
    this.serverVoice = { enabled: true, reason: null };
    this.press = null; // {since, sending, via}
    this.loudSince = null;
    this.speakingUntil = 0;
    this.closeTimer = null;
    this.audio.on('frame', (pcm) => this._frame(pcm));
    this.audio.on('level', (level) => this._level(level));
    this.audio.on('mic', (on) => this.stage.classList.toggle('is-mic-on', on));
    this.audio.on('mic-lost', () => {
      this.hint(t('mic.failed'), true);
      this._setHandsFree(false);
    });
    this._bind();
    this.update();
  }

  get mode() {
    return this.handsFreeOn ? 'hands_free' : 'push_to_talk';
  }

  get level() {
    return this.audio.micActive ? this.audio.level : 0;
  }

  /** The user is talking: push-to-talk held, or hands-free hearing a voice. */
  get userSpeaking() {
    return (
      Boolean(this.press?.sending) || (this.handsFreeOn && performance.now() < this.speakingUntil)
    );
  }

  get disabledReason() {
    if (!this.serverVoice.enabled) return this.serverVoice.reason || t('mic.disabled');
    const browser = AudioHandler.unsupportedReason();
    return browser ? t(browser) : null;
  }

  setServerVoiceInput(voice) {
    this.serverVoice = {
      enabled: voice?.enabled !== false,
      reason: typeof voice?.reason === 'string' && voice.reason ? voice.reason : null,
    };
    if (!this.serverVoice.enabled) {
      this.release();
      if (this.handsFreeOn) this._setHandsFree(false);
    }
    this.update();
  }

  update() {
    const reason = this.disabledReason;
    this.button.disabled = Boolean(reason);
    this.switch.disabled = Boolean(reason);
    const action = this.handsFreeOn
      ? t('mic.handsfree_active')
      : this.press
        ? t('mic.release')
        : t('mic.hold');
    this.button.title = reason ?? action;
    this.label.textContent = reason ?? action;
    this.button.setAttribute('aria-pressed', String(Boolean(this.press) || this.handsFreeOn));
    this.button.classList.toggle('is-open', this.handsFreeOn);
    this.switch.setAttribute('aria-checked', String(this.handsFreeOn));
    this.switch.title = t(this.handsFreeOn ? 'handsfree.on' : 'handsfree.off');
    if (reason) {
      this.hint(reason);
      this.hintNode.dataset.reason = '1';
      this.hintNode.classList.add('is-reason');
    } else if (this.hintNode.dataset.reason) this.hint('');
  }

  relabel() {
    this.update();
  }

  hint(text, isError = false) {
    this.hintNode.textContent = text;
    this.hintNode.classList.toggle('is-error', Boolean(isError && text));
    this.hintNode.classList.remove('is-reason', 'is-expanded');
    delete this.hintNode.dataset.reason;
  }

  // ---------------------------------------------------------------- input wiring
  _bind() {
    const b = this.button;
    b.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || b.disabled) return;
      event.preventDefault();
      b.setPointerCapture?.(event.pointerId);
      this._handled = true;
      void this.hold('pointer');
    });
    // The click that follows a press is part of it: ignore it, then listen again.
    const settle = () => setTimeout(() => (this._handled = false), 0);
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
      b.addEventListener(type, () => {
        settle();
        if (this.press?.via === 'pointer') this.release();
      });
    }
    b.addEventListener('keydown', (event) => {
      if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
        event.preventDefault();
        event.stopPropagation();
        this._handled = true;
        void this.hold('key');
      } else if (event.key === ' ' || event.key === 'Enter') event.preventDefault();
    });
    b.addEventListener('keyup', (event) => {
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        event.stopPropagation();
        settle();
        if (this.press?.via === 'key') this.release();
      }
    });
    // Assistive tech may send a bare click: treat it as a toggle (tap to start, tap to send).
    b.addEventListener('click', (event) => {
      if (this._handled) return;
      event.preventDefault();
      if (this.press) this.release();
      else void this.hold('click');
    });
    // Space anywhere outside a text field or button works like holding the button.
    document.addEventListener('keydown', (event) => {
      if (event.code !== 'Space' || event.repeat || event.target.closest?.(TYPING_TARGETS)) return;
      if (this.button.disabled || this.handsFreeOn) return;
      event.preventDefault();
      void this.hold('space');
    });
    document.addEventListener('keyup', (event) => {
      if (event.code === 'Space' && this.press?.via === 'space') {
        event.preventDefault();
        this.release();
      }
    });
    addEventListener('blur', () => this.press && this.press.via !== 'click' && this.release());
    this.switch.addEventListener('click', () => void this._setHandsFree(!this.handsFreeOn));
    this.hintNode.addEventListener('click', () => this.hintNode.classList.toggle('is-expanded'));
  }

  // ---------------------------------------------------------------- push-to-talk
  async hold(via) {
    if (this.press || this.handsFreeOn || this.disabledReason) return;
    const press = { since: performance.now(), sending: false, via };
    this.press = press;
    clearTimeout(this.closeTimer);
    this.update();
    if (this.app.busy) this.app.interrupt();
    try {
      await this.audio.startMic();
    } catch (err) {
      this.press = null;
      this.hint(t(err.code ?? 'mic.failed'), true);
      this.update();
      return;
    }
    if (this.press !== press) return; // released while the permission prompt was open
    if (!this.app.send(P.audioStart())) {
      this.hint(t('status.offline'), true);
      return;
    }
    press.sending = true;
    this.hint('');
    this.app.refreshState();
  }

  async release() {
    const press = this.press;
    if (!press) return;
    this.press = null;
    this.update();
    if (press.sending) {
      await this.audio.flushMic();
      this.app.send(P.audioEnd());
      if (performance.now() - press.since < SHORT_PRESS_MS && press.via !== 'click') {
        this.hint(t('mic.tap_hint'));
      }
    }
    this.app.refreshState();
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      if (!this.press && !this.handsFreeOn) this.audio.stopMic();
    }, MIC_IDLE_CLOSE_MS);
  }

  // ---------------------------------------------------------------- hands-free
  async _setHandsFree(on) {
    if (on === this.handsFreeOn) return;
    if (on) {
      if (this.disabledReason) return;
      try {
        await this.audio.startMic();
      } catch (err) {
        this.hint(t(err.code ?? 'mic.failed'), true);
        return;
      }
      this.release();
    }
    this.handsFreeOn = on;
    this.hint(on ? t('mic.handsfree_active') : '');
    this.update();
    // The mode is part of session.start: resume the session in the new mode.
    this.app.restartSession();
    if (!on) this.audio.stopMic();
    this.app.refreshState();
  }

  connectionLost() {
    if (this.press) this.press.sending = false;
  }

  _frame(pcm) {
    if (this.press?.sending || (this.handsFreeOn && this.app.ready)) {
      this.app.socket?.sendBinary(pcm);
    }
  }

  _level(level) {
    this.app.video.setLevel(level);
    this.button.style.setProperty('--level', level.toFixed(2));
    if (!this.handsFreeOn) return;
    const now = performance.now();
    if (level >= DEFAULTS.bargeInLevel) {
      this.loudSince ??= now;
      if (now - this.loudSince >= DEFAULTS.bargeInHoldMs) {
        this.speakingUntil = now + 500;
        if (this.audio.playing) this.app.interrupt();
      }
    } else this.loudSince = null;
    this.app.refreshState();
  }
}
