// The local avatar: a 2D character drawn on a canvas every animation frame. It blinks at
// random intervals, breathes and sways when idle, shows its state (listening, thinking,
// speaking) with its eyes, brows and a coloured ring, and moves its mouth through the
// viseme shapes given by `mouthSource` (lip-sync against the audio clock).
//
// For tests and assistive tech the canvas carries `data-state`, `data-mouth` (openness
// 0..1) and `data-viseme`, updated as they change.

import { MOUTH_SHAPES, lerpShape, openness } from './visemes.js';
import { clamp, lerp } from './utils.js';

const SIZE = 400; // drawing units; the canvas is scaled to fit
const CX = 200;

const PALETTE = {
  skin: '#f2c4a0',
  skinShade: '#dea583',
  hair: '#3b2a22',
  hairLight: '#5a4034',
  shirt: '#2f4a8a',
  shirtLight: '#3d5ca6',
  collar: '#f4f6fb',
  iris: '#4a6f8f',
  pupil: '#1b2230',
  lip: '#b8574f',
  mouth: '#5b1f28',
  teeth: '#fbfbf8',
  tongue: '#e07a7f',
  brow: '#3b2a22',
  blush: 'rgba(240, 120, 120, 0.22)',
};

/** Next blink in 2–6 s; one in five is a double blink. */
function nextBlinkDelay() {
  return 2000 + Math.random() * 4000;
}

export class LocalAvatar {
  constructor(canvas, { mouthSource, levelSource } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.mouthSource = mouthSource ?? (() => null);
    this.levelSource = levelSource ?? (() => 0);
    this.state = 'idle';
    this.mouth = { ...MOUTH_SHAPES.rest };
    this.colors = {};
    this.running = false;
    this.t0 = performance.now();
    this.blinkAt = this.t0 + nextBlinkDelay();
    this.blinkDouble = false;
    this.gaze = { x: 0, y: 0 };
    this.gazeTarget = { x: 0, y: 0 };
    this.gazeAt = this.t0 + 1500;
    this.ringLevel = 0;
    this.stateBlend = { listening: 0, thinking: 0, speaking: 0 };
    this._frame = this._frame.bind(this);
    this._shown = { state: null, mouth: null, viseme: null };
    this.refreshColors();
    this._resize();
    if (typeof ResizeObserver !== 'undefined') {
      this._resizeObserver = new ResizeObserver(() => this._resize());
      this._resizeObserver.observe(canvas);
    }
  }

  setState(state) {
    this.state = state;
  }

  /** Re-read the theme's colours (CSS custom properties on the canvas). */
  refreshColors() {
    const style = getComputedStyle(this.canvas);
    const v = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    this.colors = {
      bg1: v('--avatar-bg-1', '#e9eefc'),
      bg2: v('--avatar-bg-2', '#c9d5f5'),
      idle: v('--ring-idle', '#94a3b8'),
      listening: v('--ring-listening', '#2f9e44'),
      thinking: v('--ring-thinking', '#f08c00'),
      speaking: v('--ring-speaking', '#4c6ef5'),
    };
  }

  start() {
    if (this.running) return;
    this.running = true;
    requestAnimationFrame(this._frame);
  }

  stop() {
    this.running = false;
  }

  _resize() {
    const rect = this.canvas.getBoundingClientRect();
    const dpr = Math.min(globalThis.devicePixelRatio || 1, 3);
    const css = Math.max(64, Math.round(Math.min(rect.width, rect.height) || 320));
    const px = Math.round(css * dpr);
    if (this.canvas.width !== px || this.canvas.height !== px) {
      this.canvas.width = px;
      this.canvas.height = px;
    }
  }

  _frame(now) {
    if (!this.running) return;
    try {
      this._update(now);
      this._draw(now);
    } finally {
      requestAnimationFrame(this._frame);
    }
  }

  // ---------------------------------------------------------------- animation state
  _update(now) {
    const lip = this.mouthSource();
    const target = lip?.shape ?? MOUTH_SHAPES.rest;
    // The lip-sync shape is already interpolated; a light smoothing removes frame jitter.
    this.mouth = lerpShape(this.mouth, target, lip?.shape ? 0.65 : 0.25);
    for (const key of Object.keys(this.stateBlend)) {
      this.stateBlend[key] = lerp(this.stateBlend[key], this.state === key ? 1 : 0, 0.12);
    }
    const level = clamp(this.levelSource() || 0, 0, 1);
    this.ringLevel = lerp(this.ringLevel, level, level > this.ringLevel ? 0.5 : 0.15);

    if (now >= this.gazeAt) {
      const range = this.state === 'listening' ? 1.2 : 3.5;
      this.gazeTarget = {
        x: (Math.random() * 2 - 1) * range,
        y: (Math.random() * 2 - 1) * range * 0.5,
      };
      this.gazeAt = now + 1200 + Math.random() * 2800;
    }
    const thinking = this.stateBlend.thinking;
    const gx = lerp(this.gazeTarget.x, -4.5, thinking);
    const gy = lerp(this.gazeTarget.y, -4, thinking);
    this.gaze.x = lerp(this.gaze.x, gx, 0.15);
    this.gaze.y = lerp(this.gaze.y, gy, 0.15);

    const data = this.canvas.dataset;
    const mouthText = openness(this.mouth).toFixed(2);
    const viseme = lip?.viseme ?? 'rest';
    if (this._shown.state !== this.state) data.state = this._shown.state = this.state;
    if (this._shown.mouth !== mouthText) data.mouth = this._shown.mouth = mouthText;
    if (this._shown.viseme !== viseme) data.viseme = this._shown.viseme = viseme;
  }

  _eyeOpen(now) {
    const BLINK_MS = 160;
    if (now >= this.blinkAt + BLINK_MS) {
      if (this.blinkDouble) {
        this.blinkDouble = false;
        this.blinkAt = now + 120;
      } else {
        this.blinkDouble = Math.random() < 0.2;
        this.blinkAt = now + nextBlinkDelay();
      }
    }
    const k = (now - this.blinkAt) / BLINK_MS;
    if (k < 0 || k > 1) return 1;
    return k < 0.4 ? 1 - k / 0.4 : (k - 0.4) / 0.6;
  }

  // ---------------------------------------------------------------- drawing
  _draw(now) {
    const { ctx, canvas } = this;
    const scale = canvas.width / SIZE;
    const time = (now - this.t0) / 1000;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);

    this._drawBackdrop(time);
    ctx.save();
    ctx.beginPath();
    ctx.arc(CX, 200, 170, 0, Math.PI * 2);
    ctx.clip();

    const speaking = this.stateBlend.speaking;
    const breathe = Math.sin(time * 1.7) * 1.6;
    const sway = Math.sin(time * 0.55) * 0.022 + Math.sin(time * 1.3) * 0.006;
    const nod = speaking * (this.mouth.open * 3 + Math.sin(time * 5.2) * 0.8);
    const lean = this.stateBlend.listening * 4;

    this._drawBody(breathe);
    ctx.save();
    ctx.translate(CX, 300);
    ctx.rotate(sway);
    ctx.translate(-CX, -300 + breathe * 0.5 + nod - lean);
    this._drawHead(now);
    ctx.restore();
    ctx.restore();
    this._drawRing(time);
  }

  _drawBackdrop(time) {
    const { ctx, colors } = this;
    // The light source drifts slowly, so the stage never looks frozen.
    const lx = CX + Math.sin(time * 0.3) * 40;
    const grad = ctx.createRadialGradient(lx, 120, 20, CX, 200, 200);
    grad.addColorStop(0, colors.bg1);
    grad.addColorStop(1, colors.bg2);
    ctx.fillStyle = grad;
    ctx.beginPath();
    ctx.arc(CX, 200, 170, 0, Math.PI * 2);
    ctx.fill();
  }

  _ringColor() {
    const { colors, stateBlend } = this;
    const order = ['speaking', 'thinking', 'listening'];
    let best = 'idle';
    let weight = 0.35;
    for (const key of order) {
      if (stateBlend[key] > weight) {
        best = key;
        weight = stateBlend[key];
      }
    }
    return colors[best];
  }

  _drawRing(time) {
    const { ctx, stateBlend } = this;
    const color = this._ringColor();
    const pulse =
      stateBlend.listening * this.ringLevel * 10 + stateBlend.speaking * this.mouth.open * 7;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineCap = 'round';
    ctx.shadowColor = color;
    ctx.shadowBlur = 4 + pulse;
    ctx.globalAlpha = this.state === 'idle' ? 0.55 : 0.95;
    ctx.lineWidth = 5 + pulse;
    if (stateBlend.thinking > 0.5) {
      // Two arcs chasing each other around the face.
      const a = time * 2.6;
      for (const offset of [0, Math.PI]) {
        ctx.beginPath();
        ctx.arc(CX, 200, 179, a + offset, a + offset + Math.PI * 0.55);
        ctx.stroke();
      }
      ctx.globalAlpha = 0.25;
      ctx.lineWidth = 3;
      ctx.shadowBlur = 0;
    }
    ctx.beginPath();
    ctx.arc(CX, 200, 179, 0, Math.PI * 2);
    ctx.stroke();
    ctx.restore();
  }

  _drawBody(breathe) {
    const { ctx } = this;
    const top = 318 - breathe;
    ctx.fillStyle = PALETTE.skinShade;
    ctx.fillRect(176, 250, 48, 80); // neck
    ctx.fillStyle = PALETTE.shirt;
    ctx.beginPath();
    ctx.moveTo(40, 420);
    ctx.bezierCurveTo(48, top + 18, 100, top, 160, top - 8);
    ctx.lineTo(240, top - 8);
    ctx.bezierCurveTo(300, top, 352, top + 18, 360, 420);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = PALETTE.shirtLight;
    ctx.beginPath();
    ctx.ellipse(CX, top + 40, 120, 30, 0, Math.PI, Math.PI * 2);
    ctx.fill();
    // Collar.
    ctx.fillStyle = PALETTE.collar;
    ctx.beginPath();
    ctx.moveTo(162, top - 10);
    ctx.lineTo(CX, top + 30);
    ctx.lineTo(238, top - 10);
    ctx.lineTo(224, top - 16);
    ctx.lineTo(CX, top + 12);
    ctx.lineTo(176, top - 16);
    ctx.closePath();
    ctx.fill();
  }

  _drawHead(now) {
    const { ctx } = this;
    // Ears.
    ctx.fillStyle = PALETTE.skinShade;
    for (const x of [124, 276]) {
      ctx.beginPath();
      ctx.ellipse(x, 192, 12, 20, 0, 0, Math.PI * 2);
      ctx.fill();
    }
    // Face.
    ctx.fillStyle = PALETTE.skin;
    ctx.beginPath();
    ctx.moveTo(CX, 96);
    ctx.bezierCurveTo(255, 96, 280, 140, 279, 190);
    ctx.bezierCurveTo(278, 240, 245, 280, CX, 282);
    ctx.bezierCurveTo(155, 280, 122, 240, 121, 190);
    ctx.bezierCurveTo(120, 140, 145, 96, CX, 96);
    ctx.fill();
    // Cheeks.
    ctx.fillStyle = PALETTE.blush;
    for (const x of [152, 248]) {
      ctx.beginPath();
      ctx.ellipse(x, 228, 17, 11, 0, 0, Math.PI * 2);
      ctx.fill();
    }
    this._drawHair();
    this._drawEyes(now);
    this._drawBrows();
    // Nose.
    ctx.strokeStyle = PALETTE.skinShade;
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(201, 198);
    ctx.quadraticCurveTo(194, 220, 198, 224);
    ctx.quadraticCurveTo(203, 227, 209, 223);
    ctx.stroke();
    this._drawMouth();
  }

  _drawHair() {
    const { ctx } = this;
    ctx.fillStyle = PALETTE.hair;
    ctx.beginPath();
    ctx.moveTo(119, 196);
    ctx.bezierCurveTo(108, 120, 150, 78, 205, 80);
    ctx.bezierCurveTo(262, 82, 294, 122, 281, 196);
    ctx.bezierCurveTo(276, 170, 270, 150, 256, 136);
    ctx.bezierCurveTo(222, 146, 176, 132, 154, 116);
    ctx.bezierCurveTo(146, 140, 132, 150, 127, 172);
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = PALETTE.hairLight;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(170, 96);
    ctx.quadraticCurveTo(215, 92, 246, 110);
    ctx.stroke();
  }

  _drawEyes(now) {
    const { ctx, gaze, stateBlend } = this;
    const open = this._eyeOpen(now);
    const wide = 1 + stateBlend.listening * 0.12;
    for (const x of [168, 232]) {
      const y = 186;
      const ry = 11.5 * wide * open;
      if (ry < 1.5) {
        ctx.strokeStyle = PALETTE.brow;
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(x - 15, y);
        ctx.quadraticCurveTo(x, y + 5, x + 15, y);
        ctx.stroke();
        continue;
      }
      ctx.save();
      ctx.fillStyle = '#ffffff';
      ctx.beginPath();
      ctx.ellipse(x, y, 15.5, ry, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.clip();
      ctx.fillStyle = PALETTE.iris;
      ctx.beginPath();
      ctx.arc(x + gaze.x, y + gaze.y, 9, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = PALETTE.pupil;
      ctx.beginPath();
      ctx.arc(x + gaze.x, y + gaze.y, 4.6, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.beginPath();
      ctx.arc(x + gaze.x + 3, y + gaze.y - 3, 2.2, 0, Math.PI * 2);
      ctx.fill();
      ctx.restore();
      // Upper lid line.
      ctx.strokeStyle = PALETTE.brow;
      ctx.lineWidth = 2.6;
      ctx.beginPath();
      ctx.ellipse(x, y, 15.5, ry, 0, Math.PI * 1.08, Math.PI * 1.92);
      ctx.stroke();
    }
  }

  _drawBrows() {
    const { ctx, stateBlend } = this;
    const lift = stateBlend.listening * 4 + stateBlend.speaking * this.mouth.open * 2.5;
    ctx.strokeStyle = PALETTE.brow;
    ctx.lineWidth = 5.5;
    ctx.lineCap = 'round';
    for (const [x, dir] of [
      [168, -1],
      [232, 1],
    ]) {
      // Thinking raises one brow (the right one) and lowers the other a little.
      const think = stateBlend.thinking * (dir > 0 ? 6 : -1.5);
      const y = 160 - lift - think;
      ctx.beginPath();
      ctx.moveTo(x - 17, y + 4);
      ctx.quadraticCurveTo(x + dir * 2, y - 5, x + 17, y + 3 - dir * 1.5);
      ctx.stroke();
    }
  }

  _drawMouth() {
    const { ctx } = this;
    const m = this.mouth;
    const cx = CX;
    const cy = 247;
    const half = 21 * (0.62 + 0.7 * m.width - 0.42 * m.round);
    const openH = 32 * m.open;
    const smile = 3 * (1 - m.round) * (1 - m.open * 0.6);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    if (openH < 2.2) {
      // Closed: lips together (pressed lips look thicker and flatter).
      ctx.strokeStyle = PALETTE.lip;
      ctx.lineWidth = 3.5 + m.press * 2.5;
      ctx.beginPath();
      ctx.moveTo(cx - half, cy - smile);
      ctx.quadraticCurveTo(cx, cy + 7 - m.press * 4 + openH, cx + half, cy - smile);
      ctx.stroke();
      return;
    }
    const topY = cy - 3 - openH * 0.22;
    const bottomY = cy + openH * 0.85;
    const roundness = m.round;
    const outline = () => {
      ctx.beginPath();
      ctx.moveTo(cx - half, cy - smile);
      ctx.bezierCurveTo(
        cx - half * (0.55 - roundness * 0.2),
        topY - roundness * 4,
        cx + half * (0.55 - roundness * 0.2),
        topY - roundness * 4,
        cx + half,
        cy - smile,
      );
      ctx.bezierCurveTo(
        cx + half * (0.7 + roundness * 0.25),
        bottomY + roundness * 2,
        cx - half * (0.7 + roundness * 0.25),
        bottomY + roundness * 2,
        cx - half,
        cy - smile,
      );
      ctx.closePath();
    };
    ctx.save();
    outline();
    ctx.fillStyle = PALETTE.mouth;
    ctx.fill();
    ctx.clip();
    if (m.teeth > 0.05) {
      ctx.fillStyle = PALETTE.teeth;
      ctx.fillRect(cx - half, topY - 6, half * 2, 6 + 7 * m.teeth);
    }
    if (m.lip > 0.2) {
      // f/v: the lower lip tucks under the upper teeth.
      ctx.fillStyle = PALETTE.lip;
      ctx.fillRect(cx - half, topY + 5 + 4 * (1 - m.lip), half * 2, 20);
    }
    const tongueY = bottomY - 2 - m.tongue * openH * 0.45;
    ctx.fillStyle = PALETTE.tongue;
    ctx.beginPath();
    ctx.ellipse(cx, tongueY + 6, half * 0.62, 8 + openH * 0.12, 0, Math.PI, Math.PI * 2);
    ctx.fill();
    ctx.restore();
    outline();
    ctx.strokeStyle = PALETTE.lip;
    ctx.lineWidth = 3.2;
    ctx.stroke();
  }
}
