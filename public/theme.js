// A theme the visitor picked (app/src/theme.rs), applied before the first paint. A file, not an
// inline script: the site's Content-Security-Policy refuses inline scripts.
try {
  const theme = localStorage.getItem('ml-intro.theme');
  if (theme) document.documentElement.dataset.theme = theme;
} catch (error) {
  // Storage may be off (a sandboxed frame, a strict privacy setting): keep the default theme.
}
