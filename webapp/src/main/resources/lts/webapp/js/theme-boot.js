// Runs before the first paint (classic script, no module) so the page never flashes the
// wrong theme: the remembered choice, else the system's.
(function () {
  var theme = null;
  try { theme = window.localStorage.getItem('lts.theme'); } catch (e) { theme = null; }
  if (theme !== 'light' && theme !== 'dark') {
    theme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.dataset.theme = theme;
})();
