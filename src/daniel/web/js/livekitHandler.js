// Remote avatars (HeyGen, LiveAvatar) speak in a LiveKit room. When the server sends
// `avatar.session`, this module loads livekit-client (lazily: only then), joins the room
// with the URL and token given, and attaches the avatar's video and audio tracks to the
// stage. Failures and disconnections are reported so the page can fall back to the local
// avatar. livekit-client comes from the npm registry (package.json) and is served by the
// avatar server at /vendor/livekit-client.esm.mjs.

import { Emitter, withTimeout } from './utils.js';

export const LIVEKIT_MODULE_URL = new URL('../vendor/livekit-client.esm.mjs', import.meta.url).href;

let modulePromise = null;

/** Import livekit-client once (a 1.4 MB module: never loaded unless a remote avatar is used). */
export function loadLiveKit(url = LIVEKIT_MODULE_URL) {
  if (!modulePromise) {
    modulePromise = import(url).catch((err) => {
      modulePromise = null;
      throw err;
    });
  }
  return modulePromise;
}

export class RemoteAvatar extends Emitter {
  constructor({ video, audio, moduleUrl = LIVEKIT_MODULE_URL, connectTimeoutMs = 12000 }) {
    super();
    this.video = video;
    this.audio = audio;
    this.moduleUrl = moduleUrl;
    this.connectTimeoutMs = connectTimeoutMs;
    this.room = null;
    this.closing = false;
  }

  get connected() {
    return this.room !== null;
  }

  /** Join the room; resolves once connected, rejects with a plain reason otherwise. */
  async connect(url, token) {
    await this.disconnect();
    this.closing = false;
    const lk = await loadLiveKit(this.moduleUrl);
    lk.setLogLevel?.('warn');
    const room = new lk.Room({ adaptiveStream: true, dynacast: false });
    room.on(lk.RoomEvent.TrackSubscribed, (track) => {
      if (track.kind === lk.Track.Kind.Video) {
        track.attach(this.video);
        this.emit('video');
      } else if (track.kind === lk.Track.Kind.Audio) {
        track.attach(this.audio);
      }
    });
    room.on(lk.RoomEvent.TrackUnsubscribed, (track) => track.detach());
    room.on(lk.RoomEvent.Disconnected, (reason) => {
      // Only a room that was up can be "lost"; a failed connect() rejects instead.
      if (this.room !== room) return;
      this.room = null;
      if (!this.closing) this.emit('disconnected', reason);
    });
    try {
      await withTimeout(
        room.connect(url, token, { autoSubscribe: true, maxRetries: 0 }),
        this.connectTimeoutMs,
        'timed out connecting to the avatar room',
      );
    } catch (err) {
      this.closing = true;
      room.disconnect().catch(() => {});
      throw err;
    }
    this.room = room;
  }

  async disconnect() {
    const room = this.room;
    this.room = null;
    if (!room) return;
    this.closing = true;
    try {
      await room.disconnect();
    } catch {
      /* already gone */
    }
  }
}
