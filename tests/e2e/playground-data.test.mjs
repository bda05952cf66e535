// Bring your own data to the playground, with WebGPU on and off: a malformed file shows the
// engine's line/column error and the previous data stays; pasted points train.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, siteAndBrowser } from './harness.mjs';

const TIMEOUT_MS = 240_000;

/** Two separable clusters: label 0 around (1, 1), label 1 around (9, 9), in cm-like units. */
function clusters(count) {
  const rows = ['height,weight,label'];
  for (let index = 0; index < count; index += 1) {
    const label = index % 2;
    const wobble = ((index * 37) % 11) / 10;
    rows.push(`${1 + 8 * label + wobble},${1 + 8 * label + ((index * 53) % 7) / 7},${label}`);
  }
  return rows.join('\n');
}

const trainingPoints = (page) => page.locator('.heatmap.decision circle:not(.test-point)').count();

for (const webgpu of [true, false]) {
  describe(`playground data with WebGPU ${webgpu ? 'available' : 'unavailable'}`, () => {
    const env = siteAndBrowser({ webgpu });

    test('a malformed CSV is refused with its line and column, and pasted points train', { timeout: TIMEOUT_MS }, async () => {
      const page = await openPage(env.browser);
      await page.goto(`${env.site.url}playground?backend=cpu&dataset=circle`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid=pg-backend]')?.dataset.backend === 'cpu',
        null, { timeout: 90_000 });
      await page.waitForFunction(() => document.querySelectorAll('.heatmap.decision circle').length > 0);
      const generated = await trainingPoints(page);

      await page.getByTestId('pg-csv-file').setInputFiles({
        name: 'broken.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('x,y,label\n1,2,0\n3,oops,1\n5,6,0\n7,8,1\n'),
      });
      await page.getByTestId('pg-message').waitFor();
      const message = await page.getByTestId('pg-message').innerText();
      assert.match(message, /Your data was not used/);
      assert.match(message, /line 3, column 2/);
      assert.equal(await page.getByTestId('pg-csv-active').count(), 0, 'the broken data is not in use');
      await page.waitForFunction(
        (count) => document.querySelectorAll('.heatmap.decision circle:not(.test-point)').length === count,
        generated);
      // The page keeps working on the data it had.
      await page.getByTestId('pg-step').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=pg-step-count]')?.innerText === '1');

      await page.locator('.own-data summary').click();
      await page.getByTestId('pg-csv-text').fill(clusters(60));
      await page.getByTestId('pg-csv-use').click();
      await page.getByTestId('pg-csv-active').waitFor();
      await page.waitForFunction(
        () => document.querySelectorAll('.heatmap.decision circle:not(.test-point)').length === 30);
      await page.getByTestId('pg-play').click();
      await page.waitForFunction(
        () => Number.parseFloat(document.querySelector('[data-testid=pg-test-loss]')?.innerText) < 0.1,
        null, { timeout: 60_000, polling: 100 });
      await page.getByTestId('pg-play').click();

      await page.getByTestId('pg-csv-clear').click();
      await page.waitForFunction(
        (count) => document.querySelectorAll('.heatmap.decision circle:not(.test-point)').length === count,
        generated);
      page.assertNoPageErrors(assert);
    });
  });
}
