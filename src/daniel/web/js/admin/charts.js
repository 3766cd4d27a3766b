// Charts of the overview, drawn with Chart.js (pinned in package.json, served from
// /vendor/ like LiveKit's client). Without it (not installed) the tables still show.

const charts = new Map();

function colors() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    accent: get('--accent', '#3f5bd8'),
    ok: get('--ok', '#2b8a3e'),
    warn: get('--warn', '#b35c00'),
    danger: get('--danger', '#c92a2a'),
    text: get('--text', '#18202f'),
    muted: get('--muted', '#5a6477'),
  };
}

/** Draw (or redraw) the chart of `canvas`: `kind` bar/line/doughnut, labels, datasets. */
export function drawChart(canvas, kind, labels, datasets, label) {
  const Chart = globalThis.Chart;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  if (!Chart) return null;
  charts.get(canvas)?.destroy();
  const c = colors();
  const palette = [c.accent, c.ok, c.warn, c.danger, c.muted];
  const chart = new Chart(canvas, {
    type: kind,
    data: {
      labels,
      datasets: datasets.map((d, i) => ({
        ...d,
        backgroundColor: kind === 'doughnut' ? palette : palette[i % palette.length],
        borderColor: kind === 'doughnut' ? 'transparent' : palette[i % palette.length],
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { labels: { color: c.text } } },
      scales:
        kind === 'doughnut'
          ? {}
          : {
              x: { ticks: { color: c.muted } },
              y: { beginAtZero: true, ticks: { color: c.muted, precision: 0 } },
            },
    },
  });
  charts.set(canvas, chart);
  return chart;
}

export function destroyCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
