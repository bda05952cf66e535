// The site in a real browser, once with a WebGPU adapter and once without (CPU fallback).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, siteAndBrowser, siteWithout, startSite } from './harness.mjs';

const TRAINING_TIMEOUT_MS = 240_000;

for (const webgpu of [true, false]) {
  const expectedBackend = webgpu ? 'webgpu' : 'cpu';
  // Where WebGPU is available the XOR run asks for it: left to choose, the engine passes over
  // Chromium's software adapter for the CPU (checked below).
  const xorPage = webgpu ? 'chapters/neural-networks?backend=gpu' : 'chapters/neural-networks';
  describe(`site with WebGPU ${webgpu ? 'available' : 'unavailable'}`, () => {
    const env = siteAndBrowser({ webgpu });

    test('the home page lists the 14 chapters, each of which opens', async () => {
      const page = await openPage(env.browser);
      const engineRequests = [];
      page.on('request', (request) => {
        if (request.url().includes('ml-intro-worker')) engineRequests.push(request.url());
      });
      await page.goto(env.site.url);
      const links = page.getByTestId('course-map').locator('a');
      await links.first().waitFor();
      assert.equal(await links.count(), 14);
      // The home page has no widget: the engine is not downloaded at all.
      assert.deepEqual(engineRequests, []);
      assert.match(await page.getByTestId('engine-backend').innerText(), /not loaded/);
      for (let index = 0; index < 14; index += 1) {
        const link = page.getByTestId('course-map').locator('a').nth(index);
        const title = (await link.locator('.chapter-title').innerText()).trim();
        await link.click();
        await page.locator('h1', { hasText: title }).waitFor();
        await page.goBack();
      }
      for (const info of ['Installation', 'Usage', 'Contributing', 'References']) {
        // The header's link: a guide page's own text may link the others too.
        await page.locator('header.site-header').getByRole('link', { name: info, exact: true }).click();
        await page.locator('h1', { hasText: info }).waitFor();
      }
      page.assertNoPageErrors(assert);
    });

    test(`XOR trains below loss 0.05 on ${expectedBackend}, labelled as such`, { timeout: TRAINING_TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}${xorPage}`);
      // The chapter paints before the engine is ready.
      await page.locator('h1', { hasText: 'Neural networks' }).waitFor();
      const badge = page.getByTestId('xor-backend');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=xor-backend]')?.dataset.backend !== 'none',
        null, { timeout: 60_000 });
      assert.equal(await badge.getAttribute('data-backend'), expectedBackend);
      assert.match(await badge.innerText(), webgpu ? /WebGPU/ : /CPU/);
      const footer = await page.getByTestId('engine-backend').innerText();
      assert.match(footer, webgpu ? /WebGPU/ : /CPU \(flex\) — .*adapter|WebGPU/);

      await page.getByTestId('xor-train').click();
      await page.waitForFunction(() => {
        const loss = Number.parseFloat(document.querySelector('[data-testid=xor-loss]')?.innerText);
        return loss < 0.05;
      }, null, { timeout: TRAINING_TIMEOUT_MS - 30_000, polling: 250 });
      const loss = Number.parseFloat(await page.getByTestId('xor-loss').innerText());
      const steps = await page.getByTestId('xor-step').innerText();
      const speed = await page.getByTestId('xor-speed').innerText();
      console.log(`# ${expectedBackend}: loss ${loss} after ${steps} steps, ${speed} steps/s`);
      assert.ok(loss < 0.05);
      assert.ok(await page.getByTestId('xor-widget').locator('.loss-line').first().getAttribute('points'));
      assert.equal(await page.getByTestId('xor-error').count(), 0);
      page.assertNoPageErrors(assert);
    });

    if (webgpu) {
      test('left to choose, the engine passes over a software GPU for the CPU and says why', { timeout: TRAINING_TIMEOUT_MS }, async () => {
        const page = await openPage(env.browser);
        await page.goto(`${env.site.url}chapters/neural-networks`);
        await page.waitForFunction(
          () => document.querySelector('[data-testid=xor-backend]')?.dataset.backend !== 'none',
          null, { timeout: 60_000 });
        assert.equal(await page.getByTestId('xor-backend').getAttribute('data-backend'), 'cpu');
        assert.match(await page.getByTestId('engine-backend').innerText(),
          /CPU \(flex\) — the browser's only WebGPU adapter \(.+\) is a software renderer.*backend=gpu/);
        page.assertNoPageErrors(assert);
      });
    }

    test('an engine panic shows a readable message, and the next run works', { timeout: TRAINING_TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}chapters/neural-networks?faults`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid=xor-backend]')?.dataset.backend !== 'none');
      await page.getByTestId('xor-train').click();
      await page.getByTestId('xor-inject-panic').click();
      const error = page.getByTestId('xor-error');
      await error.waitFor();
      assert.match(await error.innerText(), /engine stopped: the engine panicked: .*simulated engine panic/);
      assert.equal(await page.getByTestId('xor-train').innerText(), 'Train');

      // A fresh worker takes over.
      await page.getByTestId('xor-train').click();
      await page.waitForFunction(
        () => Number.parseInt(document.querySelector('[data-testid=xor-step]')?.innerText, 10) > 0,
        null, { timeout: 120_000 });
      assert.equal(await page.getByTestId('xor-error').count(), 0);
      page.assertNoPageErrors(assert);
    });

    test('an engine that cannot load is reported in the widget', async () => {
      const brokenSite = await startSite(siteWithout('ml-intro-worker_bg.wasm'));
      try {
        const page = await openPage(env.browser);
        await page.goto(`${brokenSite.url}chapters/neural-networks`);
        await page.getByTestId('xor-train').click();
        const error = page.getByTestId('xor-error');
        await error.waitFor({ timeout: 60_000 });
        assert.match(await error.innerText(), /engine stopped: the engine could not be loaded/);
        assert.match(await page.getByTestId('engine-backend').innerText(), /stopped/);
        page.assertNoPageErrors(assert);
      } finally {
        brokenSite.stop();
      }
    });
  });
}
