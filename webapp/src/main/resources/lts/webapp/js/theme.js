// Light (sunlight) and dark (night) themes: toggle, remembered; default from the system.

import { prefs } from './prefs.js';

const media = window.matchMedia('(prefers-color-scheme: dark)');

export function currentTheme() {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function apply(theme) {
  document.documentElement.dataset.theme = theme;
  const meta = document.querySelector('meta[name="theme-color"]');
  if (meta) meta.setAttribute('content', theme === 'dark' ? '#0d1117' : '#ffffff');
  window.dispatchEvent(new CustomEvent('lts-theme', { detail: theme }));
}

export function initTheme(button) {
  const label = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    button.setAttribute('aria-label', `Switch to the ${next} theme`);
    button.title = `Switch to the ${next} theme`;
    button.dataset.theme = currentTheme();
  };
  apply(prefs.theme() || (media.matches ? 'dark' : 'light'));
  label();
  button.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    prefs.setTheme(next);
    apply(next);
    label();
  });
  media.addEventListener('change', (e) => {
    if (prefs.theme()) return;
    apply(e.matches ? 'dark' : 'light');
    label();
  });
}
