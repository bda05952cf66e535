// The playground's device: the "Run on" switch restarts the engine on the CPU or the GPU and the
// address follows; left to choose, it passes over a software GPU; where WebGPU runs, an engine
// failure mid-run continues on the CPU and says so.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, siteAndBrowser } from './harness.mjs';

const TIMEOUT_MS = 240_000;

const backendIs = (page, id) => page.waitForFunction(
  (expected) => document.querySelector('[data-testid=pg-backend]')?.dataset.backend === expected,
  id, { timeout: 90_000 });

const stepsAbove = (page, count) => page.waitForFunction(
  (least) => Number.parseInt(document.querySelector('[data-testid=pg-step-count]')?.innerText, 10) > least,
  count, { timeout: 120_000, polling: 100 });

for (const webgpu of [true, false]) {
  describe(`playground backend with WebGPU ${webgpu ? 'available' : 'unavailable'}`, () => {
    const env = siteAndBrowser({ webgpu });

    test('the switch moves training between the GPU and the CPU; a failed GPU run goes on on the CPU', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}playground?dataset=xor&faults`);
      // Headless Chromium's only adapter is SwiftShader, a software GPU: "fastest" is the CPU.
      await backendIs(page, 'cpu');

      await page.getByTestId('pg-backend-choice').selectOption('cpu');
      await backendIs(page, 'cpu');
      assert.match(page.url(), /backend=cpu/);
      await page.getByTestId('pg-play').click();
      await stepsAbove(page, 1000);

      await page.getByTestId('pg-backend-choice').selectOption('gpu');
      await backendIs(page, webgpu ? 'webgpu' : 'cpu');
      assert.match(page.url(), /backend=gpu/);
      // Still playing, on the new device, from a fresh start.
      assert.equal(await page.getByTestId('pg-play').getAttribute('aria-pressed'), 'true');
      await stepsAbove(page, 0);
      if (!webgpu) {
        page.assertNoPageErrors(assert);
        return;
      }

      await page.getByTestId('pg-inject-panic').click();
      await page.getByTestId('pg-message').waitFor();
      assert.match(await page.getByTestId('pg-message').innerText(), /GPU run stopped .*continues on the CPU/);
      await backendIs(page, 'cpu');
      assert.equal(await page.getByTestId('pg-backend-choice').inputValue(), 'cpu');
      await stepsAbove(page, 1000);
      assert.match(page.url(), /backend=cpu/);
    });
  });
}
