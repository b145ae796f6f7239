// Time and number formatting, Apex style: lap 1:05.739, gap +4.200, clock 6:22:25.

const MINUS = '\u2212';
export const DASH = '\u2013';

function pad(n, width = 2) { return String(n).padStart(width, '0'); }
function isNum(v) { return typeof v === 'number' && Number.isFinite(v); }

/** Lap time: 65739 → "1:05.739", 59123 → "59.123", null → "–". */
export function lapTime(ms) {
  if (!isNum(ms) || ms < 0) return DASH;
  const total = Math.round(ms);
  const minutes = Math.floor(total / 60000);
  const seconds = Math.floor((total % 60000) / 1000);
  const millis = total % 1000;
  return minutes > 0 ? `${minutes}:${pad(seconds)}.${pad(millis, 3)}` : `${seconds}.${pad(millis, 3)}`;
}

/** Short lap time for axes: 65739 → "1:05.7". */
export function lapTimeShort(ms) {
  if (!isNum(ms)) return '';
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = Math.floor((tenths % 600) / 10);
  const t = tenths % 10;
  return minutes > 0 ? `${minutes}:${pad(seconds)}.${t}` : `${seconds}.${t}`;
}

/** Signed time difference: 4200 → "+4.200", 62345 → "+1:02.345", -300 → "−0.300". */
export function deltaTime(ms) {
  if (!isNum(ms)) return DASH;
  const sign = ms < 0 ? MINUS : '+';
  return sign + lapTime(Math.abs(ms));
}

/** Duration as h:mm:ss (or m:ss under an hour when `compact`). */
export function duration(ms, { compact = false } = {}) {
  if (!isNum(ms)) return DASH;
  const negative = ms < 0;
  const s = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const text = (compact && hours === 0) ? `${minutes}:${pad(seconds)}` : `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return negative ? MINUS + text : text;
}

/** Driving time: h:mm (5040000 → "1:24"). */
export function hoursMinutes(ms) {
  if (!isNum(ms)) return DASH;
  const m = Math.floor(ms / 60000);
  return `${Math.floor(m / 60)}:${pad(m % 60)}`;
}

/** Pit clock: m:ss (83000 → "1:23"), h:mm:ss from an hour on (a red flag: "1:00:00"). */
export function clock(ms) {
  if (!isNum(ms)) return DASH;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  }
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/** Human "time since": 45 s, 3 min 12 s, 1 h 04 min. */
export function ago(ms) {
  if (!isNum(ms)) return DASH;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}\u00A0s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** Kart score in seconds with sign: -212 → "−0.21 s", 260 → "+0.26 s". */
export function score(ms) {
  if (!isNum(ms)) return DASH;
  if (ms === 0) return '0.00 s';
  return (ms < 0 ? MINUS : '+') + (Math.abs(ms) / 1000).toFixed(2) + ' s';
}

/** Probability 0.463 → "46%". */
export function percent(p) {
  if (!isNum(p)) return DASH;
  return `${Math.round(p * 100)}%`;
}

/** Local time of day: 14:05:11. */
export function timeOfDay(epochMs, { seconds = true } = {}) {
  if (!isNum(epochMs)) return DASH;
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}` + (seconds ? `:${pad(d.getSeconds())}` : '');
}

/** Signed time difference to tenths, for narrow screens: 62345 → "+1:02.3". */
export function deltaShort(ms) {
  if (!isNum(ms)) return DASH;
  return (ms < 0 ? MINUS : '+') + lapTimeShort(Math.abs(ms));
}

/** Gap/interval object of the standings: {kind, ms, laps, text}; `short` rounds to tenths. */
export function gap(g, { short = false } = {}) {
  if (!g) return '';
  switch (g.kind) {
    case 'time': return isNum(g.ms) ? (short ? deltaShort(g.ms) : deltaTime(g.ms)) : (g.text || '');
    case 'laps': return isNum(g.laps) ? `+${g.laps} ${g.laps === 1 ? 'lap' : 'laps'}` : (g.text || '');
    case 'leader': return 'Leader';
    case 'none': return '';
    default: return g.text || '';
  }
}

/** Signed position change: 2 → "▲2", -1 → "▼1", 0 → "=". */
export function change(n) {
  if (!isNum(n) || n === 0) return '=';
  return n > 0 ? `\u25B2${n}` : `\u25BC${Math.abs(n)}`;
}

export const LABELS = {
  good: { glyph: '\u2714', text: 'Good', long: 'good kart' },
  bad: { glyph: '\u2716', text: 'Bad', long: 'bad kart' },
  unknown: { glyph: '?', text: 'Unknown', long: 'kart not rated yet' },
};

export function labelOf(label) {
  return LABELS[label] ? label : 'unknown';
}
