// The "Embed" button under every widget of a chapter page, and under a page that is a widget
// of its own (the playground's, marked `data-embed-widget`). It opens the two snippets that put
// the widget, as it is set now, into another page: the custom element (with embed.js: lazy,
// resizes itself) and a plain iframe. A chapter widget's state is its parameters (as its
// chapter gives them, or the framed playground's own address) and every control whose value
// changed since the widget mounted (`set.TESTID=VALUE`, which embed-page.js sets again); a
// page's state is its address's settings.
(function () {
  'use strict';
  const SETTING = 'set.';
  const SKIPPED_TYPES = ['file', 'button', 'submit', 'reset', 'password', 'hidden'];
  // Not the site's own: the device choice, test faults, and a chapter frame's marker.
  const SITE_KEYS = ['backend', 'faults', 'embed'];

  for (const island of document.querySelectorAll('.widget-island')) {
    whenMounted(island, () => addEmbedBar(island, island.dataset.widget, islandState(island)));
  }
  // The app renders its `main` after this script runs, and a new page into it on each
  // navigation. Only those two are watched, never the subtree: a training page changes its
  // DOM many times a second, and each change would be a record to hand to an observer.
  if (!document.body.classList.contains('embedded')) {
    const markPages = () => {
      for (const page of document.querySelectorAll('[data-embed-widget]:not([data-embed-bar])')) {
        page.dataset.embedBar = 'added';
        addEmbedBar(page, page.dataset.embedWidget, pageState);
      }
    };
    const watchMain = () => {
      const main = document.querySelector('body > main');
      if (!main) return false;
      new MutationObserver(markPages).observe(main, { childList: true });
      markPages();
      return true;
    };
    if (!watchMain()) {
      const waiting = new MutationObserver(() => {
        if (watchMain()) waiting.disconnect();
      });
      waiting.observe(document.body, { childList: true });
    }
  }

  function whenMounted(island, then) {
    const mounted = () => island.firstElementChild && !island.firstElementChild.classList.contains('island-note');
    // Two frames after mounting, the widget has drawn its first state: that is the baseline.
    const settle = () => requestAnimationFrame(() => requestAnimationFrame(then));
    if (mounted()) return settle();
    const observer = new MutationObserver(() => {
      if (!mounted()) return;
      observer.disconnect();
      settle();
    });
    observer.observe(island, { childList: true });
  }

  // The widget's settings controls, keyed by test id (`.N` for the N-th twin).
  function controls(island) {
    const seen = new Map();
    const keyed = [];
    for (const control of island.querySelectorAll('input[data-testid], select[data-testid], textarea[data-testid]')) {
      if (SKIPPED_TYPES.includes(control.type)) continue;
      const id = control.dataset.testid;
      const twin = seen.get(id) || 0;
      seen.set(id, twin + 1);
      keyed.push([twin ? `${id}.${twin}` : id, control]);
    }
    return keyed;
  }

  const valueOf = (control) =>
    control.type === 'checkbox' || control.type === 'radio' ? String(control.checked) : control.value;

  // A chapter widget's state, against its controls' values now (just after it mounted).
  function islandState(island) {
    const baseline = new Map(controls(island).map(([key, control]) => [key, valueOf(control)]));
    return () => stateOf(island, baseline);
  }

  // A page's state: its address's settings.
  function pageState() {
    const query = new URLSearchParams(location.search);
    for (const key of SITE_KEYS) query.delete(key);
    return query.toString();
  }

  function stateOf(island, baseline) {
    const query = new URLSearchParams();
    const params = JSON.parse(island.dataset.params || '{}');
    const playground = island.querySelector('iframe.playground-frame');
    if (playground) {
      try {
        for (const [key, value] of new URLSearchParams(playground.contentWindow.location.search)) {
          if (!SITE_KEYS.includes(key)) params[key] = value;
        }
      } catch (error) {
        // Not loaded yet: the chapter's own settings stand.
      }
    }
    for (const [key, value] of Object.entries(params)) query.set(key, value);
    for (const [key, control] of controls(island)) {
      const value = valueOf(control);
      if (baseline.get(key) !== value) query.set(SETTING + key, value);
    }
    return query.toString();
  }

  const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

  function snippets(widget, name, state) {
    const url = `${location.origin}/embed/${name}/${state ? `?${state}` : ''}`;
    // The iframe's height is the widget's now, plus the credit line under it on the embed page.
    const height = Math.ceil(widget.getBoundingClientRect().height) + 48;
    return {
      url,
      element: `<script src="${location.origin}/embed.js" defer></script>\n` +
        `<ml-intro-widget name="${escapeAttribute(name)}"${state ? ` state="${escapeAttribute(state)}"` : ''}></ml-intro-widget>`,
      iframe: `<iframe src="${escapeAttribute(url)}" title="ml-intro: ${escapeAttribute(name)}" ` +
        `width="100%" height="${height}" frameborder="0" allow="loopback-network" loading="lazy"></iframe>`,
    };
  }

  function element(tag, properties = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(properties)) {
      if (key.startsWith('data-') || key === 'aria-expanded') node.setAttribute(key, value);
      else node[key] = value;
    }
    node.append(...children);
    return node;
  }

  // `currentState()` gives the widget's state whenever a snippet is written.
  function addEmbedBar(widget, name, currentState) {
    const button = element('button', { type: 'button', className: 'embed-button', textContent: 'Embed', 'data-testid': 'embed-button', 'data-widget': name, 'aria-expanded': 'false' });
    const elementSnippet = element('textarea', { readOnly: true, rows: 3, 'data-testid': 'embed-element-snippet' });
    const iframeSnippet = element('textarea', { readOnly: true, rows: 3, 'data-testid': 'embed-iframe-snippet' });
    const preview = element('a', { textContent: 'Open the embed page', target: '_blank', rel: 'noopener', 'data-testid': 'embed-preview' });
    const copied = element('span', { className: 'embed-copied', 'data-testid': 'embed-copied' });
    const refresh = () => {
      const made = snippets(widget, name, currentState());
      elementSnippet.value = made.element;
      iframeSnippet.value = made.iframe;
      preview.href = made.url;
    };
    const copyButton = (snippet, label) => {
      const copy = element('button', { type: 'button', textContent: `Copy ${label}` });
      copy.addEventListener('click', async () => {
        refresh();
        try {
          await navigator.clipboard.writeText(snippet.value);
          copied.textContent = `Copied the ${label}.`;
        } catch (error) {
          snippet.select();
          copied.textContent = 'The browser did not allow copying: the snippet is selected, press Ctrl+C.';
        }
      });
      return copy;
    };
    const panel = element('div', { className: 'embed-panel', hidden: true, 'data-testid': 'embed-panel' }, [
      element('p', {}, [
        'Put this widget, as it is set now, into your own page (',
        element('a', { href: '/embedding/', textContent: 'how, in plain HTML, mdBook and MkDocs' }),
        '). The custom element loads when it scrolls into view and fits its height to the widget; the iframe works without any script.',
      ]),
      element('label', {}, ['Custom element', elementSnippet]),
      element('label', {}, ['iframe', iframeSnippet]),
      element('p', { className: 'embed-actions' }, [copyButton(elementSnippet, 'custom element'), copyButton(iframeSnippet, 'iframe'), preview, copied]),
    ]);
    button.addEventListener('click', () => {
      panel.hidden = !panel.hidden;
      button.setAttribute('aria-expanded', String(!panel.hidden));
      if (!panel.hidden) refresh();
    });
    widget.after(element('div', { className: 'embed-bar' }, [button, panel]));
  }
})();
