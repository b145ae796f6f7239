// What the user chose, remembered in this browser (localStorage). Each setting has its own
// getter and setter; nothing else in the app touches localStorage.

const PREFIX = 'lts.';

function read(key) {
  try { return window.localStorage.getItem(PREFIX + key); } catch { return null; }
}

function write(key, value) {
  try {
    if (value === null || value === undefined || value === '') window.localStorage.removeItem(PREFIX + key);
    else window.localStorage.setItem(PREFIX + key, String(value));
  } catch { /* private mode: not remembered, still works */ }
}

function readJson(key, fallback) {
  const raw = read(key);
  if (raw === null) return fallback;
  try { return JSON.parse(raw); } catch { return fallback; }
}

export const prefs = {
  /** 'light', 'dark' or null (follow the system). */
  theme: () => read('theme'),
  setTheme: (t) => write('theme', t),

  /** The API bearer token for settings and label overrides. */
  token: () => read('token'),
  setToken: (t) => write('token', t ? t.trim() : null),
  forgetToken: () => write('token', null),

  /** My team, by kart number (stable across sessions of an event), per event. */
  myTeam: (code) => read(`myTeam.${code}`),
  setMyTeam: (code, number) => write(`myTeam.${code}`, number),

  /** Teams picked on the chart (numbers), per event; null = the default pick. */
  chartTeams: (code) => readJson(`chartTeams.${code}`, null),
  setChartTeams: (code, numbers) => write(`chartTeams.${code}`, numbers ? JSON.stringify(numbers) : null),

  /** Chart toggles. */
  chartOptions: () => readJson('chartOptions', { outliers: true, average: true }),
  setChartOptions: (o) => write('chartOptions', JSON.stringify(o)),

  /** Show every column of the standings on a narrow screen. */
  allColumns: () => read('allColumns') === '1',
  setAllColumns: (on) => write('allColumns', on ? '1' : null),
};
