// How tool results are shown: which fields of a record card matter for each kind of
// result, their labels in both languages and their values in plain words (money, dates,
// percentages, Odoo states). Pure logic: no DOM.
//
// A card is `{model, id, name, url, ...fields}` (daniel/mcp_odoo/present/cards.py); the
// protocol also allows the display fields under `fields`. Both are accepted.

import { formatNumber, getLang } from './i18n.js';

const BASE_KEYS = new Set(['model', 'id', 'name', 'url', 'fields', 'display_name']);
/** Bookkeeping fields that mean nothing to a reader. */
const TECHNICAL_KEYS = new Set([
  'sequence',
  'folded',
  'fold',
  'is_won',
  'active',
  'color',
  'priority_level',
]);
/** How a name look-up (`resolve_name`) matched: internal detail, never shown to users. */
const MATCH_KEYS = new Set(['kind', 'match']);
/** Where a card names its currency (an ISO code, a symbol or an Odoo [id, name] pair). */
const CURRENCY_KEYS = ['currency', 'currency_id', 'company_currency', 'company_currency_id'];
/** What the groups are, by their model (the first column's heading). */
const GROUP_LABELS = {
  es: {
    'crm.stage': 'Etapa',
    'project.task.type': 'Etapa',
    'project.project': 'Proyecto',
    'res.users': 'Persona',
  },
  en: {
    'crm.stage': 'Stage',
    'project.task.type': 'Stage',
    'project.project': 'Project',
    'res.users': 'Person',
  },
};
/** What a group's `count` counts, by the model of the groups. */
const COUNT_LABELS = {
  es: { 'crm.stage': 'Oportunidades', 'project.task.type': 'Tareas', 'project.project': 'Tareas' },
  en: { 'crm.stage': 'Opportunities', 'project.task.type': 'Tasks', 'project.project': 'Tasks' },
};

/** The fields worth a glance, per kind, in display order. */
export const KIND_FIELDS = {
  leads: ['customer', 'stage', 'expected_revenue', 'probability', 'salesperson', 'deadline'],
  tasks: ['project', 'stage', 'assignees', 'deadline', 'priority'],
  projects: ['customer', 'manager', 'task_count', 'end'],
  orders: ['customer', 'state', 'amount_total', 'date', 'salesperson'],
  partners: ['company', 'email', 'phone', 'city'],
  users: ['login', 'email', 'company'],
};
const MAX_OTHER_FIELDS = 4;

const LABELS = {
  es: {
    customer: 'Cliente',
    stage: 'Etapa',
    expected_revenue: 'Ingreso esperado',
    probability: 'Probabilidad',
    salesperson: 'Comercial',
    deadline: 'Vence',
    project: 'Proyecto',
    assignees: 'Asignada a',
    priority: 'Prioridad',
    manager: 'Responsable',
    task_count: 'Tareas',
    start: 'Inicio',
    end: 'Fin',
    state: 'Estado',
    status: 'Estado',
    amount_total: 'Total',
    amount_untaxed: 'Base imponible',
    date: 'Fecha',
    email: 'Correo',
    phone: 'Teléfono',
    city: 'Ciudad',
    company: 'Empresa',
    login: 'Usuario',
    count: 'Número',
    amount: 'Importe',
    revenue: 'Ingresos',
    total: 'Total',
    type: 'Tipo',
    tags: 'Etiquetas',
    quantity: 'Cantidad',
    price: 'Precio',
    detail: 'Detalle',
    won: 'Ganadas',
    lost: 'Perdidas',
    open: 'Abiertas',
  },
  en: {
    customer: 'Customer',
    stage: 'Stage',
    expected_revenue: 'Expected revenue',
    probability: 'Probability',
    salesperson: 'Salesperson',
    deadline: 'Due',
    project: 'Project',
    assignees: 'Assigned to',
    priority: 'Priority',
    manager: 'Manager',
    task_count: 'Tasks',
    start: 'Start',
    end: 'End',
    state: 'Status',
    status: 'Status',
    amount_total: 'Total',
    amount_untaxed: 'Untaxed',
    date: 'Date',
    email: 'Email',
    phone: 'Phone',
    city: 'City',
    company: 'Company',
    login: 'Login',
    count: 'Count',
    amount: 'Amount',
    revenue: 'Revenue',
    total: 'Total',
    type: 'Type',
    tags: 'Tags',
    quantity: 'Quantity',
    price: 'Price',
    detail: 'Detail',
    won: 'Won',
    lost: 'Lost',
    open: 'Open',
  },
};

const VALUE_WORDS = {
  es: {
    open: 'abierta',
    won: 'ganada',
    lost: 'perdida',
    high: 'alta',
    normal: 'normal',
    draft: 'presupuesto',
    sent: 'presupuesto enviado',
    sale: 'pedido de venta',
    done: 'bloqueado',
    cancel: 'cancelado',
    lead: 'iniciativa',
    opportunity: 'oportunidad',
    '01_in_progress': 'en curso',
    '02_changes_requested': 'cambios solicitados',
    '03_approved': 'aprobada',
    '04_waiting_normal': 'en espera',
    '1_done': 'hecha',
    '1_canceled': 'cancelada',
  },
  en: {
    open: 'open',
    won: 'won',
    lost: 'lost',
    high: 'high',
    normal: 'normal',
    draft: 'quotation',
    sent: 'quotation sent',
    sale: 'sales order',
    done: 'locked',
    cancel: 'cancelled',
    lead: 'lead',
    opportunity: 'opportunity',
    '01_in_progress': 'in progress',
    '02_changes_requested': 'changes requested',
    '03_approved': 'approved',
    '04_waiting_normal': 'waiting',
    '1_done': 'done',
    '1_canceled': 'cancelled',
  },
};

const MONEY_KEYS = new Set([
  'amount',
  'expected_revenue',
  'amount_total',
  'amount_untaxed',
  'revenue',
  'total',
  'price',
  'price_unit',
  'subtotal',
]);
/** Symbols of the common currencies, as the spoken answers use them
 * (daniel/language/formatting.py); other ISO codes get the browser's symbol. */
const SYMBOLS = { EUR: '€', USD: '$', GBP: '£', MXN: '$', COP: '$', ARS: '$', CLP: '$' };
const PREFIX_SYMBOLS = new Set(['$', '£', '€', '¥']);
const PERCENT_KEYS = new Set(['probability']);
const WORD_KEYS = new Set(['status', 'state', 'priority', 'type']);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/;

export function fieldLabel(key, lang = getLang()) {
  const known = LABELS[lang]?.[key];
  if (known) return known;
  const words = String(key).replace(/_id$/, '').replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The display fields of a card as a plain object (top-level keys or `fields`). */
export function recordFields(record) {
  if (!record || typeof record !== 'object') return {};
  if (record.fields && typeof record.fields === 'object' && !Array.isArray(record.fields)) {
    return record.fields;
  }
  const out = {};
  for (const [key, value] of Object.entries(record)) if (!BASE_KEYS.has(key)) out[key] = value;
  return out;
}

function isEmpty(value) {
  return (
    value === null ||
    value === undefined ||
    value === false ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** The currency a card's amounts are in, as Odoo gives it ("USD", "€"), or null. */
export function currencyOf(record) {
  if (!record || typeof record !== 'object') return null;
  for (const key of CURRENCY_KEYS) {
    let value = record[key];
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') {
      value = value[1];
    }
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

function currencySymbol(code) {
  const upper = code.toUpperCase();
  if (SYMBOLS[upper]) return SYMBOLS[upper];
  if (!/^[A-Z]{3}$/.test(upper)) return code; // already a symbol ("€", "S/")
  try {
    const parts = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: upper,
      currencyDisplay: 'narrowSymbol',
    }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value || upper;
  } catch {
    return upper; // not a currency the browser knows: its code, never a guess
  }
}

/**
 * An amount with its currency the way the spoken answers say it: "1.239.800 €" and
 * "1.239.800 $" in Spanish, "$1,239,800" and "€1,239,800" in English; cents only when
 * there are any. No currency known → the bare number (never an assumed euro).
 */
export function formatMoney(value, currency, lang = getLang()) {
  const cents = Math.round(value * 100) % 100 !== 0;
  const amount = formatNumber(
    Math.abs(value),
    { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2 },
    lang,
  );
  const sign = value < 0 ? '-' : '';
  const code = typeof currency === 'string' ? currency.trim() : '';
  const symbol = code ? currencySymbol(code) : '';
  if (!symbol) return `${sign}${amount}`;
  if (lang === 'es') return `${sign}${amount} ${symbol}`;
  if (PREFIX_SYMBOLS.has(symbol) || (symbol.length <= 3 && !/^\p{L}+$/u.test(symbol))) {
    return `${sign}${symbol}${amount}`;
  }
  return `${sign}${amount} ${symbol}`;
}

/** A value in plain words: money, %, dates, Odoo many2one pairs, state codes. */
export function formatValue(key, value, record = {}, lang = getLang()) {
  if (isEmpty(value)) return '—';
  if (Array.isArray(value)) {
    // An Odoo many2one ([id, "name"]) or a list of names.
    if (value.length === 2 && Number.isInteger(value[0]) && typeof value[1] === 'string') {
      return value[1];
    }
    return value.map((v) => formatValue(key, v, record, lang)).join(', ');
  }
  if (typeof value === 'boolean') return lang === 'es' ? 'sí' : 'yes';
  if (typeof value === 'number') {
    if (PERCENT_KEYS.has(key))
      return `${formatNumber(value, { maximumFractionDigits: 0 }, lang)} %`;
    if (MONEY_KEYS.has(key)) return formatMoney(value, currencyOf(record), lang);
    return formatNumber(value, { maximumFractionDigits: 2 }, lang);
  }
  if (typeof value === 'string') {
    const day = ISO_DAY.exec(value);
    if (day) {
      const date = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
      return new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      }).format(date);
    }
    if (WORD_KEYS.has(key)) return VALUE_WORDS[lang]?.[value] ?? value;
    return value;
  }
  if (typeof value === 'object') return value.name ?? value.display_name ?? JSON.stringify(value);
  return String(value);
}

/** A key that is not for readers: bookkeeping, how a name matched, or the currency
 * when the card's amounts already carry it. */
function hiddenKey(key, fields) {
  if (TECHNICAL_KEYS.has(key) || MATCH_KEYS.has(key)) return true;
  return CURRENCY_KEYS.includes(key) && Object.keys(fields).some((k) => MONEY_KEYS.has(k));
}

/** The fields to show for one card of `kind`: [{key, label, value}] with values present. */
export function displayFields(kind, record, lang = getLang()) {
  const fields = recordFields(record);
  const wanted = KIND_FIELDS[kind];
  const keys = wanted
    ? wanted.filter((k) => k in fields)
    : Object.keys(fields)
        .filter(
          (k) => !hiddenKey(k, fields) && !isEmpty(fields[k]) && typeof fields[k] !== 'object',
        )
        .slice(0, MAX_OTHER_FIELDS);
  return keys
    .filter((key) => !isEmpty(fields[key]))
    .map((key) => ({
      key,
      label: fieldLabel(key, lang),
      value: formatValue(key, fields[key], fields, lang),
    }));
}

/**
 * A summary (groups such as pipeline stages) as a table: the columns are the union of the
 * groups' scalar fields, in first-seen order. Returns {nameLabel, columns: [{key, label}],
 * rows}; `nameLabel` says what the groups are (e.g. "Etapa"), or null when unknown.
 */
export function summaryTable(records, lang = getLang()) {
  const columns = [];
  const seen = new Set();
  for (const record of records) {
    for (const [key, value] of Object.entries(recordFields(record))) {
      if (
        seen.has(key) ||
        hiddenKey(key, recordFields(record)) ||
        (value !== null && typeof value === 'object')
      ) {
        continue;
      }
      seen.add(key);
      // A column nobody has a value for is noise.
      if (records.every((r) => isEmpty(recordFields(r)[key]))) continue;
      const label =
        key === 'count'
          ? (COUNT_LABELS[lang]?.[record.model] ?? fieldLabel(key, lang))
          : fieldLabel(key, lang);
      columns.push({ key, label });
    }
  }
  const nameLabel = GROUP_LABELS[lang]?.[records[0]?.model] ?? null;
  const rows = records.map((record) => {
    const fields = recordFields(record);
    return {
      name: record.name ?? '',
      url: record.url ?? null,
      cells: columns.map((c) => formatValue(c.key, fields[c.key], fields, lang)),
    };
  });
  return { nameLabel, columns, rows };
}

/** One proposed change of a confirmation: {label, old, new} in plain words. */
export function formatChange(change, lang = getLang()) {
  const key = change?.field ?? '';
  return {
    label: change?.label || fieldLabel(key, lang),
    old: formatValue(key, change?.old, {}, lang),
    new: formatValue(key, change?.new, {}, lang),
  };
}

const FOUND = {
  es: { one: 'Encontrado en Odoo: {names}', many: 'Posibles en Odoo: {names}', more: '{n} más' },
  en: { one: 'Found in Odoo: {names}', many: 'Possible matches in Odoo: {names}', more: '{n} more' },
};
const MAX_NAMES = 3;

/** Cards from a name look-up (`resolve_name`): each says how it matched. */
function areCandidates(records) {
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => typeof recordFields(r).match === 'string')
  );
}

/**
 * The line a finished tool call shows. A name look-up's own summary lists ids and how
 * each name matched ("Acme (proyecto 6, exact)"), which is for the brain: the reader
 * gets the names found.
 */
export function toolSummary(msg, lang = getLang()) {
  if (!areCandidates(msg?.records)) return msg?.summary || '';
  const words = FOUND[lang] ?? FOUND.en;
  const names = msg.records.slice(0, MAX_NAMES).map((r) => String(r.name ?? `#${r.id}`));
  const left = msg.records.length - names.length;
  if (left > 0) names.push(words.more.replace('{n}', String(left)));
  const list = new Intl.ListFormat(lang === 'es' ? 'es' : 'en', { type: 'conjunction' });
  return (names.length === 1 ? words.one : words.many).replace('{names}', list.format(names));
}
