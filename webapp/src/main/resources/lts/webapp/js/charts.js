// #/event/{code}/charts: lap times per team across the race (uPlot from the WebJar), stints
// shaded, non-clean laps as hollow points (or hidden), the clean average of each stint.

import { h, fill } from './dom.js';
import { prefs } from './prefs.js';
import { lapTime, lapTimeShort, timeOfDay } from './format.js';
import { errorState, loading, findByNumber } from './ui.js';
import { sortByPosition } from './standings.js';
import { UPLOT_JS, UPLOT_CSS, CHART_DEFAULT_TOP, CHART_MAX_TEAMS } from './config.js';

// Okabe–Ito based, readable on white and on near-black; my team gets the first.
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8c6bb1', '#7f7f7f', '#b8860b', '#17becf'];

let uplotLoad = null;
/** Loads uPlot (and its CSS) once, from the WebJar path in config.js. */
export function loadUPlot() {
  if (!document.querySelector('link[data-uplot]')) {
    document.head.appendChild(h('link', { rel: 'stylesheet', href: UPLOT_CSS, dataset: { uplot: '' } }));
  }
  if (!uplotLoad) {
    uplotLoad = import(UPLOT_JS).then((m) => m.default).catch((e) => { uplotLoad = null; throw e; });
  }
  return uplotLoad;
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Rolling mean of the last n clean laps of each stint, at each clean lap. */
export function stintAverages(laps, n) {
  const out = new Map();
  let stint = null; let window = [];
  for (const lap of laps) {
    if (lap.stint !== stint) { stint = lap.stint; window = []; }
    if (lap.verdict === 'clean' && typeof lap.time_ms === 'number') {
      window.push(lap.time_ms);
      if (window.length > n) window.shift();
      out.set(lap, window.reduce((a, b) => a + b, 0) / window.length);
    }
  }
  return out;
}

function quantile(sorted, q) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i];
}

/** Builds uPlot's aligned data: x = lap time of day (s), three series per team. */
export function buildData(teams, lapsByTeam, { avgLaps = 5 } = {}) {
  const xsSet = new Set();
  const perTeam = teams.map((t) => {
    const laps = (lapsByTeam.get(t.row_id) || []).filter((l) => typeof l.at === 'number');
    for (const l of laps) xsSet.add(l.at / 1000);
    return laps;
  });
  const xs = [...xsSet].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const clean = [];
  for (const laps of perTeam) for (const l of laps) if (l.verdict === 'clean' && typeof l.time_ms === 'number') clean.push(l.time_ms / 1000);
  clean.sort((a, b) => a - b);
  const lo = clean.length ? clean[0] - 0.5 : null;
  const hi = clean.length ? Math.max(quantile(clean, 0.99) + 1.5, clean[0] + 3) : null;

  const series = [];
  perTeam.forEach((laps) => {
    const lapY = new Array(xs.length).fill(undefined);
    const offY = new Array(xs.length).fill(undefined);
    const offReal = new Array(xs.length).fill(undefined);
    const avgY = new Array(xs.length).fill(undefined);
    const averages = stintAverages(laps, avgLaps);
    let stint = null;
    for (const l of laps) {
      const i = index.get(l.at / 1000);
      const newStint = l.stint !== stint;
      stint = l.stint;
      if (typeof l.time_ms !== 'number') { if (newStint) { lapY[i] = null; avgY[i] = null; } continue; }
      const y = l.time_ms / 1000;
      if (l.verdict === 'clean') {
        lapY[i] = y;
        avgY[i] = averages.get(l) / 1000;
      } else {
        offReal[i] = y;
        offY[i] = hi != null ? Math.min(Math.max(y, lo), hi) : y;
        if (newStint) { lapY[i] = null; avgY[i] = null; }
      }
      if (newStint && l.verdict === 'clean') { avgY[i] = averages.get(l) / 1000; }
    }
    series.push({ lapY, offY, offReal, avgY });
  });
  return { xs, series, lo, hi, perTeam };
}

/** Stint bands of one team: [{stint, from, to}] in seconds. */
export function stintBands(laps) {
  const bands = [];
  for (const l of laps) {
    if (typeof l.at !== 'number') continue;
    const t = l.at / 1000;
    const last = bands[bands.length - 1];
    if (!last || last.stint !== l.stint) bands.push({ stint: l.stint, from: last ? last.to : t - (l.time_ms || 0) / 1000, to: t });
    else last.to = t;
  }
  return bands;
}

export function mountCharts(root, { live, code }) {
  const release = live.use('laps', 'settings');
  let options = prefs.chartOptions();
  let plot = null;
  let zoomed = false;
  let built = null; // {key, data}
  let destroyed = false;
  let uPlot = null;

  const picker = h('div', { class: 'team-picker', attrs: { role: 'group', 'aria-label': 'Teams on the chart' } });
  const pickerSummary = h('span', { class: 'picker-summary-teams' });
  const shadeSelect = h('select', { class: 'select', id: 'shade-team' });
  const outliersBox = h('input', { type: 'checkbox', id: 'opt-outliers', checked: options.outliers });
  const averageBox = h('input', { type: 'checkbox', id: 'opt-average', checked: options.average });
  const chartBox = h('div', { class: 'chart-box' });
  const readout = h('p', { class: 'chart-readout', attrs: { 'aria-live': 'off' } });
  const note = h('p', { class: 'hint' });
  fill(root, h('div', { class: 'page page-wide' },
    h('h2', { class: 'page-title' }, 'Lap times'),
    h('div', { class: 'chart-controls' },
      h('details', { class: 'picker-details', open: window.matchMedia('(min-width: 761px)').matches },
        h('summary', null, 'Teams', pickerSummary), picker),
      h('div', { class: 'chart-toggles' },
        h('label', { class: 'check' }, outliersBox, ' Non-clean laps (hollow points)'),
        h('label', { class: 'check' }, averageBox, ' Clean average per stint (thick line)'),
        h('label', { class: 'field-inline' }, h('span', null, 'Shade stints of'), shadeSelect))),
    chartBox, readout, note));

  function selectedNumbers() {
    const teams = sortByPosition(live.data.standings?.teams || []);
    const saved = prefs.chartTeams(code);
    if (Array.isArray(saved)) return saved.filter((n) => teams.some((t) => String(t.number) === n)).slice(0, CHART_MAX_TEAMS);
    const mine = prefs.myTeam(code);
    const pick = [];
    if (mine && teams.some((t) => String(t.number) === mine)) pick.push(mine);
    for (const t of teams) {
      if (pick.length >= CHART_DEFAULT_TOP + (mine ? 1 : 0)) break;
      if (!pick.includes(String(t.number))) pick.push(String(t.number));
    }
    return pick;
  }

  function selectedTeams() {
    const teams = live.data.standings?.teams || [];
    return selectedNumbers().map((n) => findByNumber(teams, n)).filter(Boolean);
  }

  function colourOf(i) { return PALETTE[i % PALETTE.length]; }

  let pickerSig = '';
  function renderPicker() {
    const teams = sortByPosition(live.data.standings?.teams || []);
    const chosen = selectedNumbers();
    const sig = `${teams.map((t) => `${t.number}:${t.name}`).join('|')}#${chosen.join(',')}#${prefs.myTeam(code)}`;
    if (sig === pickerSig) return;
    pickerSig = sig;
    const full = chosen.length >= CHART_MAX_TEAMS;
    pickerSummary.textContent = chosen.length ? ` \u00B7 ${chosen.map((n) => `#${n}`).join(' ')}` : ' \u00B7 none';
    const buttons = teams.map((t) => {
      const n = String(t.number);
      const i = chosen.indexOf(n);
      const on = i >= 0;
      const swatch = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
      if (on) swatch.style.background = colourOf(i);
      return h('button', {
        type: 'button', class: ['team-toggle', on && 'on'], disabled: !on && full,
        attrs: { 'aria-pressed': String(on) }, title: t.name || '',
        on: { click: () => toggleTeam(n) },
      }, swatch, `#${n}`, h('span', { class: 'team-toggle-name' }, ` ${t.name || ''}`));
    });
    fill(picker, buttons,
      h('button', { type: 'button', class: 'btn btn-small', on: { click: () => { prefs.setChartTeams(code, null); update(true); } } }, 'Mine + top 5'));
    const shadeValue = shadeSelect.value;
    const chosenTeams = selectedTeams();
    fill(shadeSelect, h('option', { value: '' }, 'None'),
      chosenTeams.map((t) => h('option', { value: String(t.number) }, `#${t.number} ${t.name || ''}`)));
    const mine = prefs.myTeam(code);
    const def = chosenTeams.some((t) => String(t.number) === mine) ? mine : (chosenTeams[0] ? String(chosenTeams[0].number) : '');
    shadeSelect.value = [...shadeSelect.options].some((o) => o.value === shadeValue) && shadeSelect.dataset.touched ? shadeValue : def;
  }

  function toggleTeam(n) {
    const chosen = selectedNumbers();
    const next = chosen.includes(n) ? chosen.filter((x) => x !== n) : [...chosen, n].slice(0, CHART_MAX_TEAMS);
    prefs.setChartTeams(code, next);
    update(true);
  }

  function axisColours() {
    return { text: cssVar('--muted') || '#555', grid: cssVar('--grid') || 'rgba(128,128,128,.2)', bg: cssVar('--bg') || '#fff', band: cssVar('--band') || 'rgba(128,128,128,.12)' };
  }

  function size() {
    const width = Math.max(280, chartBox.clientWidth);
    const height = Math.round(Math.min(560, Math.max(260, window.innerHeight * 0.55)));
    return { width, height };
  }

  function buildPlot(teams, data) {
    const c = axisColours();
    const series = [{ value: (u, v) => (v == null ? '' : timeOfDay(v * 1000)) }];
    const shadeNo = shadeSelect.value;
    const shadeIdx = teams.findIndex((t) => String(t.number) === shadeNo);
    const bands = shadeIdx >= 0 ? stintBands(data.perTeam[shadeIdx]) : [];
    teams.forEach((t, i) => {
      const colour = colourOf(i);
      series.push({ label: `#${t.number}`, stroke: colour, width: 1.5, spanGaps: false, points: { size: 4, fill: colour, stroke: colour } });
      series.push({
        label: `#${t.number} not clean`, stroke: colour, show: options.outliers, paths: () => null,
        points: { show: true, size: 8, width: 1.5, stroke: colour, fill: c.bg, space: 0 },
      });
      series.push({ label: `#${t.number} clean avg`, stroke: colour, width: 3.5, show: options.average, spanGaps: false, points: { show: false } });
    });
    const aligned = [data.xs];
    for (const s of data.series) aligned.push(s.lapY, s.offY, s.avgY);

    const opts = {
      ...size(),
      series,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      scales: {
        x: { time: true },
        y: { range: (u, min, max) => (data.lo != null ? [data.lo, data.hi] : [min - 1, max + 1]) },
      },
      axes: [
        { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid },
          values: (u, vals) => vals.map((v) => timeOfDay(v * 1000, { seconds: false })) },
        { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid }, size: 64,
          values: (u, vals) => vals.map((v) => lapTimeShort(v * 1000)) },
      ],
      hooks: {
        drawClear: [(u) => drawBands(u, bands, c)],
        setSelect: [() => { zoomed = true; }],
        setCursor: [(u) => showReadout(u, teams, data)],
        ready: [(u) => u.over.addEventListener('dblclick', () => { zoomed = false; })],
      },
    };
    return new uPlot(opts, aligned, chartBox);
  }

  function drawBands(u, bands, c) {
    if (!bands.length) return;
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
    ctx.textBaseline = 'bottom';
    bands.forEach((b, i) => {
      const x0 = u.valToPos(b.from, 'x', true);
      const x1 = u.valToPos(b.to, 'x', true);
      if (x1 < left || x0 > left + width) return;
      if (i % 2 === 1) { ctx.fillStyle = c.band; ctx.fillRect(x0, top, x1 - x0, height); }
      if (x1 - x0 > 28 * devicePixelRatio) {
        ctx.fillStyle = c.text;
        ctx.fillText(`S${b.stint}`, Math.max(x0, left) + 4 * devicePixelRatio, top + height - 4 * devicePixelRatio);
      }
    });
    ctx.restore();
  }

  function showReadout(u, teams, data) {
    const idx = u.cursor.idx;
    if (idx == null) { readout.textContent = 'Hover or touch the chart to read laps; drag to zoom, double-click to zoom out.'; return; }
    const x = data.xs[idx];
    const parts = [timeOfDay(x * 1000)];
    teams.forEach((t, i) => {
      const laps = data.perTeam[i];
      let lo = 0; let hi = laps.length - 1; let found = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (laps[mid].at / 1000 <= x) { found = mid; lo = mid + 1; } else hi = mid - 1; }
      if (found < 0) return;
      const l = laps[found];
      parts.push(`#${t.number} lap ${l.lap} ${lapTime(l.time_ms)}${l.verdict !== 'clean' ? ` (${(l.verdict || '').replace('_', ' ')})` : ''}`);
    });
    readout.textContent = parts.join('  \u00B7  ');
  }

  async function update(rebuild = false) {
    if (destroyed) return;
    renderPicker();
    if (live.lapsLastAt === null) {
      const err = live.errors.laps;
      destroyPlot();
      fill(chartBox, err ? errorState(err, { onRetry: () => live.refresh(['laps']) }) : loading('Loading laps\u2026'));
      return;
    }
    const teams = selectedTeams();
    if (!teams.length) {
      destroyPlot();
      fill(chartBox, h('p', { class: 'hint chart-empty' }, live.data.standings?.teams?.length ? 'Pick teams above to draw their laps.' : 'No teams yet.'));
      return;
    }
    try {
      uPlot = await loadUPlot();
    } catch (e) {
      destroyPlot();
      fill(chartBox, errorState(new Error(`The chart library could not be loaded from ${UPLOT_JS}: the api must serve the uPlot WebJar.`)));
      return;
    }
    if (destroyed) return;
    const avgLaps = live.data.settings?.avg_laps || 5;
    const data = buildData(teams, live.lapsByTeam(), { avgLaps });
    if (!data.xs.length) {
      destroyPlot();
      fill(chartBox, h('p', { class: 'hint chart-empty' }, 'No laps yet for these teams.'));
      return;
    }
    const key = `${teams.map((t) => t.row_id).join(',')}|${shadeSelect.value}|${options.outliers}|${options.average}|${document.documentElement.dataset.theme}|${avgLaps}`;
    if (!plot || rebuild || built?.key !== key) {
      destroyPlot();
      chartBox.replaceChildren();
      zoomed = false;
      plot = buildPlot(teams, data);
    } else {
      const aligned = [data.xs];
      for (const s of data.series) aligned.push(s.lapY, s.offY, s.avgY);
      plot.setData(aligned, !zoomed);
      if (zoomed && data.lo != null) plot.setScale('y', { min: data.lo, max: data.hi });
    }
    built = { key, data };
    const hidden = data.series.reduce((n, s) => n + s.offReal.filter((v) => v !== undefined).length, 0);
    note.textContent = options.outliers
      ? `${hidden} non-clean laps (in/out laps, yellow, outliers) drawn hollow; very slow ones are pinned to the top edge. Shaded bands: stints of the team chosen above.`
      : `${hidden} non-clean laps hidden. Shaded bands: stints of the team chosen above.`;
    showReadout(plot, teams, data);
  }

  function destroyPlot() {
    if (plot) { plot.destroy(); plot = null; }
  }

  outliersBox.addEventListener('change', () => { options = { ...options, outliers: outliersBox.checked }; prefs.setChartOptions(options); update(true); });
  averageBox.addEventListener('change', () => { options = { ...options, average: averageBox.checked }; prefs.setChartOptions(options); update(true); });
  shadeSelect.addEventListener('change', () => { shadeSelect.dataset.touched = '1'; update(true); });

  const resize = new ResizeObserver(() => { if (plot) plot.setSize(size()); });
  resize.observe(chartBox);
  const onTheme = () => update(true);
  window.addEventListener('lts-theme', onTheme);

  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(false); });
  };
  const off = live.on((name) => {
    if (name === 'laps' || name === 'myTeam' || name === 'settings') schedule();
    else if (name === 'standings' && !plot) schedule();
    else if (name === 'standings') renderPicker();
  });
  update(true);

  return () => {
    destroyed = true;
    off(); release(); resize.disconnect();
    window.removeEventListener('lts-theme', onTheme);
    destroyPlot();
  };
}
