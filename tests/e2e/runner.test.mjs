// The page and a local runner: a runner started by the test (on its own port, as for a public
// site), paired from the link it prints, trains the playground; a wrong token, a bad link and
// a runner that goes away are each explained on the page.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ML_INTRO_BIN, freePort, launchBrowser, openPage, runCell, startSite } from './harness.mjs';

const TIMEOUT_MS = 240_000;

/**
 * Starts `ml-intro runner` for `siteOrigin`; resolves with its pairing link once printed. It
 * checkpoints (and so reports) every 1,000 steps, the playground's snapshot cadence.
 */
async function startRunner(siteOrigin, port) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ml-intro-runner-'));
  const child = spawn(ML_INTRO_BIN, ['runner', '--port', String(port), '--site', siteOrigin,
    '--data-dir', dataDir, '--device', 'cpu', '--checkpoint-every', '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const link = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/pair a page with (\S+)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`ml-intro runner exited with ${code}: ${output}`)));
  });
  const stopped = new Promise((resolve) => child.on('exit', resolve));
  return { link, stop: () => { child.kill(); return stopped; } };
}

/**
 * A TCP relay to the runner's port that the test can cut, as a network drop would, without
 * stopping the runner. It rewrites the Host of the WebSocket upgrade to the runner's own,
 * which the runner's guard insists on.
 */
async function startRelay(runnerPort) {
  const sockets = new Set();
  const server = createServer((page) => {
    const runner = connect(runnerPort, '127.0.0.1');
    sockets.add(page).add(runner);
    let first = true;
    page.on('data', (chunk) => {
      if (first) {
        first = false;
        const request = chunk.toString('latin1')
          .replace(/^Host: 127\.0\.0\.1:\d+/mi, `Host: 127.0.0.1:${runnerPort}`);
        chunk = Buffer.from(request, 'latin1');
      }
      runner.write(chunk);
    });
    runner.pipe(page);
    const close = () => { page.destroy(); runner.destroy(); sockets.delete(page); sockets.delete(runner); };
    for (const socket of [page, runner]) {
      socket.on('close', close);
      socket.on('error', close);
    }
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    cut: () => { for (const socket of sockets) socket.destroy(); },
    stop: () => { for (const socket of sockets) socket.destroy(); server.close(); },
  };
}

/** The x coordinates of the playground's training-loss line, one per snapshot drawn. */
const lossLineXs = (page) => page.locator('.loss-line:not(.second)').evaluate(
  (line) => line.getAttribute('points').trim().split(/\s+/).filter(Boolean).map((p) => Number.parseFloat(p)));

const runnerState = (page, state) => page.waitForFunction(
  (expected) => document.querySelector('[data-testid=runner-status]')?.dataset.state === expected,
  state, { timeout: 60_000 });

const stepsAbove = (page, count) => page.waitForFunction(
  (least) => Number.parseInt(document.querySelector('[data-testid=pg-step-count]')?.innerText, 10) > least,
  count, { timeout: 120_000, polling: 100 });

describe('local runner', () => {
  let site;
  let browser;
  let runner;
  let runnerPort;
  before(async () => {
    // The site without a runner of its own: the page must reach the test's runner on another
    // port, as a public site would.
    site = await startSite(undefined, ['--no-runner']);
    runnerPort = await freePort();
    runner = await startRunner(new URL(site.url).origin, runnerPort);
    browser = await launchBrowser({ webgpu: false });
  });
  after(async () => {
    await browser?.close();
    await runner?.stop();
    site?.stop();
  });

  test('the page pairs from the link and trains the playground on the runner', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(browser);
    await page.goto(runner.link);
    await runnerState(page, 'connected');
    assert.match(await page.getByTestId('runner-status').innerText(), /Connected · training on CPU/);
    assert.doesNotMatch(page.url(), /token/, 'the token is taken out of the address');

    // A fresh load remembers the pairing; the runner's snapshots drive the playground.
    await page.goto(`${site.url}playground?dataset=xor&backend=runner`);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=pg-backend]')?.dataset.backend === 'runner',
      null, { timeout: 60_000 });
    assert.match(await page.getByTestId('pg-backend').innerText(), /local runner: CPU/);
    assert.equal(await page.getByTestId('pg-step').isDisabled(), true);
    await page.getByTestId('pg-play').click();
    await stepsAbove(page, 5000);
    await page.waitForFunction(
      () => Number.parseFloat(document.querySelector('[data-testid=pg-test-loss]')?.innerText) < 0.1,
      null, { timeout: 120_000, polling: 200 });
    const heatmapDrawn = await page.locator('.heatmap.decision canvas').evaluate((canvas) => {
      if (canvas.width < 2) return false;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, index) => index % 4 !== 3 && value !== 0);
    });
    assert.ok(heatmapDrawn, 'the runner-trained heatmap is drawn');

    // Pause stops the runner's job; the picture stays.
    await page.getByTestId('pg-play').click();
    assert.equal(await page.getByTestId('pg-play').getAttribute('aria-pressed'), 'false');
    const stepAtPause = await page.getByTestId('pg-step-count').innerText();
    await page.waitForTimeout(1000);
    assert.equal(await page.getByTestId('pg-step-count').innerText(), stepAtPause);

    // The chapter's XOR widget trains there too, and stops at its target loss.
    await page.goto(`${site.url}chapters/neural-networks`);
    await page.getByTestId('xor-run-on').selectOption('runner');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=xor-backend]')?.dataset.backend === 'runner',
      null, { timeout: 60_000 });
    await page.getByTestId('xor-train').click();
    await page.getByTestId('xor-outcome').waitFor({ timeout: 120_000 });
    const outcome = await page.getByTestId('xor-outcome').innerText();
    const xorLoss = Number.parseFloat(await page.getByTestId('xor-loss').innerText());
    assert.ok(/Learned/.test(outcome) ? xorLoss < 0.01 : /step limit/.test(outcome), outcome);
    assert.ok(xorLoss < 0.05, `XOR loss ${xorLoss} on the runner`);

    await page.goto(`${site.url}connect`);
    await runnerState(page, 'connected');
    await page.getByTestId('runner-jobs').waitFor();
    assert.match(await page.getByTestId('runner-jobs').innerText(), /xor.*(cancelled|finished)/is);
    page.assertNoPageErrors(assert);
  });

  test('a code cell runs on the runner and shows what it shows in the browser', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(browser);
    await page.goto(runner.link);
    await runnerState(page, 'connected');
    await page.goto(`${site.url}chapters/neural-networks`);
    await page.locator('.cm-content').waitFor({ timeout: 60_000 });
    const outputs = page.getByTestId('cell-outputs');
    let status = await runCell(page);
    assert.equal(await status.getAttribute('data-state'), 'finished', await status.innerText());
    const inBrowser = await outputs.innerHTML();

    await page.getByTestId('cell-run-on').selectOption('runner');
    status = await runCell(page);
    assert.equal(await status.getAttribute('data-state'), 'finished', await status.innerText());
    assert.match(await outputs.innerText(), /accuracy/);
    assert.equal(await outputs.innerHTML(), inBrowser, 'the same outputs on the runner');

    // A runtime error on the runner is marked where it is, as in the browser.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('print("one");\nprint(sum(1));');
    status = await runCell(page);
    assert.equal(await status.getAttribute('data-state'), 'failed');
    assert.equal(await status.getAttribute('data-line'), '2');
    assert.match(await outputs.innerText(), /one/);
    page.assertNoPageErrors(assert);
  });

  test('the AutoML widget trains its trials on the runner and finds what the browser finds', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(browser);
    await page.goto(runner.link);
    await runnerState(page, 'connected');
    await page.goto(`${site.url}chapters/automl`);
    const search = async () => {
      await page.getByTestId('automl-run').click();
      await page.getByTestId('automl-outcome').waitFor({ timeout: 300_000 });
      return [await page.getByTestId('automl-outcome').innerText(), await page.getByTestId('automl-leader').allInnerTexts()];
    };
    const inBrowser = await search();
    await page.getByTestId('automl-run-on').selectOption('runner');
    const onRunner = await search();
    assert.deepEqual(onRunner, inBrowser, 'the same trials, losses and winner on the runner');
    await page.goto(`${site.url}connect`);
    await page.getByTestId('runner-jobs').waitFor();
    assert.ok((await page.getByTestId('runner-jobs').innerText()).match(/finished/g).length >= 44, 'every trial was a runner job');
    page.assertNoPageErrors(assert);
  });

  test('a run on the runner is recorded there and compares with the same run in the browser', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(browser);
    await page.goto(runner.link);
    await runnerState(page, 'connected');
    await page.goto(`${site.url}chapters/mlops/`);
    const rows = page.getByTestId('runs-row');
    await page.getByTestId('runs-train').click();
    await page.locator('[data-testid=runs-row][data-place=browser]').waitFor({ timeout: 120_000 });
    await page.getByTestId('runs-run-on').selectOption('runner');
    await page.getByTestId('runs-train').click();
    // Newest first: a runner run above the browser's is the one just trained.
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=runs-row]')?.dataset.place === 'runner',
    null, { timeout: 120_000 });
    const newest = rows.first();
    assert.match(await newest.innerText(), /runner · CPU.*mlp on spiral\s+3000\b/is);
    await newest.getByTestId('runs-choose').check();
    await page.locator('[data-testid=runs-row][data-place=browser]').getByTestId('runs-choose').check();
    await page.getByTestId('runs-same-spec').waitFor();
    const metric = async (name) => page.locator(`[data-testid=runs-metric][data-metric="${name}"] td`).allInnerTexts();
    const [onRunner, inBrowser] = await metric('where');
    assert.match(onRunner, /^runner · /);
    assert.match(inBrowser, /^browser · /);
    for (const name of ['steps', 'train loss', 'test loss', 'accuracy']) {
      const [runnerValue, browserValue] = await metric(name);
      assert.equal(runnerValue, browserValue, `${name}: the same spec on the CPU gives the same run`);
    }
    // The runner keeps its records: a fresh browser profile paired with it still lists the run.
    const fresh = await openPage(browser);
    await fresh.goto(runner.link);
    await runnerState(fresh, 'connected');
    await fresh.goto(`${site.url}chapters/mlops/`);
    const id = await newest.getAttribute('data-id');
    await fresh.locator(`[data-testid=runs-row][data-id="${id}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await fresh.locator('[data-testid=runs-row][data-place=browser]').count(), 0);
    page.assertNoPageErrors(assert);
    fresh.assertNoPageErrors(assert);
  });

  test('a dropped connection is re-established and the page gets every snapshot exactly once', { timeout: TIMEOUT_MS }, async () => {
    const relay = await startRelay(runnerPort);
    try {
      const token = new URL(runner.link).hash.match(/token=(\w+)/)[1];
      const page = await openPage(browser);
      await page.goto(`${site.url}connect#port=${relay.port}&token=${token}`);
      await runnerState(page, 'connected');
      await page.goto(`${site.url}playground?dataset=spiral&backend=runner`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid=pg-backend]')?.dataset.backend === 'runner',
        null, { timeout: 60_000 });
      await page.getByTestId('pg-play').click();
      await stepsAbove(page, 10_000);

      relay.cut();
      const stepAtCut = Number.parseInt(await page.getByTestId('pg-step-count').innerText(), 10);
      console.log(`# connection cut at step ${stepAtCut} of 200000`);
      assert.ok(stepAtCut < 200_000, 'the connection drops mid-job');
      await page.waitForFunction(
        () => /local runner not connected/.test(document.querySelector('[data-testid=pg-backend]')?.innerText),
        null, { timeout: 30_000, polling: 50 });
      await page.waitForFunction(
        () => document.querySelector('[data-testid=pg-backend]')?.dataset.backend === 'runner',
        null, { timeout: 30_000 });
      // The job went on meanwhile; the page re-attached from its last snapshot.
      await page.getByTestId('pg-message').filter({ hasText: 'Finished 200000 steps' })
        .waitFor({ timeout: 180_000 });
      const xs = await lossLineXs(page);
      assert.equal(xs.length, 200, 'one point per snapshot: steps 1000, 2000 … 200000');
      assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]), 'no snapshot twice, in step order');
      assert.equal(await page.getByTestId('pg-step-count').innerText(), '200000');
      page.assertNoPageErrors(assert);
    } finally {
      relay.stop();
    }
  });

  test('a wrong token, a bad link and a runner that goes away are explained', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(browser);
    await page.goto(`${site.url}connect#port=${runnerPort}&token=${'0'.repeat(64)}`);
    await runnerState(page, 'refused');
    assert.match(await page.getByTestId('runner-status').innerText(), /refused this page: .*token/i);

    await page.getByTestId('runner-link').fill('http://127.0.0.1:8080/connect#port=8790');
    await page.getByTestId('runner-connect').click();
    assert.match(await page.getByTestId('runner-problem').innerText(), /no port and token/);

    await page.getByTestId('runner-link').fill(runner.link);
    await page.getByTestId('runner-connect').click();
    await runnerState(page, 'connected');

    // The runner stops: the page says so and keeps trying, with growing waits.
    await runner.stop();
    runner = undefined;
    await runnerState(page, 'waiting');
    assert.match(await page.getByTestId('runner-status').innerText(), /Not connected: .*Trying again in \d+ s/);
    await page.waitForFunction(
      () => /Trying again in ([2-9]|\d\d) s/.test(document.querySelector('[data-testid=runner-status]')?.innerText),
      null, { timeout: 30_000 });

    await page.getByTestId('runner-forget').click();
    await runnerState(page, 'not-paired');
    await page.goto(`${site.url}playground?backend=runner`);
    await page.getByTestId('pg-runner-connect').waitFor();
    page.assertNoPageErrors(assert);
  });
});
