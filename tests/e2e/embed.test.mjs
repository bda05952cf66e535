// Embedding (issue 10): a third-party page on another origin, under its own strict CSP,
// embeds two widgets with the custom element and one with the "Embed" button's iframe
// snippet. All three train, every iframe takes its content's height, the snippets reproduce
// what was set on the course's pages, and messages from a stranger's window change nothing.
// The harness fails the file on any CSP violation, in any frame.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { freePort, launchBrowser, openPage, startSite } from './harness.mjs';

const TIMEOUT_MS = 8 * 60_000;

/** Serves one page (set with `show`) on a port of its own, with the given headers. */
async function startPageServer(headers = {}) {
  const port = await freePort();
  let html = '';
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${port}`, show: (page) => { html = page; }, stop: () => server.close() };
}

/** The snippets of the "Embed" button under `widget` on the page. */
async function embedSnippets(page, widget) {
  const bar = page.locator('.embed-bar').filter({ has: page.locator(`[data-testid=embed-button][data-widget=${widget}]`) });
  await bar.getByTestId('embed-button').click();
  return {
    element: await bar.getByTestId('embed-element-snippet').inputValue(),
    iframe: await bar.getByTestId('embed-iframe-snippet').inputValue(),
  };
}

/** Waits until the iframe `selector` on the host is as tall as its embed page's content. */
async function fitsItsContent(page, selector) {
  const frameElement = await page.waitForSelector(selector, { timeout: 60_000 });
  const frame = await frameElement.contentFrame();
  await frame.waitForSelector('#embed-root');
  let last = {};
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const content = await frame.evaluate(() => Math.ceil(document.getElementById('embed-root').getBoundingClientRect().height));
    const frameHeight = await frameElement.evaluate((element) => element.getBoundingClientRect().height);
    last = { content, frameHeight };
    if (content > 100 && Math.abs(frameHeight - content) <= 1) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`${selector} is ${last.frameHeight}px tall, its content ${last.content}px`);
}

describe('widgets embedded in another site', () => {
  let site;
  let browser;
  let host;
  let stranger;
  before(async () => {
    site = await startSite();
    browser = await launchBrowser({ webgpu: false });
    stranger = await startPageServer();
    const siteOrigin = new URL(site.url).origin;
    // A strict host: scripts only from ml-intro, frames only from ml-intro and the stranger.
    host = await startPageServer({
      'content-security-policy': `default-src 'none'; script-src ${siteOrigin}; ` +
        `frame-src ${siteOrigin} ${stranger.origin}; style-src 'self'; img-src 'self'`,
    });
  });
  after(async () => {
    await browser?.close();
    site?.stop();
    host?.stop();
    stranger?.stop();
  });

  test('two custom elements and an iframe train, fit their content and ignore strangers', { timeout: TIMEOUT_MS }, async () => {
    const siteOrigin = new URL(site.url).origin;
    const course = await openPage(browser);

    // On the course's pages: set a widget up, then take its snippets.
    await course.goto(`${site.url}chapters/graph-ml/`);
    await course.getByTestId('gcn-aggregation').selectOption('mean');
    const graph = await embedSnippets(course, 'graph-network');
    assert.match(graph.element, /^<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" defer><\/script>\n<ml-intro-widget name="graph-network" state="set\.gcn-aggregation=mean"><\/ml-intro-widget>$/);
    assert.match(graph.iframe, /allow="loopback-network"/);

    await course.goto(`${site.url}chapters/supervised/`);
    const chapterPlayground = course.frameLocator('[data-testid=playground-frame]');
    await chapterPlayground.getByTestId('pg-play').waitFor({ timeout: 60_000 });
    const dataset = chapterPlayground.getByTestId('pg-dataset');
    await dataset.selectOption({ index: 1 });
    const chosenDataset = await dataset.inputValue();
    await course.waitForFunction(() => /[?&]dataset=/.test(
      document.querySelector('[data-testid=playground-frame]').contentWindow.location.search));
    const playground = await embedSnippets(course, 'playground');
    assert.match(playground.iframe, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/playground\/\?dataset=[a-z-]+&amp;layers=8%2C8.*" title="ml-intro: playground" width="100%" height="\d+" frameborder="0" allow="loopback-network" loading="lazy"><\/iframe>$/);
    course.assertNoPageErrors(assert);

    // The third party's notes: the xor widget loads on a click, the graph network when it
    // scrolls into view, and the playground is a plain iframe.
    const notes = Array.from({ length: 40 }, (_, index) => `<p>Note ${index + 1} of my course.</p>`).join('\n');
    stranger.show(`<!doctype html><title>stranger</title><p>Someone else.</p>`);
    host.show(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>My course notes</title></head><body>
<h1>My course notes</h1>
<script src="${siteOrigin}/embed.js" defer></script>
<ml-intro-widget name="xor" load="click" theme="dark"></ml-intro-widget>
${notes}
${graph.element}
${playground.iframe}
<iframe id="stranger" src="${stranger.origin}/" title="stranger"></iframe>
<iframe id="no-runner" src="${siteOrigin}/embed/bayes/" title="without loopback-network"></iframe>
</body></html>`);
    const page = await openPage(browser);
    await page.goto(`${host.origin}/`);

    // Lazy: previews first, nothing framed until asked or seen.
    const xorElement = page.locator('ml-intro-widget[name=xor]');
    const graphElement = page.locator('ml-intro-widget[name=graph-network]');
    await page.waitForFunction(() => document.querySelector('ml-intro-widget[name=xor]')?.dataset.embed === 'preview');
    assert.match(await xorElement.innerText(), /XOR quadrants/, 'the preview describes the widget');
    assert.equal(await xorElement.locator('iframe').count(), 0, 'load="click": no frame before the click');
    assert.equal(await graphElement.locator('iframe').count(), 0, 'no frame before the element is in view');
    await xorElement.getByRole('button').click();
    await graphElement.scrollIntoViewIfNeeded();
    await graphElement.locator('iframe').waitFor();

    // All three train.
    const xorFrame = page.frameLocator('ml-intro-widget[name=xor] iframe');
    await xorFrame.getByTestId('xor-train').click();
    await xorFrame.getByTestId('xor-outcome').waitFor({ timeout: 120_000 });
    assert.ok(Number.parseFloat(await xorFrame.getByTestId('xor-loss').innerText()) < 0.1, 'xor learned');

    const graphFrame = page.frameLocator('ml-intro-widget[name=graph-network] iframe');
    await graphFrame.getByTestId('gcn-widget').waitFor({ timeout: 60_000 });
    const graphContent = await (await page.$('ml-intro-widget[name=graph-network] iframe')).contentFrame();
    await graphContent.waitForFunction(() => document.body.dataset.embedSettings === 'applied');
    assert.equal(await graphFrame.getByTestId('gcn-aggregation').inputValue(), 'mean', 'the snippet kept the aggregation');
    await graphFrame.getByTestId('gcn-train').click();
    await graphContent.waitForFunction(() => /^Learned/.test(document.querySelector('[data-testid=gcn-outcome]').innerText), null, { timeout: 60_000 });
    assert.ok(Number.parseFloat(await graphFrame.getByTestId('gcn-accuracy').innerText()) >= 90);

    const playgroundSelector = 'iframe[src*="/embed/playground/"]';
    await page.locator(playgroundSelector).scrollIntoViewIfNeeded();
    const innerPlayground = page.frameLocator(playgroundSelector).frameLocator('iframe.playground-frame');
    await innerPlayground.getByTestId('pg-play').waitFor({ timeout: 60_000 });
    assert.equal(await innerPlayground.getByTestId('pg-dataset').inputValue(), chosenDataset, 'the snippet kept the data set');
    await innerPlayground.getByTestId('pg-play').click();
    const innerFrame = await page.frameLocator(playgroundSelector).locator('iframe.playground-frame')
      .elementHandle().then((element) => element.contentFrame());
    await innerFrame.waitForFunction(() => Number(document.querySelector('[data-testid=pg-step-count]')?.innerText.replace(/,/g, '')) > 200, null, { timeout: 120_000 });
    await innerPlayground.getByTestId('pg-play').click();

    // No cross-origin isolation is needed, or given.
    assert.equal(await graphContent.evaluate(() => self.crossOriginIsolated), false);

    // Every frame is as tall as its content.
    const heights = {};
    for (const selector of ['ml-intro-widget[name=xor] iframe', 'ml-intro-widget[name=graph-network] iframe', playgroundSelector]) {
      heights[selector] = (await fitsItsContent(page, selector)).frameHeight;
    }
    console.log(`# embedded frames' heights: ${JSON.stringify(heights)}`);
    assert.equal(await xorFrame.locator('html').getAttribute('data-theme'), 'dark', 'the host asked for the dark theme');

    // A stranger's window (another origin) and the host page itself (not ml-intro) post
    // messages in ml-intro's format: nothing changes.
    const strangerFrame = await (await page.$('#stranger')).contentFrame();
    await strangerFrame.evaluate(() => {
      parent.postMessage({ type: 'ml-intro:size', height: 3333 }, '*');
      for (let index = 0; index < parent.frames.length; index += 1) {
        parent.frames[index].postMessage({ type: 'ml-intro:theme', theme: 'light' }, '*');
        parent.frames[index].postMessage({ type: 'ml-intro:measure' }, '*');
      }
    });
    await page.evaluate(() => window.postMessage({ type: 'ml-intro:size', height: 3333 }, '*'));
    await page.waitForTimeout(500);
    for (const [selector, height] of Object.entries(heights)) {
      const now = await page.locator(selector).evaluate((element) => element.getBoundingClientRect().height);
      assert.equal(now, height, `${selector} kept its height`);
    }
    assert.equal(await xorFrame.locator('html').getAttribute('data-theme'), 'dark', 'the stranger could not change the theme');
    assert.equal(await graphFrame.locator('html').getAttribute('data-theme'), null, 'nor set one');

    // A frame without allow="loopback-network" says the runner is out of its reach; one with
    // it does not.
    const bare = page.frameLocator('#no-runner');
    await bare.getByTestId('bayes-widget').waitFor({ timeout: 60_000 });
    assert.match(await bare.getByTestId('embed-runner-note').innerText(), /no allow="loopback-network"/);
    assert.equal(await xorFrame.getByTestId('embed-runner-note').isVisible(), false);
    page.assertNoPageErrors(assert);
  });

  test("the playground page's Embed button carries its address's settings", { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(browser);
    await page.goto(`${site.url}playground`);
    await page.getByTestId('pg-play').waitFor({ timeout: 60_000 });
    const first = Number(await page.getByTestId('pg-dataset').inputValue());
    await page.getByTestId('pg-dataset').selectOption({ index: (first + 2) % 6 });
    const chosen = await page.getByTestId('pg-dataset').inputValue();
    await page.waitForFunction(() => /[?&]dataset=/.test(location.search));
    const dataset = new URL(page.url()).searchParams.get('dataset');
    const snippets = await embedSnippets(page, 'playground');
    assert.equal(await page.locator('.embed-bar').count(), 1, 'one Embed button, under the playground');
    const src = /<iframe src="([^"]+)"/.exec(snippets.iframe)[1].replace(/&amp;/g, '&');
    assert.equal(new URL(src).searchParams.get('dataset'), dataset);
    await page.goto(src);
    const inner = page.frameLocator('iframe.playground-frame');
    await inner.getByTestId('pg-play').waitFor({ timeout: 60_000 });
    assert.equal(await inner.getByTestId('pg-dataset').inputValue(), chosen, 'the embed page opens the same data set');
    page.assertNoPageErrors(assert);
  });

  // The refusal is itself reported as a CSP violation, so this page is not watched for them.
  test('no page may frame the runner-pairing page, any may frame an embed page', async () => {
    const siteOrigin = new URL(site.url).origin;
    host.show(`<!doctype html><title>framing</title>
<iframe id="connect" src="${siteOrigin}/connect"></iframe>
<iframe id="embed" src="${siteOrigin}/embed/bayes/"></iframe>`);
    const page = await browser.newPage();
    const refusals = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    await page.goto(`${host.origin}/`);
    await page.frameLocator('#embed').getByTestId('bayes-widget').waitFor({ timeout: 60_000 });
    const connect = await (await page.$('#connect')).contentFrame();
    assert.equal(await connect.locator('#runner-connect, main, .site-header').count(), 0, 'nothing of the pairing page shows');
    assert.ok(refusals.length > 0 && !refusals.some((text) => text.includes('/embed/')), `the browser refused the pairing page's frame, and only it: ${refusals}`);
    await page.close();
  });
});
