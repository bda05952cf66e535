// ml-intro's embed loader (`/embed.js`, written by app/pages from this file and the list of
// widgets). On any page:
//
//   <script src="https://ML-INTRO-SITE/embed.js" defer></script>
//   <ml-intro-widget name="xor" state="…" load="visible|click" theme="light|dark"></ml-intro-widget>
//
// Each element shows a light preview (the widget's description and a button) and creates the
// iframe of `/embed/NAME/?STATE` only when it scrolls into view (`load="visible"`, the default)
// or when its button is pressed (`load="click"`). The embed page reports its content's height
// and the iframe takes it; so does any plain iframe of an embed page on the same page. Only
// messages from ml-intro's origin and from one of the page's own iframes are heeded.
// No markup with inline styles and no eval: it runs under a host's strict CSP (`script-src`
// and `frame-src` allowing this site).
(function () {
  'use strict';
  if (window.mlIntroEmbed) return; // The snippet may be pasted more than once.
  const script = document.currentScript;
  const SITE = new URL(script ? script.src : '/', location.href).origin;
  const WIDGETS = /* WIDGETS */ {};
  const PREVIEW_HEIGHT = 160;
  const LOADED_HEIGHT = 480;
  window.mlIntroEmbed = { site: SITE, widgets: Object.keys(WIDGETS) };

  addEventListener('message', (event) => {
    if (event.origin !== SITE) return;
    const message = event.data || {};
    if (message.type !== 'ml-intro:size') return;
    const frame = Array.from(document.querySelectorAll('iframe')).find((frame) => frame.contentWindow === event.source);
    const height = Number(message.height);
    if (!frame || !Number.isFinite(height) || height <= 0 || height > 20000) return;
    frame.style.height = `${Math.ceil(height)}px`;
  });

  class MlIntroWidget extends HTMLElement {
    connectedCallback() {
      if (this.preview || this.frame) return;
      const name = this.getAttribute('name') || '';
      this.style.display = 'block';
      this.dataset.embed = 'preview';
      const preview = document.createElement('div');
      Object.assign(preview.style, {
        boxSizing: 'border-box', minHeight: `${PREVIEW_HEIGHT}px`, padding: '1rem',
        border: '1px solid #8884', borderRadius: '8px', font: '15px/1.5 system-ui, sans-serif',
      });
      const title = document.createElement('strong');
      title.textContent = `ml-intro · ${name}`;
      const description = document.createElement('p');
      if (!Object.hasOwn(WIDGETS, name)) {
        description.textContent = `ml-intro has no widget “${name}”. It has: ${Object.keys(WIDGETS).join(', ')}.`;
        this.dataset.embed = 'unknown';
        preview.append(title, description);
        this.replaceChildren(preview);
        this.preview = preview;
        return;
      }
      description.textContent = WIDGETS[name];
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = '▶ Load the live widget';
      button.addEventListener('click', () => this.load());
      preview.append(title, description, button);
      this.replaceChildren(preview);
      this.preview = preview;
      if (this.getAttribute('load') !== 'click') {
        const observer = new IntersectionObserver((entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          observer.disconnect();
          this.load();
        }, { rootMargin: '200px' });
        observer.observe(this);
      }
    }

    load() {
      if (this.frame) return;
      const name = this.getAttribute('name');
      const state = (this.getAttribute('state') || '').replace(/^\?/, '');
      const frame = document.createElement('iframe');
      frame.src = `${SITE}/embed/${encodeURIComponent(name)}/${state ? `?${state}` : ''}` +
        `#host=${encodeURIComponent(location.origin)}`;
      frame.title = `ml-intro: ${name}`;
      frame.allow = 'loopback-network';
      Object.assign(frame.style, { display: 'block', width: '100%', border: '0', height: `${LOADED_HEIGHT}px` });
      const theme = this.getAttribute('theme');
      frame.addEventListener('load', () => {
        if (theme) frame.contentWindow.postMessage({ type: 'ml-intro:theme', theme }, SITE);
      });
      this.frame = frame;
      this.replaceChildren(frame);
      this.dataset.embed = 'loaded';
    }
  }

  if (!customElements.get('ml-intro-widget')) customElements.define('ml-intro-widget', MlIntroWidget);
})();
