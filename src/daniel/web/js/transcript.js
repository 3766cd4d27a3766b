// The conversation panel: user and agent turns, streamed agent text, tool activity lines,
// result cards and tables, write confirmations, notices, errors and latency readouts.
// DOM is only touched by `Transcript` methods (never at import), so Node can import the
// pure `formatLatency`.

import { t } from './i18n.js';
import { displayFields, formatChange, summaryTable, toolSummary } from './records.js';
import { el, safeHttpUrl } from './utils.js';

const MAX_CARDS = 8;

/** "texto 38 ms · voz 95 ms" from a `latency` message's marks (absent marks are skipped). */
export function formatLatency(marks, lang) {
  if (!marks || typeof marks !== 'object') return '';
  const parts = [];
  const add = (mark, key) => {
    if (Number.isFinite(marks[mark])) {
      parts.push(`${t(key, {}, lang)} ${Math.round(marks[mark])} ms`);
    }
  };
  add('transcript_final', 'latency.transcript');
  add('first_text', 'latency.text');
  add('first_audio', 'latency.voice');
  if (!parts.length) add('end', 'latency.total');
  return parts.join(' · ');
}

export class Transcript {
  constructor({ list, live, onConfirm }) {
    this.list = list;
    this.live = live;
    this.onConfirm = onConfirm;
    this.turns = new Map(); // turn_id → {user, agent, text, deltas}
    this.pendingUser = []; // typed turns not yet acknowledged by turn.start
    this.confirmations = new Map(); // confirmation_id → card element
    this.stick = true; // follow new content unless the user scrolled up to read
    list.addEventListener('scroll', () => {
      this.stick = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    });
  }

  /** A new server session numbers its turns afresh: keep the text, forget the ids. */
  forgetTurns() {
    this.settleAll();
    this.turns.clear();
  }

  get isEmpty() {
    return this.list.children.length === 0;
  }

  // ---------------------------------------------------------------- plumbing
  _append(node) {
    this.list.append(node);
    this._followEnd();
    this.list.dispatchEvent(new CustomEvent('transcript-change'));
    return node;
  }

  _scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  _userBubble(text, { partial = false } = {}) {
    return el(
      'li',
      { class: `turn turn--user${partial ? ' is-partial' : ''}` },
      el('div', { class: 'turn__who', 'data-i18n': 'turn.you', text: t('turn.you') }),
      el('div', { class: 'bubble bubble--user', text }),
    );
  }

  _turn(turnId) {
    const key = String(turnId);
    let turn = this.turns.get(key);
    if (!turn) {
      turn = { user: null, agent: null, deltas: '', final: false, answered: false };
      this.turns.set(key, turn);
    }
    return turn;
  }

  /** The agent's half of a turn, created on first use. */
  _agent(turnId) {
    const turn = this._turn(turnId);
    if (!turn.agent) {
      const node = el(
        'li',
        { class: 'turn turn--agent is-pending', dataset: { turnId: String(turnId) } },
        el('div', { class: 'turn__who', 'data-i18n': 'turn.agent', text: t('turn.agent') }),
        el('ul', { class: 'tools', role: 'list' }),
        el(
          'div',
          { class: 'bubble bubble--agent' },
          el('span', { class: 'typing', 'aria-hidden': 'true' }, el('i'), el('i'), el('i')),
          el('span', { class: 'agent-text' }),
        ),
        el('div', { class: 'results' }),
        el('div', { class: 'turn__meta' }),
      );
      turn.agent = node;
      this._append(node);
    }
    return turn.agent;
  }

  // ---------------------------------------------------------------- user side
  /** A typed turn shown at once; `turn.start` (source text) adopts it. */
  addUserText(text) {
    const node = this._append(this._userBubble(text));
    this.pendingUser.push(node);
    return node;
  }

  startTurn(turnId, source) {
    const turn = this._turn(turnId);
    if (source === 'voice') {
      if (!turn.user) {
        turn.user = this._append(this._userBubble(t('turn.listening'), { partial: true }));
      }
    } else if (!turn.user && this.pendingUser.length) {
      turn.user = this.pendingUser.shift();
    }
    turn.user?.setAttribute('data-turn-id', String(turnId));
    this._agent(turnId);
  }

  userTranscript(turnId, text, final) {
    const turn = this._turn(turnId);
    if (!turn.user) turn.user = this._append(this._userBubble(text, { partial: !final }));
    turn.user.setAttribute('data-turn-id', String(turnId));
    turn.user.querySelector('.bubble').textContent = text || '…';
    turn.user.classList.toggle('is-partial', !final);
    // Keep the user's words above the agent's answer.
    if (
      turn.agent &&
      turn.user.compareDocumentPosition(turn.agent) & Node.DOCUMENT_POSITION_PRECEDING
    ) {
      turn.agent.before(turn.user);
    }
  }

  // ---------------------------------------------------------------- agent side
  _setAgentText(turnId, text) {
    const node = this._agent(turnId);
    node.classList.remove('is-pending');
    node.querySelector('.agent-text').textContent = text;
    this._followEnd();
  }

  agentDelta(turnId, text) {
    const turn = this._turn(turnId);
    if (turn.final) return;
    turn.deltas += text;
    this._setAgentText(turnId, turn.deltas);
  }

  agentText(turnId, text) {
    const turn = this._turn(turnId);
    turn.final = true;
    turn.deltas = text;
    this._setAgentText(turnId, text);
    this.announce(text);
  }

  /** Put new agent text in the aria-live region for screen readers. */
  announce(text) {
    if (!this.live || !text) return;
    this.live.textContent = '';
    // A fresh text node after clearing makes screen readers announce repeated answers.
    setTimeout(() => {
      this.live.textContent = text;
    }, 30);
  }

  tool(msg) {
    const agent = this._agent(msg.turn_id ?? 'orphan');
    const tools = agent.querySelector('.tools');
    let line = tools.querySelector(`[data-call-id="${CSS.escape(String(msg.call_id))}"]`);
    if (!line) {
      line = el(
        'li',
        { class: 'tool', dataset: { callId: String(msg.call_id), name: msg.name } },
        el('span', { class: 'tool__icon', 'aria-hidden': 'true' }),
        el('span', { class: 'tool__label' }),
        el('span', { class: 'sr-only tool__status' }),
      );
      tools.append(line);
    }
    line.className = `tool tool--${msg.status}`;
    const label = msg.label || line.querySelector('.tool__label').textContent || msg.name;
    line.querySelector('.tool__label').textContent =
      msg.status === 'running' ? label : toolSummary(msg) || label;
    line.querySelector('.tool__status').textContent = ` (${t(`tool.${msg.status}`)})`;
    if (msg.status === 'done' && Array.isArray(msg.records) && msg.records.length) {
      agent.querySelector('.results').append(renderResults(msg.kind || 'other', msg.records));
    }
    this._followEnd();
  }

  latency(turnId, marks) {
    const text = formatLatency(marks);
    if (!text) return;
    const meta = this._agent(turnId).querySelector('.turn__meta');
    meta.replaceChildren(
      el('span', { class: 'latency', title: t('latency.label'), text }),
      ...[...meta.children].filter((c) => !c.classList.contains('latency')),
    );
    this._followEnd();
  }

  /** Scroll to the newest content unless the user scrolled up to read. */
  _followEnd() {
    if (this.stick) this._scrollToEnd();
  }

  endTurn(turnId) {
    const turn = this.turns.get(String(turnId));
    if (!turn?.agent) return;
    turn.agent.classList.remove('is-pending');
    turn.agent.classList.add('is-done');
    if (!turn.final && turn.deltas) this.announce(turn.deltas);
    // An agent turn with nothing in it (e.g. a cancelled voice turn) is not worth a row.
    if (
      !turn.deltas &&
      !turn.agent.querySelector('.tool, .results > *, .confirm, .turn__meta > *')
    ) {
      turn.agent.remove();
      turn.agent = null;
    }
  }

  /** The turn's speech was cut. Answering its proposal (Confirm/Cancel) cuts the speech
   * too, but an answered turn whose text is complete was not interrupted: no mark. */
  interrupted(turnId) {
    const turn = this.turns.get(String(turnId));
    if (!turn?.agent) return;
    if (turn.answered && turn.final) {
      if (!turn.agent.classList.contains('is-done')) this.endTurn(turnId);
      return;
    }
    turn.agent.classList.add('is-interrupted');
    const meta = turn.agent.querySelector('.turn__meta');
    if (!meta.querySelector('.interrupted')) {
      meta.append(el('span', { class: 'interrupted', text: t('turn.interrupted') }));
    }
  }

  /** Turns still streaming when the connection dropped stop showing "typing". */
  settleAll() {
    for (const [id, turn] of this.turns) {
      if (turn.agent && !turn.agent.classList.contains('is-done')) this.endTurn(id);
    }
  }

  // ---------------------------------------------------------------- confirmations
  confirmRequest(msg) {
    const id = String(msg.confirmation_id);
    const changes = (msg.changes ?? []).map((c) => formatChange(c));
    const accept = el('button', {
      type: 'button',
      class: 'btn btn--primary',
      text: t('confirm.accept'),
    });
    const cancel = el('button', { type: 'button', class: 'btn', text: t('confirm.cancel') });
    const countdown = el('span', { class: 'confirm__expires' });
    const status = el('p', { class: 'confirm__status', role: 'status' });
    const card = el(
      'section',
      { class: 'confirm', dataset: { confirmationId: id }, 'aria-label': t('confirm.title') },
      el('h3', { class: 'confirm__title', text: t('confirm.title') }),
      el('p', { class: 'confirm__summary', text: msg.summary }),
      changes.length
        ? el(
            'table',
            { class: 'changes' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                el('th', { scope: 'col', text: t('confirm.field') }),
                el('th', { scope: 'col', text: t('confirm.before') }),
                el('th', { scope: 'col', 'aria-hidden': 'true' }),
                el('th', { scope: 'col', text: t('confirm.after') }),
              ),
            ),
            el(
              'tbody',
              {},
              changes.map((c) =>
                el(
                  'tr',
                  {},
                  el('th', { scope: 'row', text: c.label }),
                  el('td', { class: 'old', text: c.old }),
                  el('td', { class: 'arrow', 'aria-hidden': 'true', text: '→' }),
                  el('td', { class: 'new', text: c.new }),
                ),
              ),
            ),
          )
        : null,
      el('div', { class: 'confirm__actions' }, accept, cancel, countdown),
      status,
    );
    const answer = (yes) => {
      if (card.dataset.state) return;
      if (msg.turn_id !== undefined && msg.turn_id !== null) {
        this._turn(msg.turn_id).answered = true;
      }
      card.dataset.state = 'sent';
      accept.disabled = true;
      cancel.disabled = true;
      status.textContent = t('confirm.sending');
      this.onConfirm?.(id, yes);
    };
    accept.addEventListener('click', () => answer(true));
    cancel.addEventListener('click', () => answer(false));
    const expiresAt = Date.now() + (Number(msg.expires_in) || 120) * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      countdown.textContent = card.dataset.state ? '' : t('confirm.expires', { s: left });
      if (!card.dataset.state && left <= 0) {
        accept.disabled = true;
        cancel.disabled = true;
      }
      if (!card.isConnected || card.dataset.state || left <= 0) clearInterval(card._timer);
    };
    card._timer = setInterval(tick, 1000);
    tick();
    this.confirmations.set(id, card);
    if (msg.turn_id !== undefined && msg.turn_id !== null) {
      const agent = this._agent(msg.turn_id);
      agent.classList.remove('is-pending');
      agent.querySelector('.results').append(card);
      this._followEnd();
    } else {
      this._append(el('li', { class: 'turn turn--agent is-done' }, card));
    }
    // Keyboard users land on the decision, unless they are busy typing something else.
    const typing = document.activeElement?.value;
    if (!typing) accept.focus({ preventScroll: true });
    this.announce(`${t('confirm.title')} ${msg.summary}`);
  }

  confirmResult(msg) {
    const card = this.confirmations.get(String(msg.confirmation_id));
    const label = t(`confirm.status.${msg.status}`);
    if (!card) {
      this.notice(msg.status === 'done' ? 'info' : 'warning', msg.summary || label);
      return;
    }
    clearInterval(card._timer);
    card.dataset.state = msg.status;
    for (const button of card.querySelectorAll('button')) button.disabled = true;
    card.querySelector('.confirm__expires').textContent = '';
    const status = card.querySelector('.confirm__status');
    status.replaceChildren(
      el('strong', { class: `badge badge--${msg.status}`, text: label }),
      ' ',
      msg.summary ?? '',
    );
    if (Array.isArray(msg.records) && msg.records.length) {
      card.append(renderResults('other', msg.records, { compact: true }));
    }
    this.announce(`${label}. ${msg.summary ?? ''}`);
  }

  // ---------------------------------------------------------------- notices and errors
  notice(level, message) {
    return this._append(
      el(
        'li',
        { class: `note note--${level === 'warning' ? 'warning' : 'info'}`, role: 'status' },
        el('span', { class: 'note__icon', 'aria-hidden': 'true' }),
        el('span', { text: message }),
      ),
    );
  }

  error(msg) {
    const stage = t(`error.stage.${msg.stage}`);
    const text = [msg.message, msg.retryable ? t('error.retryable') : ''].filter(Boolean).join(' ');
    const node = el(
      'li',
      { class: 'note note--error', role: 'alert', dataset: { stage: msg.stage } },
      el('span', { class: 'note__icon', 'aria-hidden': 'true' }),
      el('span', {}, el('strong', { text: stage.startsWith('error.') ? '' : `${stage}: ` }), text),
    );
    if (
      msg.turn_id !== undefined &&
      msg.turn_id !== null &&
      this.turns.get(String(msg.turn_id))?.agent
    ) {
      const agent = this.turns.get(String(msg.turn_id)).agent;
      agent.classList.remove('is-pending');
      agent
        .querySelector('.results')
        .append(el('div', { class: 'inline-error', role: 'alert', text }));
      return agent;
    }
    return this._append(node);
  }
}

// ------------------------------------------------------------------ result rendering
function recordLink(record, text) {
  const href = safeHttpUrl(record.url);
  if (!href) return el('span', { class: 'record__name', text });
  return el('a', {
    class: 'record__name',
    href,
    target: '_blank',
    rel: 'noopener',
    title: t('results.open'),
    text,
  });
}

/** Cards (lists of records) or a table (summary groups) for one tool result. */
export function renderResults(kind, records, { compact = false } = {}) {
  if (kind === 'summary') {
    const { nameLabel, columns, rows } = summaryTable(records);
    return el(
      'div',
      { class: 'result result--summary' },
      el(
        'table',
        { class: 'summary' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col', text: nameLabel ?? t('results.name') }),
            columns.map((c) => el('th', { scope: 'col', text: c.label })),
          ),
        ),
        el(
          'tbody',
          {},
          rows.map((row) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, recordLink(row, row.name)),
              row.cells.map((cell) => el('td', { text: cell })),
            ),
          ),
        ),
      ),
    );
  }
  const shown = records.slice(0, MAX_CARDS);
  return el(
    'div',
    { class: `result result--${kind}${compact ? ' result--compact' : ''}` },
    el(
      'ul',
      { class: 'cards', role: 'list' },
      shown.map((record) =>
        el(
          'li',
          {
            class: 'card',
            dataset: { model: record.model ?? '', id: String(record.id ?? '') },
          },
          recordLink(record, record.name ?? `#${record.id}`),
          el(
            'dl',
            { class: 'card__fields' },
            displayFields(kind, record).map((f) =>
              el(
                'div',
                { class: `field field--${f.key}` },
                el('dt', { text: f.label }),
                el('dd', { text: f.value }),
              ),
            ),
          ),
        ),
      ),
    ),
    records.length > shown.length
      ? el('p', {
          class: 'result__more',
          text: t('results.more', { n: records.length - shown.length }),
        })
      : null,
  );
}
