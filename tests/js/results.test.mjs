// How results, confirmations and latency read to a user: money, percentages, dates and
// Odoo values in plain words, the fields that matter per kind, and the latency line.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  displayFields,
  fieldLabel,
  formatChange,
  formatMoney,
  formatValue,
  summaryTable,
  toolSummary,
} from '../../src/daniel/web/js/records.js';
import { formatLatency } from '../../src/daniel/web/js/transcript.js';
import { safeHttpUrl } from '../../src/daniel/web/js/utils.js';

const LEAD = {
  model: 'crm.lead',
  id: 7,
  name: 'Talleres Ruiz: flota',
  url: 'http://127.0.0.1:8069/odoo/crm/7',
  fields: {
    customer: 'Talleres Ruiz',
    stage: 'Propuesta',
    expected_revenue: 12500,
    probability: 60,
    salesperson: 'Ana García',
    deadline: '2026-12-03',
    email: 'flota@talleresruiz.es',
    status: 'open',
  },
};

test('the latency line names each mark that is present', () => {
  const marks = { user_end: 0, first_text: 38, first_audio: 95, end: 412 };
  assert.equal(formatLatency(marks, 'es'), 'texto 38 ms · voz 95 ms');
  assert.equal(formatLatency(marks, 'en'), 'text 38 ms · voice 95 ms');
  assert.equal(
    formatLatency({ user_end: 0, transcript_final: 120.4, first_text: 300 }, 'es'),
    'transcripción 120 ms · texto 300 ms',
  );
  assert.equal(formatLatency({ user_end: 0, end: 80 }, 'en'), 'total 80 ms');
  assert.equal(formatLatency({}, 'es'), '');
  assert.equal(formatLatency(null, 'es'), '');
});

test('a lead card shows customer, stage, money and probability in plain words', () => {
  const es = displayFields('leads', LEAD, 'es');
  assert.deepEqual(
    es.map((f) => [f.label, f.value]),
    [
      ['Cliente', 'Talleres Ruiz'],
      ['Etapa', 'Propuesta'],
      ['Ingreso esperado', '12.500'],
      ['Probabilidad', '60 %'],
      ['Comercial', 'Ana García'],
      ['Vence', '3 dic 2026'],
    ],
  );
  const en = displayFields('leads', LEAD, 'en');
  assert.deepEqual(en[2], { key: 'expected_revenue', label: 'Expected revenue', value: '12,500' });
  assert.equal(en[5].value, '3 Dec 2026');
});

test('flat MCP cards work too, and empty values are left out', () => {
  const flat = {
    model: 'project.task',
    id: 3,
    name: 'Instalar TPV',
    url: 'http://x/odoo/project.task/3',
    project: 'Panadería Sol',
    stage: 'En curso',
    assignees: ['Ana García', 'Luis Pérez'],
    deadline: null,
    priority: 'high',
  };
  assert.deepEqual(
    displayFields('tasks', flat, 'es').map((f) => f.value),
    ['Panadería Sol', 'En curso', 'Ana García, Luis Pérez', 'alta'],
  );
});

test('orders show their currency; Odoo pairs and states read as words', () => {
  const order = {
    name: 'S00042',
    fields: { customer: 'Hotel Mar Azul', state: 'sale', amount_total: 1234.5, currency: 'EUR' },
  };
  assert.deepEqual(
    displayFields('orders', order, 'es').map((f) => f.value),
    ['Hotel Mar Azul', 'pedido de venta', '1234,50 €'],
  );
  assert.equal(displayFields('orders', order, 'en')[2].value, '€1,234.50');
  assert.equal(formatValue('partner_id', [7, 'Ana García'], {}, 'es'), 'Ana García');
  assert.equal(formatValue('stage', false, {}, 'es'), '—');
  assert.equal(formatValue('is_company', true, {}, 'en'), 'yes');
});

test('unknown kinds show a few scalar fields with readable labels', () => {
  const fields = displayFields(
    'other',
    { name: 'X', fields: { color_index: 3, note: 'hola', tags: ['a'], nested: { a: 1 } } },
    'en',
  );
  assert.deepEqual(
    fields.map((f) => f.label),
    ['Color index', 'Note'],
  );
  assert.equal(fieldLabel('partner_id', 'en'), 'Partner');
});

test('summary groups become a table with the union of their columns', () => {
  const { columns, rows } = summaryTable(
    [
      { name: 'Nuevo', url: null, fields: { count: 14, expected_revenue: 42300 } },
      { name: 'Ganado', url: null, fields: { count: 8, won: 3 } },
    ],
    'es',
  );
  assert.deepEqual(
    columns.map((c) => c.label),
    ['Número', 'Ingreso esperado', 'Ganadas'],
  );
  assert.deepEqual(rows[0].cells, ['14', '42.300', '—']);
  assert.deepEqual(rows[1].cells, ['8', '—', '3']);
});

test('pipeline stages read as opportunities and amounts; bookkeeping columns are hidden', () => {
  const stage = (id, name, count, amount) => ({
    model: 'crm.stage',
    id,
    name,
    url: `http://odoo/odoo/crm.stage/${id}`,
    fields: { sequence: null, folded: false, count, amount },
  });
  const { nameLabel, columns, rows } = summaryTable(
    [stage(1, 'Nuevo', 14, 187300), stage(4, 'Negociación', 12, 612500)],
    'es',
  );
  assert.equal(nameLabel, 'Etapa');
  assert.deepEqual(
    columns.map((c) => c.label),
    ['Oportunidades', 'Importe'],
  );
  assert.deepEqual(rows[1], {
    name: 'Negociación',
    url: 'http://odoo/odoo/crm.stage/4',
    cells: ['12', '612.500'],
  });
});

test('a proposed change reads "label: old → new"', () => {
  assert.deepEqual(
    formatChange({ field: 'stage_id', label: 'Etapa', old: 'Propuesta', new: 'Ganado' }, 'es'),
    {
      label: 'Etapa',
      old: 'Propuesta',
      new: 'Ganado',
    },
  );
  assert.deepEqual(formatChange({ field: 'probability', old: 60, new: 100 }, 'en'), {
    label: 'Probability',
    old: '60 %',
    new: '100 %',
  });
});

test('only http(s) record links are rendered as links', () => {
  assert.equal(safeHttpUrl('http://127.0.0.1:8069/odoo/crm/7'), 'http://127.0.0.1:8069/odoo/crm/7');
  assert.equal(safeHttpUrl('javascript:alert(1)'), null);
  assert.equal(safeHttpUrl('/relative'), null);
  assert.equal(safeHttpUrl(null), null);
});

test('English tables carry the currency of their cards, as the Spanish ones do', () => {
  const order = (id, name, amount, currency) => ({
    model: 'sale.order',
    id,
    name,
    url: null,
    fields: { customer: 'Deco Addict', amount_total: amount, currency },
  });
  const dollars = summaryTable(
    [order(1, 'S00001', 1239800, 'USD'), order(2, 'S00002', 99.5, 'USD')],
    'en',
  );
  // The currency is in the amounts; a column repeating "USD" would be noise.
  assert.deepEqual(
    dollars.columns.map((c) => c.label),
    ['Customer', 'Total'],
  );
  assert.deepEqual(
    dollars.rows.map((r) => r.cells[1]),
    ['$1,239,800', '$99.50'],
  );
  const euros = summaryTable([order(3, 'S00003', 1239800, 'EUR')], 'en');
  assert.equal(euros.rows[0].cells[1], '€1,239,800');
  const inSpanish = (currency) =>
    summaryTable([order(3, 'S00003', 1239800, currency)], 'es').rows[0].cells[1];
  assert.equal(inSpanish('EUR'), '1.239.800 €');
  assert.equal(inSpanish('USD'), '1.239.800 $');
  // Odoo's own pair for the currency works as well as its code.
  const pair = { name: 'S00004', fields: { amount_total: 450, currency_id: [2, 'GBP'] } };
  assert.equal(displayFields('orders', pair, 'en')[0].value, '£450');
});

test('an amount whose currency is unknown shows no symbol rather than a wrong one', () => {
  const lead = displayFields('leads', LEAD, 'en').find((f) => f.key === 'expected_revenue');
  assert.equal(lead.value, '12,500');
  assert.equal(formatMoney(12500, null, 'en'), '12,500');
  assert.equal(formatMoney(12500, '', 'es'), '12.500');
  // A code with no well-known symbol stays a code; never euros by default.
  assert.equal(formatMoney(12500, 'CHF', 'en'), '12,500 CHF');
  assert.equal(formatMoney(-40, 'USD', 'en'), '-$40');
});

test('a name look-up never shows how the names matched', () => {
  // What resolve_name returns (daniel/mcp_odoo/core/resolve.py), as the wire sends it.
  const candidates = [
    {
      model: 'project.project',
      id: 6,
      name: 'Proyectos internos',
      url: 'http://odoo/odoo/project.project/6',
      fields: { kind: 'project', match: 'exact', detail: 'Acme' },
    },
    {
      model: 'res.partner',
      id: 9,
      name: 'Proyectos Ruiz',
      url: 'http://odoo/odoo/res.partner/9',
      fields: { kind: 'partner', match: 'prefix' },
    },
  ];
  for (const lang of ['es', 'en']) {
    for (const card of candidates) {
      const shown = displayFields('records', card, lang);
      assert.ok(
        shown.every((f) => !['kind', 'match'].includes(f.key)),
        JSON.stringify(shown),
      );
    }
  }
  assert.deepEqual(
    displayFields('records', candidates[0], 'es').map((f) => [f.label, f.value]),
    [['Detalle', 'Acme']],
  );
  const msg = {
    name: 'resolve_name',
    status: 'done',
    summary:
      '«proyectos»: Proyectos internos (proyecto 6, exact) y Proyectos Ruiz (contacto 9, prefix).',
    kind: 'records',
    records: candidates,
  };
  assert.equal(toolSummary(msg, 'es'), 'Posibles en Odoo: Proyectos internos y Proyectos Ruiz');
  assert.equal(
    toolSummary({ ...msg, records: candidates.slice(0, 1) }, 'en'),
    'Found in Odoo: Proyectos internos',
  );
  const many = ['A', 'B', 'C', 'D', 'E'].map((name, i) => ({
    name,
    id: i,
    fields: { kind: 'partner', match: 'ilike' },
  }));
  assert.equal(toolSummary({ records: many }, 'en'), 'Possible matches in Odoo: A, B, C, and 2 more');
  // Other tools keep their own summary, and a look-up that found nothing says so.
  const leads = { summary: '3 oportunidades', records: [LEAD] };
  assert.equal(toolSummary(leads, 'es'), '3 oportunidades');
  const none = { ...msg, summary: 'No encuentro ningún proyecto «xyz».', records: [] };
  assert.equal(toolSummary(none, 'es'), 'No encuentro ningún proyecto «xyz».');
});
