// Code cells: a visitor edits a script, runs it and sees its outputs; errors are marked where
// they are; endless loops, growth bombs and reaches outside the sandbox all stop cleanly, and
// the next run works.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, runCell, siteAndBrowser } from './harness.mjs';

const TIMEOUT_MS = 240_000;

/** Replaces the cell's script with `text` by typing into the editor. */
async function typeScript(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const outputText = (page) => page.getByTestId('cell-outputs').innerText();

describe('code cells', () => {
  const env = siteAndBrowser({ webgpu: false });

  test('the seeded cell trains, plots and prints; edits run, persist and reset', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(env.browser);
    await page.goto(`${env.site.url}chapters/neural-networks`);
    await page.locator('.cm-content').waitFor({ timeout: 60_000 });
    const status = await runCell(page);
    assert.equal(await status.getAttribute('data-state'), 'finished', await status.innerText());
    const text = await outputText(page);
    const accuracy = Number.parseFloat(text.match(/accuracy ([\d.]+)/)[1]);
    assert.ok(accuracy > 0.9, text);
    assert.ok(await page.locator('.cell-plot circle.positive').count() > 100, 'the scatter plot is drawn');
    assert.ok(await page.locator('.cell-outputs .loss-chart').count() === 1, 'training drew its loss curve');

    await typeScript(page, 'let total = 0;\nfor i in 1..=10 { total += i; }\nprint(`total ${total}`);\ntable([#{ n: 1, square: 1 }, #{ n: 2, square: 4 }]);');
    await runCell(page, { keyboard: true });
    assert.match(await outputText(page), /total 55/);
    assert.match(await page.locator('.cell-table').innerText(), /square[\s\S]*4/);

    // The seeded cell offers its experiment to the playground.
    await page.getByTestId('cell-reset').click();
    await runCell(page);
    const link = page.getByTestId('cell-playground-link');
    assert.match(await link.getAttribute('href'), /^\/playground\?.*dataset=xor.*layers=8,8/);
    await typeScript(page, 'let total = 0;\nfor i in 1..=10 { total += i; }\nprint(`total ${total}`);');

    await page.reload();
    await page.locator('.cm-content').waitFor();
    assert.match(await page.locator('.cm-content').innerText(), /total \+= i/, 'the edit is kept');
    await page.getByTestId('cell-reset').click();
    assert.match(await page.locator('.cm-content').innerText(), /experiment\("xor"\)/);
    page.assertNoPageErrors(assert);
  });

  test('a syntax error is marked at its line and column', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(env.browser);
    await page.goto(`${env.site.url}chapters/neural-networks`);
    await page.locator('.cm-content').waitFor({ timeout: 60_000 });
    await typeScript(page, 'let x = 1;\nlet y = (2 + ;\nprint(y);');
    const status = await runCell(page);
    assert.equal(await status.getAttribute('data-state'), 'failed');
    assert.equal(await status.getAttribute('data-line'), '2');
    assert.equal(await status.getAttribute('data-column'), '14');
    assert.match(await status.innerText(), /line 2, column 14/);
    // The editor marks the same place: the second line holds the error range.
    const marked = page.locator('.cm-line').nth(1).locator('.cm-lintRange-error');
    await marked.waitFor();
    assert.equal(await marked.innerText(), ';');
  });

  test('endless loops and growth bombs stop, and the next run works', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(env.browser);
    await page.goto(`${env.site.url}chapters/neural-networks`);
    await page.locator('.cm-content').waitFor({ timeout: 60_000 });
    // Warm the worker's code cache so the loop's timing is the loop's.
    await typeScript(page, 'print("warm");');
    await runCell(page);

    await typeScript(page, 'loop {}');
    const started = Date.now();
    const status = await runCell(page);
    const seconds = (Date.now() - started) / 1000;
    console.log(`# loop {} stopped after ${seconds.toFixed(2)} s (worker start included)`);
    assert.match(await status.innerText(), /too many operations/);
    assert.ok(seconds <= 1.5, `loop {} ran ${seconds} s`);

    for (const bomb of ['let s = "ab"; loop { s += s; }', 'let a = [1]; loop { a += a; }']) {
      await typeScript(page, bomb);
      const bombed = await runCell(page);
      assert.match(await bombed.innerText(), /over the limit|too many operations/, bomb);
    }

    await typeScript(page, 'print("still here");');
    await runCell(page);
    assert.equal(await page.getByTestId('cell-status').getAttribute('data-state'), 'finished');
    assert.match(await outputText(page), /still here/);
    page.assertNoPageErrors(assert);
  });

  test('twenty reaches outside the sandbox each fail cleanly', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(env.browser);
    await page.goto(`${env.site.url}chapters/neural-networks`);
    await page.locator('.cm-content').waitFor({ timeout: 60_000 });
    const probes = [
      'eval("1 + 1")', 'import "std" as std;', 'timestamp()', 'open_file("/etc/passwd")',
      'read_file("/etc/passwd")', 'write_file("x", "y")', 'File("/etc/passwd")', 'fs::read("x")',
      'http_get("http://example.com")', 'fetch("http://example.com")', 'WebSocket("ws://127.0.0.1:1")',
      'system("ls")', 'env("HOME")', 'sleep(10)', 'spawn("sh")', 'load("x.rhai")', 'require("x")',
      'Fn("eval").call("1")', 'localStorage()', 'postMessage("x")',
    ];
    for (const probe of probes) {
      await typeScript(page, probe);
      const status = await runCell(page);
      assert.equal(await status.getAttribute('data-state'), 'failed', probe);
      assert.equal(await page.getByTestId('cell-outputs').locator('pre').count(), 0, probe);
    }
    page.assertNoPageErrors(assert);
  });

  test('the Scripts page runs any example and lists the functions the engine registers', { timeout: TIMEOUT_MS }, async () => {
    const page = await openPage(env.browser);
    // From any page's header: the Scripts pages are static, built from content/scripts.
    await page.goto(`${env.site.url}playground`);
    await page.locator('header.site-header').getByRole('link', { name: 'Scripts', exact: true }).click();
    const examples = page.getByTestId('example-list').locator('li');
    await examples.first().waitFor({ timeout: 60_000 });
    assert.ok(await examples.count() >= 30, `${await examples.count()} examples`);
    await page.getByRole('link', { name: /first experiment/i }).click();
    await page.waitForFunction(
      () => /first experiment/i.test(document.querySelector('[data-testid=code-cell] h3')?.innerText ?? ''),
      null, { timeout: 10_000 });
    assert.match(page.url(), /\/scripts\/25-first-experiment\/$/);
    assert.equal(await page.getByTestId('example-list').locator('[aria-current=page]').innerText(), await page.locator('[data-testid=code-cell] h3').innerText());
    await page.locator('.cm-content').waitFor({ timeout: 60_000 });
    const status = await runCell(page);
    assert.equal(await status.getAttribute('data-state'), 'finished', await status.innerText());
    assert.ok(await page.locator('.cell-outputs .loss-chart').count() === 1, 'the example trained');

    const reference = page.getByTestId('script-reference');
    await reference.locator('[data-function=train]').waitFor({ timeout: 60_000 });
    for (const name of ['plot', 'scatter', 'heatmap', 'images', 'table', 'matmul', 'experiment', 'train', 'playground']) {
      assert.equal(await reference.locator(`[data-function=${name}]`).count(), 1, `${name} in the reference`);
    }
    assert.match(await reference.innerText(), /train\(_: map\) -> map/, 'signatures come from the engine');
    page.assertNoPageErrors(assert);
  });
});
