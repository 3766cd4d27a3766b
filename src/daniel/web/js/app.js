// The orchestrator: builds the page's handlers, wires the WebSocket's messages to the
// stage and the transcript, and turns user actions (typing, holding the microphone,
// Esc, language and theme switches) into protocol messages.

import { checkStillLoggedIn, showAccount } from './account.js';
import { AudioHandler } from './audioHandler.js';
import { DEFAULTS, loadConfig, voiceInputFor, websocketUrl } from './config.js';
import { LANGUAGES, applyI18n, detectLang, getLang, setLang, t } from './i18n.js';
import { RemoteAvatar } from './livekitHandler.js';
import { SettingsPanel } from './preferences.js';
import * as P from './protocol.js';
import { Transcript } from './transcript.js';
import { VideoHandler } from './videoHandler.js';
import { ConversationSocket } from './websocketHandler.js';
import { VoiceControl } from './voiceControl.js';

const $ = (id) => document.getElementById(id);
const store = {
  get: (key) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set: (key, value) => {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* private mode: not remembered */
    }
  },
};

class App {
  constructor() {
    this.config = { ...DEFAULTS, voiceInput: { enabled: true, reason: null }, voiceByLang: {} };
    this.sessionId = null;
    this.ready = false;
    this.hadSession = false;
    this.quietReconnect = false;
    this.serverState = 'idle';
    this.activeTurn = null;
    this.interruptedTurns = new Set();
    this.outbox = [];
    this.providers = null;
    this.remote = null;
  }

  async start() {
    const params = new URLSearchParams(location.search);
    this.langExplicit = params.get('lang') || store.get('daniel.lang');
    setLang(
      LANGUAGES.includes(this.langExplicit)
        ? this.langExplicit
        : detectLang(navigator.languages?.length ? navigator.languages : navigator.language, 'es'),
    );
    this.initTheme(params.get('theme'));
    applyI18n(document);

    this.audio = new AudioHandler({ frameMs: DEFAULTS.frameMs });
    this.video = new VideoHandler(
      {
        stage: $('stage'),
        canvas: $('avatar'),
        video: $('remote-video'),
        audio: $('remote-audio'),
        stateLabel: $('state-label'),
        caption: $('caption'),
        meter: $('mic-meter'),
      },
      { lipSync: () => this.audio.lipSync(), level: () => this.voice?.level ?? 0 },
    );
    this.transcript = new Transcript({
      list: $('transcript'),
      live: $('agent-live'),
      onConfirm: (id, accept) => this.send(P.confirm(id, accept), { queue: true }),
    });
    this.voice = new VoiceControl(this, {
      button: $('mic-button'),
      label: $('mic-text'),
      handsFree: $('handsfree'),
      hint: $('mic-hint'),
      stage: $('stage'),
    });
    this.bindUi();
    this.audio.on('playing', () => this.refreshState());
    this.audio.on('blocked', () => this.voice.hint(t('notice.audio_blocked')));
    this.setStatus('connecting');

    this.settings = new SettingsPanel({
      button: $('settings-open'),
      dialog: $('settings'),
      onApply: (prefs, byUser) => this.applyPreferences(prefs, byUser),
    });
    const [config, prefs] = await Promise.all([loadConfig(), this.settings.load()]);
    this.config = config;
    if (!LANGUAGES.includes(this.langExplicit) && this.config.defaultLang) {
      const detected = detectLang(navigator.languages ?? [navigator.language], null);
      if (!detected && this.config.defaultLang !== getLang())
        this.switchLang(this.config.defaultLang);
    }
    this.applyPreferences(prefs, false);
    this.showProviders(this.config.providers);
    this.voice.setServerVoiceInput(voiceInputFor(this.config, getLang()));

    this.socket = new ConversationSocket(websocketUrl(location), {
      backoff: DEFAULTS.backoff,
      offlineAfter: DEFAULTS.offlineAfter,
      pingIntervalMs: DEFAULTS.pingIntervalMs,
      silenceTimeoutMs: DEFAULTS.silenceTimeoutMs,
    });
    this.socket.on('open', () => this.onOpen());
    this.socket.on('message', (msg) => this.onMessage(msg));
    this.socket.on('audio', (data) => this.audio.pushAudio(data));
    this.socket.on('status', (status) => this.onSocketStatus(status));
    this.socket.on('close', () => {
      this.onClose();
      checkStillLoggedIn();
    });
    showAccount(t);
    this.socket.on('protocol-error', (err) => console.warn('ignored server message:', err.message));
    this.socket.on('fatal', (info) => {
      this.transcript.error({ stage: 'session', message: info.reason || t('status.offline') });
    });
    this.socket.connect();
    addEventListener('pagehide', () => {
      this.socket.send(P.sessionStop());
      this.socket.close();
    });
    globalThis.__daniel = this; // a handle for the end-to-end tests and for debugging
  }

  // ---------------------------------------------------------------- UI wiring
  bindUi() {
    const form = $('composer');
    const input = $('composer-input');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendText(input.value);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendText(input.value);
      }
    });
    input.addEventListener('input', () => {
      input.style.height = 'auto';
      input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
    });
    for (const chip of document.querySelectorAll('[data-suggest]')) {
      chip.addEventListener('click', () => this.sendText(t(chip.dataset.suggest)));
    }
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => this.switchLang(button.dataset.lang, true));
    }
    this.markLang();
    $('theme-toggle').addEventListener('click', () => this.toggleTheme());
    $('interrupt').addEventListener('click', () => this.interrupt());
    $('transcript').addEventListener('transcript-change', () => {
      $('welcome').hidden = !this.transcript.isEmpty;
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.busy) {
        event.preventDefault();
        this.interrupt();
      }
    });
    // Any gesture unlocks audio playback (autoplay policies).
    for (const type of ['pointerdown', 'keydown']) {
      addEventListener(type, () => this.audio.resume(), { capture: true, passive: true });
    }
  }

  // ---------------------------------------------------------------- preferences
  /** The person's preferences (preferences.js): at start, and when saved in the panel. */
  applyPreferences(prefs, byUser) {
    this.prefs = prefs;
    // The person's language follows them to any device; only ?lang= in the address wins.
    if (prefs.lang && (byUser || !new URLSearchParams(location.search).get('lang')))
      this.switchLang(prefs.lang, byUser);
    this.audio.muted = !prefs.voice;
    this.audio.rate = prefs.speed;
    const handsFree = prefs.mode === 'hands_free';
    if (handsFree !== this.voice.handsFreeOn) void this.voice._setHandsFree(handsFree);
    if (byUser && prefs.avatar === 'local' && this.remote)
      this.send(P.avatarFallback('disconnected'));
  }

  // ---------------------------------------------------------------- theme and language
  initTheme(fromQuery) {
    const chosen = ['light', 'dark'].includes(fromQuery) ? fromQuery : store.get('daniel.theme');
    this.theme = ['light', 'dark'].includes(chosen) ? chosen : null;
    this.darkQuery = matchMedia('(prefers-color-scheme: dark)');
    this.darkQuery.addEventListener('change', () => this.applyTheme());
    this.applyTheme();
  }

  applyTheme() {
    const root = document.documentElement;
    if (this.theme) root.dataset.theme = this.theme;
    else delete root.dataset.theme;
    const effective = this.theme ?? (this.darkQuery.matches ? 'dark' : 'light');
    root.dataset.effectiveTheme = effective;
    const label = t(effective === 'dark' ? 'theme.to_light' : 'theme.to_dark');
    $('theme-toggle').setAttribute('aria-label', label);
    $('theme-toggle').title = label;
    this.video?.relabel();
  }

  toggleTheme() {
    const effective = document.documentElement.dataset.effectiveTheme;
    this.theme = effective === 'dark' ? 'light' : 'dark';
    store.set('daniel.theme', this.theme);
    this.applyTheme();
  }

  switchLang(lang, byUser = false) {
    if (!LANGUAGES.includes(lang)) return;
    setLang(lang);
    if (byUser) {
      this.langExplicit = lang;
      store.set('daniel.lang', lang);
    }
    applyI18n(document);
    this.settings?.translate();
    document.title = t('app.title');
    this.markLang();
    this.applyTheme();
    this.setStatus(this.status);
    this.showProviders(this.providers ?? this.config.providers);
    this.voice.setServerVoiceInput(voiceInputFor(this.config, lang));
    if (this.ready) this.send(P.setLang(lang));
  }

  markLang() {
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === getLang()));
    }
    document.title = t('app.title');
  }

  // ---------------------------------------------------------------- status and state
  setStatus(status) {
    this.status = status;
    const node = $('status');
    node.dataset.status = status;
    $('status-text').textContent = t(`status.${status}`);
  }

  showProviders(providers) {
    this.providers = providers ?? null;
    const node = $('providers');
    if (!providers) {
      node.textContent = '';
      return;
    }
    node.textContent = ['brain', 'stt', 'tts', 'avatar']
      .filter((key) => providers[key])
      .map((key) => `${t(`providers.${key}`)}: ${providers[key]}`)
      .join(' · ');
    node.title = t('providers.label');
  }

  /** Something to interrupt: a turn in progress or speech still playing. */
  get busy() {
    return this.activeTurn !== null || this.audio.playing;
  }

  /** What the avatar shows: local audio and the microphone win over the server's state. */
  refreshState() {
    let state = this.serverState;
    if (this.audio.playing) state = 'speaking';
    else if (this.voice?.userSpeaking) state = 'listening';
    else if (state === 'speaking' && this.video.mode === 'local' && this.activeTurn === null) {
      state = 'idle';
    }
    if (state !== this.video.state) this.video.setState(state);
    $('interrupt').hidden = !this.busy;
  }

  // ---------------------------------------------------------------- sending
  send(msg, { queue = false } = {}) {
    if (this.ready && this.socket?.send(msg)) return true;
    if (queue) this.outbox.push(msg);
    return false;
  }

  sendText(raw) {
    let msg;
    try {
      msg = P.userText(raw);
    } catch (err) {
      if (String(raw ?? '').trim().length > P.MAX_TEXT_CHARS) {
        this.voice.hint(t('composer.too_long', { max: P.MAX_TEXT_CHARS }), true);
      }
      return;
    }
    void this.audio.resume();
    if (this.busy) this.interrupt();
    this.transcript.addUserText(msg.text);
    $('composer-input').value = '';
    $('composer-input').style.height = '';
    if (!this.send(msg, { queue: true })) this.voice.hint(t('composer.queued'));
  }

  /** Barge-in: silence the agent now and tell the server. */
  interrupt() {
    const wasBusy = this.busy;
    this.audio.stopPlayback();
    if (this.activeTurn !== null) this.interruptedTurns.add(String(this.activeTurn));
    if (wasBusy) this.send(P.interrupt());
    if (this.serverState === 'speaking' || this.serverState === 'thinking')
      this.serverState = 'idle';
    this.refreshState();
  }

  // ---------------------------------------------------------------- socket events
  onOpen() {
    this.socket.send(
      P.sessionStart({
        lang: getLang(),
        resume: this.sessionId ?? undefined,
        mode: this.voice.mode,
      }),
    );
  }

  onSocketStatus(status) {
    if (status === 'offline' && this.hadSession && !this.socket.stopped && !this.offlineNoted) {
      this.offlineNoted = true;
      this.transcript.notice('warning', t('notice.offline'));
    }
    if (status === 'open') this.offlineNoted = false;
    if (status === 'open') this.setStatus(this.hadSession ? 'reconnecting' : 'connecting');
    else if (status === 'reconnecting' || status === 'connecting' || status === 'offline') {
      this.setStatus(this.quietReconnect && status !== 'offline' ? 'connecting' : status);
    }
  }

  onClose() {
    this.ready = false;
    this.activeTurn = null;
    this.serverState = 'idle';
    this.voice.connectionLost();
    this.transcript.settleAll();
    this.refreshState();
  }

  onMessage(msg) {
    const handler = this.handlers[msg.type];
    if (handler) handler.call(this, msg);
  }

  /** Reconnect (resuming the session), e.g. to switch between push-to-talk and hands-free. */
  restartSession() {
    if (!this.socket) return;
    this.quietReconnect = true;
    this.socket.reconnectNow();
  }

  async connectRemote(msg) {
    if (this.prefs?.avatar === 'local') {
      this.send(P.avatarFallback('connect_failed')); // the person chose the local avatar
      return;
    }
    if (!this.remote) {
      this.remote = new RemoteAvatar({
        video: $('remote-video'),
        audio: $('remote-audio'),
        connectTimeoutMs: DEFAULTS.remoteConnectTimeoutMs,
      });
      this.remote.on('video', () => this.video.showRemote(this.remoteProvider));
      this.remote.on('disconnected', () => {
        this.video.showLocal();
        this.transcript.notice('warning', t('notice.remote_lost'));
        // Without this the server would keep speaking to the lost remote avatar.
        this.send(P.avatarFallback('disconnected'));
      });
    }
    this.remoteProvider = msg.provider;
    const stage = $('stage');
    stage.dataset.remote = 'connecting';
    try {
      await this.remote.connect(msg.livekit_url, msg.token);
      stage.dataset.remote = 'connected';
    } catch (err) {
      console.warn('remote avatar unavailable:', err?.message ?? err);
      stage.dataset.remote = 'failed';
      this.video.showLocal();
      this.transcript.notice('warning', t('notice.remote_failed', { provider: msg.provider }));
      this.send(P.avatarFallback('connect_failed'));
    }
  }
}

App.prototype.handlers = {
  'session.ready'(msg) {
    const resumedOk = msg.resumed === true;
    // A failed resume is explained by the server's own notice; the transcript stays.
    if (this.hadSession && !this.quietReconnect && resumedOk) {
      this.transcript.notice('info', t('notice.reconnected'));
    }
    if (this.sessionId !== null && String(msg.session_id) !== String(this.sessionId)) {
      // Not resumed: a new conversation whose turn ids start again at the beginning.
      this.transcript.forgetTurns();
      this.interruptedTurns.clear();
      this.audio.stopPlayback();
    }
    this.quietReconnect = false;
    this.hadSession = true;
    this.sessionId = msg.session_id;
    this.ready = true;
    this.setStatus('ready');
    if (msg.providers) this.showProviders(msg.providers);
    if (msg.voice_input) this.voice.setServerVoiceInput(msg.voice_input);
    if (msg.limits?.max_text) $('composer-input').maxLength = msg.limits.max_text;
    if (msg.lang && msg.lang !== getLang()) this.send(P.setLang(getLang()));
    const queued = this.outbox.splice(0);
    for (const item of queued) this.send(item, { queue: true });
    if (queued.length) this.voice.hint('');
  },
  'server.reconnect'(msg) {
    // The server restarts (a rolling update): the socket closes (1012) and reconnects,
    // resuming this conversation on another server.
    this.transcript.notice('info', msg.message);
  },
  state(msg) {
    this.serverState = msg.state;
    this.refreshState();
  },
  'turn.start'(msg) {
    this.activeTurn = msg.turn_id;
    this.transcript.startTurn(msg.turn_id, msg.source);
    this.refreshState();
  },
  transcript(msg) {
    this.transcript.userTranscript(msg.turn_id, msg.text, msg.final !== false);
  },
  'agent.delta'(msg) {
    this.transcript.agentDelta(msg.turn_id, msg.text);
  },
  'agent.text'(msg) {
    this.transcript.agentText(msg.turn_id, msg.text);
  },
  tool(msg) {
    this.transcript.tool(msg);
  },
  'confirm.request'(msg) {
    this.transcript.confirmRequest(msg);
  },
  'confirm.result'(msg) {
    this.transcript.confirmResult(msg);
  },
  'speech.segment'(msg) {
    if (this.interruptedTurns.has(String(msg.turn_id))) {
      this.audio.endSegment(); // its audio frames are dropped
      return;
    }
    this.audio.beginSegment(msg);
  },
  'speech.segment.end'() {
    this.audio.endSegment();
  },
  interrupted(msg) {
    this.audio.stopPlayback();
    if (msg.turn_id !== undefined && msg.turn_id !== null) {
      this.interruptedTurns.add(String(msg.turn_id));
      this.transcript.interrupted(msg.turn_id);
    }
    this.refreshState();
  },
  'turn.end'(msg) {
    if (String(this.activeTurn) === String(msg.turn_id)) this.activeTurn = null;
    this.transcript.endTurn(msg.turn_id);
    this.refreshState();
  },
  latency(msg) {
    this.transcript.latency(msg.turn_id, msg.marks);
  },
  'avatar.session'(msg) {
    void this.connectRemote(msg);
  },
  notice(msg) {
    this.transcript.notice(msg.level ?? 'info', msg.message);
  },
  error(msg) {
    this.transcript.error(msg);
    if (msg.stage === 'stt') this.voice.hint(msg.message, true);
  },
  pong() {},
};

const app = new App();
app.start().catch((err) => {
  console.error('Daniel could not start', err);
});
