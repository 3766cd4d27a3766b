// The admin dashboard (/admin): overview with charts, questions, changes, people and
// live sessions, filtered by dates and person; every table has a CSV download. Data comes
// from /admin/api (api.js); words from texts.js. Nothing from the data is ever parsed as
// HTML: every value goes in as text.

import { ApiError, apiUrl, endSession, getJson } from './api.js';
import { destroyCharts, drawChart } from './charts.js';
import { getLang, setLang, t, translate } from './texts.js';

const $ = (id) => document.getElementById(id);
const TABS = ['overview', 'questions', 'writes', 'people', 'sessions'];

/** `el('td', {className: 'x'}, 'text', child)`: an element with properties and children. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toLocaleString(getLang() === 'en' ? 'en-US' : 'es-ES', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
}

function table(columns, rows, caption) {
  if (!rows.length) return el('p', { className: 'admin__empty' }, t('none'));
  return el(
    'div',
    { className: 'admin__table-wrap', tabIndex: 0, 'aria-label': caption },
    el(
      'table',
      { className: 'admin__table' },
      el('caption', { className: 'sr-only' }, caption),
      el('thead', {}, el('tr', {}, columns.map(([key]) => el('th', { scope: 'col' }, t(key))))),
      el(
        'tbody',
        {},
        rows.map((row) => el('tr', {}, columns.map(([, cell]) => el('td', {}, cell(row))))),
      ),
    ),
  );
}

function section(title, ...children) {
  return el('section', { className: 'admin__card' }, el('h2', {}, title), ...children);
}

class Dashboard {
  constructor() {
    this.filters = {};
    this.pages = {};
  }

  start() {
    const params = new URLSearchParams(location.search);
    const stored = (() => {
      try {
        return localStorage.getItem('daniel.lang');
      } catch {
        return null;
      }
    })();
    setLang(params.get('lang') || stored || (navigator.language?.startsWith('en') ? 'en' : 'es'));
    const form = $('filters');
    const today = new Date();
    const monthAgo = new Date(today.getTime() - 29 * 86400000);
    form.elements.from.value = monthAgo.toISOString().slice(0, 10);
    form.elements.to.value = today.toISOString().slice(0, 10);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.readFilters();
      this.pages = {};
      void this.show();
    });
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.addEventListener('click', () => {
        setLang(button.dataset.lang);
        try {
          localStorage.setItem('daniel.lang', button.dataset.lang);
        } catch {
          /* not remembered */
        }
        this.translate();
        void this.show();
      });
    }
    addEventListener('hashchange', () => void this.show());
    this.readFilters();
    this.translate();
    void this.show();
    globalThis.__dashboard = this; // for the end-to-end tests
  }

  translate() {
    translate(document);
    document.title = `Daniel · ${t('title')}`;
    for (const button of document.querySelectorAll('[data-lang]')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === getLang()));
    }
  }

  readFilters() {
    const f = $('filters').elements;
    this.filters = { from: f.from.value, to: f.to.value, user: f.user.value.trim() };
  }

  get tab() {
    const name = location.hash.slice(1);
    return TABS.includes(name) ? name : 'overview';
  }

  async show() {
    const tab = this.tab;
    for (const link of document.querySelectorAll('[data-tab]')) {
      if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const view = $('view');
    view.dataset.tab = tab;
    view.setAttribute('aria-busy', 'true');
    $('error').hidden = true;
    try {
      const parts = await this[tab]();
      destroyCharts();
      view.replaceChildren(...parts.nodes);
      parts.after?.();
      view.dataset.loaded = tab;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        location.replace('login');
        return;
      }
      $('error').textContent = err.message;
      $('error').hidden = false;
    } finally {
      view.removeAttribute('aria-busy');
    }
  }

  csvLink(name, extra = {}) {
    return el(
      'a',
      {
        className: 'admin__csv',
        href: apiUrl(name, this.filters, { ...extra, format: 'csv' }),
        download: '',
      },
      t('csv'),
    );
  }

  pager(key, paged) {
    const pages = Math.max(1, Math.ceil(paged.total / paged.per_page));
    if (pages <= 1) return null;
    const go = (page) => {
      this.pages[key] = page;
      void this.show();
    };
    return el(
      'nav',
      { className: 'admin__pager', 'aria-label': t('page', { page: paged.page, pages }) },
      el('button', { type: 'button', disabled: paged.page <= 1, onclick: () => go(paged.page - 1) }, t('prev')),
      el('span', {}, t('page', { page: paged.page, pages })),
      el('button', { type: 'button', disabled: paged.page >= pages, onclick: () => go(paged.page + 1) }, t('next')),
    );
  }

  // ---------------------------------------------------------------- the five views
  async overview() {
    const [usage, health] = await Promise.all([
      getJson(apiUrl('usage', this.filters)),
      getJson(apiUrl('vendors')).catch(() => null),
    ]);
    const tenant = $('filters').elements.tenant;
    tenant.value = usage.tenant;
    $('logins').replaceChildren(...usage.per_person.map((p) => el('option', { value: p.login })));
    const totals = usage.totals;
    const figures = el(
      'dl',
      { className: 'admin__figures' },
      [
        ['conversations', totals.conversations],
        ['turns', totals.turns],
        ['people', totals.people],
        ['not_understood', totals.not_understood],
        ['not_understood_rate', `${(totals.not_understood_rate * 100).toFixed(1)} %`],
        ['empty_answers', totals.empty_answers],
        ['writes', totals.writes],
      ].map(([key, value]) =>
        el('div', { 'data-figure': key }, el('dt', {}, t(key)), el('dd', {}, value)),
      ),
    );
    const perDay = el('canvas', { id: 'chart-days' });
    const channel = el('canvas', { id: 'chart-channel' });
    const language = el('canvas', { id: 'chart-lang' });
    const latencyRows = Object.entries(usage.latency).map(([stage, v]) => ({ stage, ...v }));
    const latency = table(
      [
        ['latency', (r) => t(`stage.${r.stage}`)],
        ['p50', (r) => r.p50 ?? '–'],
        ['p95', (r) => r.p95 ?? '–'],
        ['count', (r) => r.n],
      ],
      latencyRows.filter((r) => r.n),
      t('latency'),
    );
    const vendors = table(
      [
        ['vendors', (r) => r.name],
        ['status', (r) => el('span', { className: `admin__state admin__state--${r.state}` }, r.state)],
        ['outcome', (r) => r.detail],
      ],
      [
        ...(health?.providers ?? []).map((p) => ({
          name: `${p.kind}: ${p.name}`,
          state: p.state,
          detail: p.detail,
        })),
        ...(health?.circuits ?? []).map((c) => ({
          name: `${c.service} (${c.target})`,
          state: c.state === 'closed' ? 'ok' : c.state,
          detail: `circuit ${c.state}`,
        })),
      ],
      t('vendors'),
    );
    return {
      nodes: [
        section(t('tab.overview'), figures, this.csvLink('usage')),
        section(t('per_day'), el('div', { className: 'admin__chart' }, perDay)),
        el(
          'div',
          { className: 'admin__pair' },
          section(t('channel'), el('div', { className: 'admin__chart admin__chart--small' }, channel)),
          section(t('language'), el('div', { className: 'admin__chart admin__chart--small' }, language)),
        ),
        section(t('latency'), latency),
        section(t('vendors'), vendors),
      ],
      after: () => {
        const days = usage.per_day.map((d) => d.day);
        drawChart(
          perDay,
          'bar',
          days,
          [
            { label: t('turns'), data: usage.per_day.map((d) => d.turns) },
            { label: t('people'), data: usage.per_day.map((d) => d.people) },
            { label: t('not_understood'), data: usage.per_day.map((d) => d.not_understood) },
          ],
          t('per_day'),
        );
        drawChart(
          channel,
          'doughnut',
          usage.per_channel.map((c) => t(c.channel)),
          [{ label: t('turns'), data: usage.per_channel.map((c) => c.turns) }],
          t('channel'),
        );
        drawChart(
          language,
          'doughnut',
          usage.per_language.map((c) => c.lang.toUpperCase()),
          [{ label: t('turns'), data: usage.per_language.map((c) => c.turns) }],
          t('language'),
        );
      },
    };
  }

  async questions() {
    const page = this.pages.questions ?? 1;
    const body = await getJson(apiUrl('questions', this.filters, { page }));
    const missed = body.not_understood;
    const text = (q) => q ?? el('em', {}, t('text_off'));
    return {
      nodes: [
        section(
          t('missed'),
          table(
            [
              ['when', (r) => when(r.at)],
              ['who', (r) => r.login],
              ['question', (r) => text(r.question)],
              ['outcome', (r) => (r.empty ? t('empty') : r.outcome)],
              ['via', (r) => t(r.channel)],
            ],
            missed.items,
            t('missed'),
          ),
          this.pager('questions', missed),
          this.csvLink('questions'),
        ),
        section(
          t('top'),
          table(
            [
              ['question', (r) => r.question],
              ['count', (r) => r.turns],
            ],
            body.top,
            t('top'),
          ),
        ),
        section(
          t('by_category'),
          table(
            [
              ['category', (r) => r.category],
              ['count', (r) => r.turns],
            ],
            body.by_category,
            t('by_category'),
          ),
        ),
      ],
    };
  }

  async writes() {
    const page = this.pages.writes ?? 1;
    const body = await getJson(apiUrl('audit', this.filters, { page }));
    const record = (w) => {
      const name = w.record_id ? `${w.model} #${w.record_id}` : w.tool;
      if (!w.url || !/^https?:\/\//.test(w.url)) return name;
      return el('a', { href: w.url, target: '_blank', rel: 'noopener', title: t('open_in_odoo') }, name);
    };
    const changes = (w) =>
      el(
        'ul',
        { className: 'admin__changes' },
        (w.changes ?? []).map((c) => el('li', {}, `${c.label || c.field}: ${c.old ?? '–'} → ${c.new ?? '–'}`)),
      );
    return {
      nodes: [
        section(
          t('tab.writes'),
          table(
            [
              ['when', (w) => when(w.at)],
              ['who', (w) => w.person || w.login],
              ['record', record],
              ['change', changes],
              ['via', (w) => w.via],
              [
                'status',
                (w) =>
                  el('span', { className: `admin__state admin__state--${w.status}` }, t(`status.${w.status}`)),
              ],
            ],
            body.items,
            t('tab.writes'),
          ),
          this.pager('writes', body),
          this.csvLink('audit'),
        ),
      ],
    };
  }

  async people() {
    const page = this.pages.people ?? 1;
    const body = await getJson(apiUrl('people', this.filters, { page }));
    return {
      nodes: [
        section(
          t('tab.people'),
          table(
            [
              ['who', (p) => (p.person ? `${p.person} (${p.login})` : p.login)],
              ['conversations', (p) => p.conversations],
              ['turns', (p) => p.turns],
              ['not_understood', (p) => p.not_understood],
              ['writes', (p) => p.writes],
              ['last', (p) => when(p.last_at)],
            ],
            body.items,
            t('tab.people'),
          ),
          this.pager('people', body),
          this.csvLink('people'),
        ),
      ],
    };
  }

  async sessions() {
    const page = this.pages.sessions ?? 1;
    const body = await getJson(apiUrl('sessions', this.filters, { page }));
    const end = (s) =>
      el(
        'button',
        {
          type: 'button',
          className: 'text-btn admin__end',
          'data-session': s.id,
          onclick: async () => {
            if (!confirm(t('confirm_end', { who: s.person || s.login || s.id }))) return;
            try {
              await endSession(s.id);
            } catch (err) {
              $('error').textContent = err.message;
              $('error').hidden = false;
              return;
            }
            await this.show();
            $('error').textContent = t('ended_ok');
            $('error').hidden = false;
          },
        },
        t('end'),
      );
    return {
      nodes: [
        section(
          t('live'),
          table(
            [
              ['who', (s) => s.person || s.login],
              ['started', (s) => when(s.started_at)],
              ['turns', (s) => s.turns],
              ['language', (s) => s.lang],
              ['end', end],
            ],
            body.live,
            t('live'),
          ),
        ),
        section(
          t('recent'),
          table(
            [
              ['who', (s) => s.person || s.login],
              ['started', (s) => when(s.started_at)],
              ['ended', (s) => when(s.ended_at)],
              ['turns', (s) => s.turns],
              ['via', (s) => t(s.channel) || '–'],
            ],
            body.recent.items,
            t('recent'),
          ),
          this.pager('sessions', body.recent),
          this.csvLink('sessions'),
        ),
      ],
    };
  }
}

new Dashboard().start();
