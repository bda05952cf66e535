// The example scripts in content/scripts give the same outputs, text and numbers, in the
// browser's engine worker (on the CPU) and natively (`ml-intro script --json`). Only the
// training speed that progress reports carry may differ.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ML_INTRO_BIN, openPage, siteAndBrowser } from './harness.mjs';

const SCRIPTS = 'content/scripts';
const TIMEOUT_MS = 300_000;

/** An output without the fields no two runs share (how fast training went). */
function withoutTimings(output) {
  if (output.snapshot) {
    const { steps_per_sec: _steps, examples_per_sec: _examples, ...snapshot } = output.snapshot;
    return { ...output, snapshot };
  }
  return output;
}

/** Runs every script in a fresh worker of the page's own engine, one after another. */
function runInBrowser(page, sources) {
  return page.evaluate(async (all) => {
    const results = [];
    for (const source of all) {
      results.push(await new Promise((resolve) => {
        const worker = new Worker('/engine-loader.js?backend=cpu', { name: 'corpus' });
        const outputs = [];
        worker.onerror = (event) => resolve({ outputs, error: `worker error: ${event.message}` });
        worker.onmessage = (message) => {
          const event = JSON.parse(message.data);
          if (event.type === 'ready') {
            worker.postMessage(JSON.stringify({ type: 'run-script', job: 1, source }));
          } else if (event.type === 'script-output') {
            outputs.push(event.output);
          } else if (event.type === 'script-done') {
            worker.terminate();
            resolve({ outputs, error: event.error ?? null });
          }
        };
      }));
    }
    return results;
  }, sources);
}

describe('example scripts', () => {
  const env = siteAndBrowser({ webgpu: false });

  test('every example gives the same outputs in the browser and natively', { timeout: TIMEOUT_MS }, async () => {
    const files = readdirSync(SCRIPTS).filter((name) => name.endsWith('.rhai')).sort();
    assert.ok(files.length >= 30, `${files.length} example scripts`);
    const sources = files.map((name) => readFileSync(join(SCRIPTS, name), 'utf8'));
    const native = files.map((name) => execFileSync(ML_INTRO_BIN, ['script', '--json', join(SCRIPTS, name)],
      { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)));

    const page = await openPage(env.browser);
    await page.goto(env.site.url);
    const browser = await runInBrowser(page, sources);
    let numbers = 0;
    files.forEach((name, index) => {
      assert.equal(browser[index].error, null, `${name} failed in the browser`);
      assert.ok(native[index].length > 0, `${name} printed nothing natively`);
      const inBrowser = browser[index].outputs.map(withoutTimings);
      const natively = native[index].map(withoutTimings);
      const first = natively.findIndex((output, at) => JSON.stringify(output) !== JSON.stringify(inBrowser[at]));
      assert.equal(inBrowser.length, natively.length, `${name}: ${inBrowser.length} outputs in the browser, ${natively.length} natively`);
      assert.deepEqual(inBrowser[first], natively[first], `${name}: output ${first} differs`);
      numbers += JSON.stringify(native[index]).match(/-?\d+\.\d+/g)?.length ?? 0;
    });
    console.log(`${files.length} scripts, ${numbers} decimal numbers, identical in the browser and natively`);
    page.assertNoPageErrors(assert);
  });
});
