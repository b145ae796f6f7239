// #/event/{code}/settings: the race rules the strategy uses, saved with the API token.

import { h, fill } from './dom.js';
import { api } from './api.js';
import { prefs } from './prefs.js';
import { clock } from './format.js';
import { errorState, loading } from './ui.js';

function hm(ms) {
  const m = Math.round(ms / 60000);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

/**
 * Each field: API key, label, unit shown, API ms per unit (1 = a plain number), limits. The limits
 * here hold until GET /race-rules answers; then the API's bounds (the ones PUT checks) apply.
 */
const FIELDS = [
  { key: 'min_pit_stops', label: 'Mandatory pit stops', unit: 'stops', scale: 1, min: 0, max: 200, required: true },
  { key: 'pit_time_ms', label: 'Minimum pit time', unit: 'seconds', scale: 1000, min: 0, max: 3600, help: (ms) => `${clock(ms)} in the pit lane` },
  { key: 'pit_rows', label: 'Rows of karts in the pit lane', unit: 'rows', scale: 1, min: 1, max: 20, required: true },
  { key: 'max_stint_ms', label: 'Maximum stint', unit: 'minutes', scale: 60000, min: 1, max: 1560, help: hm },
  { key: 'min_driver_time_ms', label: 'Minimum driving time per driver', unit: 'minutes', scale: 60000, min: 0, max: 1560, help: hm },
  { key: 'max_driver_time_ms', label: 'Maximum driving time per driver', unit: 'minutes', scale: 60000, min: 1, max: 1560, help: hm },
  { key: 'avg_laps', label: 'Clean laps in the stint average (N)', unit: 'laps', scale: 1, min: 1, max: 100, required: true },
];

function toInput(field, value) {
  if (value === null || value === undefined) return '';
  const v = value / field.scale;
  return String(Math.round(v * 100) / 100);
}

function fromInput(field, text) {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n)) return undefined;
  return Math.round(n * field.scale);
}

export function mountSettings(root, { live, code }) {
  const release = live.use('settings');
  let dirty = false;
  let saving = false;

  const status = h('p', { class: 'form-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const staleNote = h('div', { class: 'stale-note', hidden: true });
  const inputs = new Map();
  const helps = new Map();

  const rules = h('fieldset', { class: 'fieldset' }, h('legend', null, 'Race rules'),
    FIELDS.map((f) => {
      const input = h('input', {
        id: `set-${f.key}`, name: f.key, type: 'number', inputMode: 'decimal', class: 'input num',
        min: String(f.min), max: String(f.max), step: f.scale === 1 ? '1' : 'any', required: !!f.required,
        attrs: { 'aria-describedby': `help-${f.key}` },
      });
      const help = h('span', { class: 'field-help', id: `help-${f.key}` });
      inputs.set(f.key, input);
      helps.set(f.key, help);
      input.addEventListener('input', () => { dirty = true; updateHelp(f); });
      return h('div', { class: 'field' },
        h('label', { for: `set-${f.key}` }, f.label),
        h('div', { class: 'field-row' }, input, h('span', { class: 'unit' }, f.unit)),
        help);
    }));

  const tokenBox = h('fieldset', { class: 'fieldset' }, h('legend', null, 'API token'));
  const tokenInput = h('input', { id: 'token', type: 'password', class: 'input', autocomplete: 'off', spellcheck: false, attrs: { 'aria-describedby': 'token-help' } });
  const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save settings');
  const form = h('form', { class: 'settings-form', noValidate: false }, rules, tokenBox,
    h('div', { class: 'form-actions' }, saveBtn, status), staleNote);
  const body = h('div');
  fill(root, h('div', { class: 'page' }, h('h2', { class: 'page-title' }, 'Settings'),
    h('p', { class: 'explain' }, 'Rules of this race. The pit stop estimates, stint averages and the pit lane use them. Leave a time empty when the race has no such rule.'),
    body));

  // the API's bounds, in the units shown, so the form refuses what the API would refuse
  api.raceRules().then((bounds) => {
    for (const b of bounds) {
      const f = FIELDS.find((x) => x.key === b.name);
      const input = inputs.get(b.name);
      if (!f || !input) continue;
      f.min = b.min / f.scale;
      f.max = b.max / f.scale;
      input.min = String(f.min);
      input.max = String(f.max);
    }
  }).catch(() => { /* the built-in limits stay */ });

  function updateHelp(f) {
    const v = fromInput(f, inputs.get(f.key).value);
    let text = '';
    if (v === undefined) text = 'Not a number';
    else if (v === null) text = f.required ? 'Required' : 'No rule';
    else if (f.help) text = f.help(v);
    helps.get(f.key).textContent = text;
  }

  function renderToken() {
    const token = prefs.token();
    if (token) {
      fill(tokenBox, h('legend', null, 'API token'),
        h('p', { class: 'token-state' }, h('span', { class: 'ok-mark', attrs: { 'aria-hidden': 'true' } }, '\u2714'),
          ' A token is saved in this browser; it is sent with changes.'),
        h('button', { type: 'button', class: 'btn', on: { click: () => { prefs.forgetToken(); renderToken(); setStatus('Token forgotten.', 'info'); } } }, 'Forget token'));
    } else {
      tokenInput.value = '';
      fill(tokenBox, h('legend', null, 'API token'),
        h('label', { for: 'token' }, 'Token'),
        tokenInput,
        h('p', { class: 'field-help', id: 'token-help' }, 'Needed to save settings and kart labels. Type it once: it stays in this browser only, until you forget it.'));
    }
  }

  function setStatus(text, kind = 'info') {
    status.textContent = text;
    status.className = `form-status status-${kind}`;
  }

  function current() {
    return live.data.settings || live.data.event?.settings || null;
  }

  function fillValues(settings) {
    for (const f of FIELDS) { inputs.get(f.key).value = toInput(f, settings[f.key]); updateHelp(f); }
    dirty = false;
    staleNote.hidden = true;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saving) return;
    if (!form.reportValidity()) return;
    const before = current() || {};
    const changes = {};
    for (const f of FIELDS) {
      const v = fromInput(f, inputs.get(f.key).value);
      if (v === undefined) { setStatus(`${f.label}: not a number.`, 'error'); inputs.get(f.key).focus(); return; }
      if (v === null && f.required) { setStatus(`${f.label} is required.`, 'error'); inputs.get(f.key).focus(); return; }
      if (v !== (before[f.key] ?? null)) changes[f.key] = v;
    }
    if (Object.keys(changes).length === 0) { setStatus('Nothing changed.', 'info'); return; }
    const typed = tokenInput.isConnected ? tokenInput.value.trim() : '';
    if (typed) prefs.setToken(typed);
    const token = prefs.token();
    if (!token) { setStatus('Type the API token first: the API only accepts changes with it.', 'error'); tokenInput.focus(); return; }
    saving = true;
    saveBtn.disabled = true;
    setStatus('Saving\u2026');
    try {
      const saved = await api.putSettings(code, changes, token);
      live.data.settings = saved && typeof saved === 'object' ? saved : { ...before, ...changes };
      fillValues(live.data.settings);
      setStatus('Saved. The estimates use the new rules from now on.', 'ok');
      renderToken();
      live.emit('settings');
      live.refresh(['afterStops', 'pitLane', 'event']);
    } catch (err) {
      if (err.status === 401) {
        prefs.forgetToken();
        renderToken();
        setStatus('The API refused the token (401 Unauthorized). Check it and type it again; nothing was saved.', 'error');
        tokenInput.focus();
      } else if (err.status === 400) {
        setStatus(`The API refused a value: ${err.message}`, 'error');
      } else {
        setStatus(`Not saved: ${err.message}`, 'error');
      }
    } finally {
      saving = false;
      saveBtn.disabled = false;
    }
  });

  function render() {
    const settings = current();
    if (!settings) {
      const err = live.errors.settings;
      fill(body, err ? errorState(err, { onRetry: () => live.refresh(['settings']) }) : loading());
      return;
    }
    if (!form.isConnected) {
      fill(body, form);
      renderToken();
      fillValues(settings);
      return;
    }
    if (!dirty) { fillValues(settings); return; }
    fill(staleNote, 'These settings were changed elsewhere. ',
      h('button', { type: 'button', class: 'btn btn-small', on: { click: () => fillValues(current()) } }, 'Load the new values'));
    staleNote.hidden = false;
  }

  const off = live.on((name) => { if (name === 'settings' || name === 'event') render(); });
  render();
  return () => { off(); release(); };
}
