// The built site's wasm modules: the two UI programs (the site's pages, and the chapter pages'
// live parts) must be small and free of Burn, so that the first paint never waits for the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SITE_DIR } from './harness.mjs';

const UI_GZIP_LIMIT = 400 * 1024;

function wasm(prefix) {
  // `prefix_bg.wasm`, or with Trunk's hash: `prefix-0123456789abcdef_bg.wasm` (a 64-bit hash
  // in hex without leading zeros, so sometimes shorter).
  const pattern = new RegExp(`^${prefix}(-[0-9a-f]{1,16})?_bg\\.wasm$`);
  const name = readdirSync(SITE_DIR).find((file) => pattern.test(file));
  assert.ok(name, `no ${prefix}*_bg.wasm in ${SITE_DIR}`);
  const bytes = readFileSync(join(SITE_DIR, name));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  console.log(`# ${name}: ${(bytes.length / 1024).toFixed(0)} KiB raw, ${(gzip / 1024).toFixed(0)} KiB gzip`);
  return { bytes, gzip };
}

for (const program of ['ml-intro-app', 'ml-intro-chapter', 'ml-intro-chapter-networks', 'ml-intro-chapter-data', 'ml-intro-chapter-responsible']) {
  test(`the UI wasm ${program} is under 400 KB gzip and contains no Burn code`, () => {
    const ui = wasm(program);
    assert.ok(ui.gzip < UI_GZIP_LIMIT, `${program} wasm is ${ui.gzip} bytes gzip`);
    const text = ui.bytes.toString('latin1');
    for (const marker of ['burn-', 'burn_', 'cubecl']) {
      assert.ok(!text.includes(marker), `${program} wasm contains "${marker}"`);
    }
  });
}

test('the engine wasm holds Burn (the check above would notice it)', () => {
  const engine = wasm('ml-intro-worker');
  assert.ok(engine.bytes.toString('latin1').includes('burn'), 'engine wasm without Burn markers');
});
