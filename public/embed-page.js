// The embed page's side of embedding (`/embed/NAME/?STATE`, written by app/pages/src/embed.rs).
// It runs before the chapter program mounts the widget, and:
// - hands the address's parameters to the widget (as a chapter's fence would give them);
// - once the widget is mounted, sets its controls as the address says (`set.TESTID=VALUE`,
//   written by widget-embed.js's "Embed" button), so a snippet reproduces what was on screen;
// - tells the page that frames it how tall its content is, and takes the host's theme. Both
//   ways, messages go to and come from exactly one window and origin: the parent, at the
//   origin the browser reports for it. Anything else is ignored;
// - says so when the host's iframe does not let the widget reach a local runner.
(function () {
  'use strict';
  const SETTING = 'set.';
  // As in widget-embed.js: input types that are not settings.
  const SKIPPED_TYPES = ['file', 'button', 'submit', 'reset', 'password', 'hidden'];
  const island = document.querySelector('.widget-island');
  const root = document.getElementById('embed-root');
  if (!island || !root) return;

  // 1. Parameters and settings from the address.
  const params = JSON.parse(island.dataset.params || '{}');
  const settings = [];
  for (const [key, value] of new URLSearchParams(location.search)) {
    if (key.startsWith(SETTING)) settings.push([key.slice(SETTING.length), value]);
    else params[key] = value;
  }
  island.dataset.params = JSON.stringify(params);
  whenMounted(() => applySettings(settings));

  // 2. The frame's host: the browser's own record of the parent's origin where it keeps one
  // (Chromium, Safari), else what embed.js put in the fragment, else the referrer's origin.
  const framed = window.parent !== window;
  const host = framed ? hostOrigin() : null;
  if (host) {
    let posted = -1;
    const postSize = () => {
      const height = Math.ceil(root.getBoundingClientRect().height);
      if (height === posted) return;
      posted = height;
      window.parent.postMessage({ type: 'ml-intro:size', widget: island.dataset.widget, height }, host);
    };
    new ResizeObserver(postSize).observe(root);
    addEventListener('message', (event) => {
      if (event.source !== window.parent || event.origin !== host) return;
      const message = event.data || {};
      if (message.type === 'ml-intro:theme' && ['light', 'dark'].includes(message.theme)) {
        document.documentElement.dataset.theme = message.theme;
      } else if (message.type === 'ml-intro:measure') {
        posted = -1;
        postSize();
      }
    });
  }
  if (framed) explainRunnerAccess();

  function hostOrigin() {
    const ancestors = location.ancestorOrigins;
    if (ancestors && ancestors.length > 0 && ancestors[0] !== 'null') return ancestors[0];
    const fragment = new URLSearchParams(location.hash.slice(1)).get('host');
    if (fragment) return fragment;
    try {
      return new URL(document.referrer).origin;
    } catch (error) {
      return null; // No way to know who frames us: post nothing.
    }
  }

  // Runs `then` once the program has replaced the island's placeholder with the widget.
  function whenMounted(then) {
    const mounted = () => island.firstElementChild && !island.firstElementChild.classList.contains('island-note');
    if (mounted()) return then();
    const observer = new MutationObserver(() => {
      if (!mounted()) return;
      observer.disconnect();
      then();
    });
    observer.observe(island, { childList: true });
  }

  // Sets each named control, in the order the address gives them; a control that appears only
  // once another is set (a choice that reveals more choices) is tried again as the widget
  // redraws, for up to ten seconds.
  function applySettings(pending) {
    const started = performance.now();
    const tryAll = () => {
      pending = pending.filter(([key, value]) => !setControl(key, value));
      document.body.dataset.embedSettings = pending.length === 0 ? 'applied' : 'pending';
      return pending.length === 0 || performance.now() - started > 10_000;
    };
    if (tryAll()) return;
    const observer = new MutationObserver(() => {
      if (tryAll()) observer.disconnect();
    });
    observer.observe(island, { childList: true, subtree: true });
  }

  // `key` is a control's `data-testid`, with `.N` for its N-th twin in the widget. Twins are
  // counted among the same controls widget-embed.js's `controls()` counts when it writes the
  // key (inputs, selects and text areas, less its SKIPPED_TYPES), so an element of another
  // kind with the same test id cannot shift N.
  function setControl(key, value) {
    const match = /^(.*?)(?:\.(\d+))?$/.exec(key);
    const id = CSS.escape(match[1]);
    const twins = Array.from(island.querySelectorAll(
      `input[data-testid="${id}"], select[data-testid="${id}"], textarea[data-testid="${id}"]`))
      .filter((control) => !SKIPPED_TYPES.includes(control.type));
    const control = twins[Number(match[2] || 0)];
    if (!control) return false;
    if (control.type === 'checkbox' || control.type === 'radio') control.checked = value === 'true';
    else control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  }

  // A local runner is on the loopback address; a browser that guards it asks the framing page
  // to delegate `loopback-network`. When this frame lacks it, say why the runner is not offered.
  function explainRunnerAccess() {
    const policy = document.permissionsPolicy || document.featurePolicy;
    if (!policy || !policy.features().includes('loopback-network')) return;
    if (policy.allowsFeature('loopback-network')) return;
    const note = document.getElementById('embed-runner-note');
    if (note) {
      note.hidden = false;
      note.textContent = 'The page that embeds this widget does not let it reach a local runner ' +
        '(its iframe has no allow="loopback-network"), so it trains in your browser only.';
    }
  }
})();
