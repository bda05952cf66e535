// The playground in a real browser, with WebGPU on and off: it learns without long tasks on the
// page, a copied address reproduces the run, and the network can be reshaped while playing and
// while paused, and a weight edited from the keyboard.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { engineReady, openPage, siteAndBrowser } from './harness.mjs';

const TIMEOUT_MS = 240_000;


const number = async (page, testId) => Number.parseFloat(await page.getByTestId(testId).innerText());

for (const webgpu of [true, false]) {
  describe(`playground with WebGPU ${webgpu ? 'available' : 'unavailable'}`, () => {
    const env = siteAndBrowser({ webgpu });

    test('XOR trains below test loss 0.05 on the CPU with no long task on the page', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}playground?backend=cpu&dataset=xor&features=x1,x2,x1_x2&layers=4&optimizer=adam`);
      assert.equal(await engineReady(page), 'cpu');
      await page.evaluate(() => {
        window.longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      const started = Date.now();
      await page.getByTestId('pg-play').click();
      await page.waitForFunction(
        () => Number.parseFloat(document.querySelector('[data-testid=pg-test-loss]')?.innerText) < 0.05,
        null, { timeout: 60_000, polling: 200 });
      const seconds = (Date.now() - started) / 1000;
      // Keep training for the rest of 10 s, watching the main thread.
      await page.waitForTimeout(Math.max(0, 10_000 - seconds * 1000));
      await page.getByTestId('pg-play').click();
      const longTasks = await page.evaluate(() => window.longTasks);
      const steps = await number(page, 'pg-step-count');
      console.log(`# playground xor: test loss < 0.05 after ${seconds.toFixed(1)} s; ${steps} steps in ~10 s; long tasks ${JSON.stringify(longTasks)}`);
      assert.deepEqual(longTasks.filter((ms) => ms > 50), [], 'main-thread tasks over 50 ms while training');
      // Paused: the step count stays put.
      await page.waitForTimeout(500);
      const paused = await number(page, 'pg-step-count');
      await page.waitForTimeout(500);
      assert.equal(await number(page, 'pg-step-count'), paused);
      page.assertNoPageErrors(assert);
    });

    test('the spiral reaches test loss 0.1 within 60 s on the CPU (hidden layers 8, 8; Adam 0.01)', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}playground?backend=cpu&dataset=spiral&layers=8,8&optimizer=adam&lr=0.01`);
      assert.equal(await engineReady(page), 'cpu');
      const started = Date.now();
      await page.getByTestId('pg-play').click();
      await page.waitForFunction(
        () => Number.parseFloat(document.querySelector('[data-testid=pg-test-loss]')?.innerText) < 0.1,
        null, { timeout: 60_000, polling: 100 });
      const seconds = (Date.now() - started) / 1000;
      await page.getByTestId('pg-play').click();
      console.log(`# playground spiral 8-8 Adam: test loss < 0.1 after ${seconds.toFixed(1)} s (${await number(page, 'pg-step-count')} steps when paused)`);
      page.assertNoPageErrors(assert);
    });

    test('an exported model imported into a fresh playground predicts exactly the same; a bad file is refused', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      const heatmap = () => page.evaluate(() => document.querySelector('.heatmap.decision canvas').toDataURL());
      await page.goto(`${env.site.url}playground?backend=cpu&dataset=spiral&features=x1,x2,sin_x1,sin_x2&layers=8,6&lr=0.01`);
      assert.equal(await engineReady(page), 'cpu');
      await page.getByTestId('pg-play').click();
      await page.waitForFunction(
        () => Number.parseFloat(document.querySelector('[data-testid=pg-test-loss]')?.innerText) < 0.3,
        null, { timeout: 60_000, polling: 100 });
      await page.getByTestId('pg-play').click();
      await page.getByTestId('pg-play').filter({ hasText: 'Play' }).waitFor();
      await page.waitForTimeout(300);
      const trained = {
        test: await page.getByTestId('pg-test-loss').innerText(),
        train: await page.getByTestId('pg-train-loss').innerText(),
        step: await number(page, 'pg-step-count'),
        picture: await heatmap(),
      };
      assert.ok(trained.step > 0);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pg-export').click()]);
      assert.equal(download.suggestedFilename(), 'ml-intro-spiral-8-6.safetensors');
      const file = await download.path();
      const bytes = readFileSync(file);
      const headerLength = Number(bytes.readBigUInt64LE(0));
      const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
      assert.equal(header.__metadata__.format, 'ml-intro.mlp/1');
      assert.deepEqual(header['layers.0.weight'].shape, [8, 4], 'PyTorch Linear layout: [outputs, inputs]');
      assert.deepEqual(header['layers.2.weight'].shape, [1, 6]);

      // A fresh playground on other data and another network takes the file's.
      const fresh = await openPage(env.browser);
      await fresh.goto(`${env.site.url}playground?backend=cpu&dataset=circle&layers=3`);
      assert.equal(await engineReady(fresh), 'cpu');
      await fresh.getByTestId('pg-import').setInputFiles(file);
      await fresh.getByTestId('pg-message').filter({ hasText: 'Imported a trained 2-layer (8–6) network for spiral' }).waitFor();
      await fresh.waitForFunction(
        (expected) => document.querySelector('[data-testid=pg-test-loss]')?.innerText === expected,
        trained.test, { timeout: 30_000 });
      assert.equal(await fresh.getByTestId('pg-train-loss').innerText(), trained.train);
      assert.equal(await number(fresh, 'pg-step-count'), 0, 'a new run that starts from the file');
      await fresh.waitForTimeout(300);
      assert.equal(await fresh.evaluate(() => document.querySelector('.heatmap.decision canvas').toDataURL()), trained.picture,
        'the decision map, pixel for pixel');
      assert.doesNotMatch(fresh.url(), /dataset=circle/, 'the address holds the file\'s data set (the spiral, the default)');
      assert.match(fresh.url(), /layers=8,6/);
      // It trains on from there.
      await fresh.getByTestId('pg-step').click();
      await fresh.waitForFunction(() => document.querySelector('[data-testid=pg-step-count]')?.innerText === '1');

      await fresh.getByTestId('pg-import').setInputFiles({ name: 'notes.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model') });
      await fresh.getByTestId('pg-message').filter({ hasText: 'this file cannot be imported: not a safetensors file' }).waitFor();
      await fresh.waitForFunction(() => document.querySelector('[data-testid=pg-test-loss]')?.innerText !== '–');
      page.assertNoPageErrors(assert);
      fresh.assertNoPageErrors(assert);
    });

    test('on a phone-width screen the page does not scroll sideways and still trains', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${env.site.url}playground?backend=cpu&layers=8,8,8,8,8,8`);
      await engineReady(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
      const network = await page.getByTestId('pg-network').evaluate((box) => [box.scrollWidth, box.clientWidth]);
      assert.ok(network[0] > network[1], 'six layers scroll inside the network box');
      await page.getByTestId('pg-step').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=pg-step-count]')?.innerText === '1');
      page.assertNoPageErrors(assert);
    });

    test('a copied address restores every control and, on the CPU, the same losses', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}playground?backend=cpu`);
      await engineReady(page);
      await page.getByTestId('pg-dataset').selectOption({ label: 'circle' });
      await page.getByTestId('pg-feature-x1_squared').click();
      await page.getByTestId('pg-layer-plus').click();
      await page.getByTestId('pg-neurons-plus-0').click();
      await page.getByTestId('pg-lr').selectOption({ label: '0.1' });
      await page.getByTestId('pg-activation').selectOption({ label: 'relu' });
      await page.getByTestId('pg-activation-1').selectOption({ label: 'linear' });
      await page.getByTestId('pg-show-test').check();
      await page.getByTestId('pg-batch-norm').check();
      for (let step = 0; step < 5; step += 1) await page.getByTestId('pg-step').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=pg-step-count]')?.innerText === '5');
      const loss = await page.getByTestId('pg-train-loss').innerText();
      const address = page.url();
      assert.match(address, /dataset=circle/);
      assert.match(address, /layers=5,2,2/);
      assert.match(address, /activation=relu,linear,relu/);
      assert.match(address, /batch_norm=true/);

      const copy = await openPage(env.browser);
      await copy.goto(address);
      await engineReady(copy);
      assert.equal(await copy.getByTestId('pg-dataset').locator('option:checked').innerText(), 'circle');
      assert.equal(await copy.getByTestId('pg-lr').locator('option:checked').innerText(), '0.1');
      assert.equal(await copy.getByTestId('pg-activation').locator('option:checked').innerText(), 'relu');
      assert.equal(await copy.getByTestId('pg-activation-1').locator('option:checked').innerText(), 'linear');
      assert.equal(await copy.getByTestId('pg-feature-x1_squared').getAttribute('aria-pressed'), 'true');
      assert.ok(await copy.getByTestId('pg-show-test').isChecked());
      assert.ok(await copy.getByTestId('pg-batch-norm').isChecked());
      assert.equal(await copy.getByTestId('neuron-1-1').count(), 1);
      for (let step = 0; step < 5; step += 1) await copy.getByTestId('pg-step').click();
      await copy.waitForFunction(() => document.querySelector('[data-testid=pg-step-count]')?.innerText === '5');
      assert.equal(await copy.getByTestId('pg-train-loss').innerText(), loss);
      page.assertNoPageErrors(assert);
      copy.assertNoPageErrors(assert);
    });

    test('layers and neurons change while playing and paused; a weight is edited from the keyboard', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}playground?backend=cpu`);
      await engineReady(page);
      await page.getByTestId('pg-play').click();
      // From 4, 2 through 4, 2, 2 … down to no hidden layer and back to one of 3, all while playing.
      for (const id of ['pg-layer-plus', 'pg-neurons-plus-2', 'pg-neurons-minus-0', 'pg-layer-minus',
        'pg-layer-minus', 'pg-layer-minus', 'pg-layer-plus', 'pg-neurons-plus-0']) {
        await page.getByTestId(id).click();
        await page.waitForTimeout(150);
      }
      await page.waitForFunction(
        () => Number.parseInt(document.querySelector('[data-testid=pg-step-count]')?.innerText, 10) > 0);
      await page.getByTestId('pg-play').click();
      // Paused, at once: the reshaped network's new run stays paused too.
      await page.getByTestId('pg-layer-plus').click();
      await page.getByTestId('pg-neurons-minus-1').click();
      assert.equal(await page.getByTestId('pg-play').getAttribute('aria-pressed'), 'false');
      await page.waitForFunction(() => document.querySelector('[data-testid=pg-step-count]')?.innerText === '0');
      await page.waitForTimeout(500);
      assert.equal(await number(page, 'pg-step-count'), 0, 'the new run trained while paused');
      assert.equal(await page.getByTestId('neuron-1-0').count(), 1, 'hidden layers 3, 1');
      assert.equal(await page.getByTestId('neuron-1-1').count(), 0, 'hidden layers 3, 1');
      // The weight from input x₁ to the first neuron, from the keyboard.
      const link = page.getByTestId('link-0-0-0');
      await link.waitFor({ state: 'attached' });
      await link.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('pg-weight-editor').locator('input').fill('2.5');
      await page.getByTestId('pg-weight-editor').locator('button[type=submit]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid=link-0-0-0] title')?.textContent.startsWith('weight 2.500'));
      page.assertNoPageErrors(assert);
    });
  });
}
