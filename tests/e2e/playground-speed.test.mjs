// The playground's speed, side by side with TensorFlow Playground's own JavaScript network in
// the same headless Chromium: the default network (spiral, x₁ x₂ → 4 → 2 → 1 tanh, SGD 0.03,
// batch 10) must train faster on our CPU path than theirs does, with the decision heatmap
// redrawn at 10 frames/s or more. Prints both speeds and their ratio.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { engineReady, openPage, siteAndBrowser } from './harness.mjs';

const TIMEOUT_MS = 240_000;
const MEASURED_MS = 5_000;
const TF_PLAYGROUND_FILES = ['nn.js', 'dataset.js', 'bench.js'];

/** Loads TensorFlow Playground's network and its epoch loop into the page. */
async function loadTfPlayground(page) {
  for (const file of TF_PLAYGROUND_FILES) {
    const source = await readFile(new URL(`./tf-playground/${file}`, import.meta.url), 'utf8');
    await page.evaluate(source);
  }
}

/** Counts the decision heatmap's redraws (each is one `putImageData` on its canvas). */
function countHeatmapDraws() {
  window.heatmapDraws = [];
  const putImageData = CanvasRenderingContext2D.prototype.putImageData;
  CanvasRenderingContext2D.prototype.putImageData = function (...args) {
    if (this.canvas.closest('.heatmap.decision')) window.heatmapDraws.push(performance.now());
    return putImageData.apply(this, args);
  };
}


const stepCount = (page) => page.evaluate(
  () => Number.parseInt(document.querySelector('[data-testid=pg-step-count]').innerText, 10));

/** Plays the default network for `MEASURED_MS` after its first step and a one-second warm-up. */
async function measurePlayground(page) {
  await page.getByTestId('pg-play').click();
  await page.waitForFunction(
    () => Number.parseInt(document.querySelector('[data-testid=pg-step-count]')?.innerText, 10) > 0,
    null, { timeout: 120_000, polling: 100 });
  await page.waitForTimeout(1_000);
  const start = { steps: await stepCount(page), ms: await page.evaluate(() => performance.now()) };
  await page.waitForTimeout(MEASURED_MS);
  const end = { steps: await stepCount(page), ms: await page.evaluate(() => performance.now()) };
  await page.getByTestId('pg-play').click();
  const seconds = (end.ms - start.ms) / 1000;
  const draws = await page.evaluate(
    ([from, to]) => window.heatmapDraws.filter((at) => at >= from && at <= to).length,
    [start.ms, end.ms]);
  return { stepsPerSec: (end.steps - start.steps) / seconds, framesPerSec: draws / seconds };
}

for (const webgpu of [true, false]) {
  describe(`playground speed with WebGPU ${webgpu ? 'available' : 'unavailable'}`, () => {
    const env = siteAndBrowser({ webgpu });

    test('the default network trains faster on the CPU than TensorFlow Playground\'s JavaScript', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.addInitScript(countHeatmapDraws);
      await page.goto(`${env.site.url}playground?backend=cpu&dataset=spiral`);
      assert.equal(await engineReady(page), 'cpu');
      assert.match(await page.getByTestId('playground').innerText(), /2 hidden layers/);

      await loadTfPlayground(page);
      const theirs = await page.evaluate((ms) => window.tfPlaygroundBench(ms), MEASURED_MS);
      const ours = await measurePlayground(page);
      const ratio = ours.stepsPerSec / theirs.stepsPerSec;
      console.log(`# playground speed (default spiral network, CPU): ours ${ours.stepsPerSec.toFixed(0)} steps/s, `
        + `TensorFlow Playground JS ${theirs.stepsPerSec.toFixed(0)} steps/s (no UI), ratio ${ratio.toFixed(2)}; `
        + `decision heatmap ${ours.framesPerSec.toFixed(1)} frames/s`);
      assert.ok(ratio > 1, `ours ${ours.stepsPerSec} steps/s vs TensorFlow Playground ${theirs.stepsPerSec}`);
      assert.ok(ours.framesPerSec >= 10, `heatmap at ${ours.framesPerSec} frames/s`);
      page.assertNoPageErrors(assert);
    });

    if (webgpu) {
      test('the default network also trains on WebGPU (software adapter: speed printed, not judged)', { timeout: TIMEOUT_MS }, async () => {
        const page = await openPage(env.browser);
        await page.addInitScript(countHeatmapDraws);
        await page.goto(`${env.site.url}playground?backend=gpu&dataset=spiral`);
        assert.equal(await engineReady(page), 'webgpu');
        const ours = await measurePlayground(page);
        console.log(`# playground speed (default spiral network, WebGPU on SwiftShader): ${ours.stepsPerSec.toFixed(0)} steps/s; `
          + `decision heatmap ${ours.framesPerSec.toFixed(1)} frames/s`);
        assert.ok(ours.stepsPerSec > 0, 'no steps on WebGPU');
        page.assertNoPageErrors(assert);
      });
    }
  });
}
