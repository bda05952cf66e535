// Shared set-up for the browser tests: a real `ml-intro serve` process and Debian's Chromium.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const SITE_DIR = process.env.SITE_DIR ?? 'dist';
export const ML_INTRO_BIN = process.env.ML_INTRO_BIN ?? 'target/debug/ml-intro';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts `ml-intro serve` on a free port; resolves once it prints its URL. */
export async function startSite(siteDir = SITE_DIR, extraArgs = []) {
  const port = await freePort();
  // The runner `serve` includes keeps its token and jobs in a folder of this test's own, not
  // in the user's, and never meets another test's runner there.
  const dataDir = mkdtempSync(join(tmpdir(), 'ml-intro-serve-'));
  const args = ['serve', '--port', String(port), '--site', siteDir, '--data-dir', dataDir, ...extraArgs];
  const child = spawn(ML_INTRO_BIN, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`ml-intro serve exited with ${code}: ${output}`)));
  });
  return { url, stop: () => child.kill() };
}

/**
 * Launches headless Chromium. With `webgpu`, the browser offers a (SwiftShader) WebGPU
 * adapter; without it, it offers none and the site must fall back to the CPU.
 */
export async function launchBrowser({ webgpu }) {
  const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'];
  if (webgpu) args.push('--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/**
 * Every Content-Security-Policy violation any watched page or frame reported during this test
 * file: the site sends a strict CSP (`ml-intro serve`), and none may be broken, so the file
 * fails at its end if any was.
 */
const cspViolations = [];
after(() => {
  if (cspViolations.length > 0) {
    throw new Error(`Content-Security-Policy violations during the tests:\n${cspViolations.join('\n')}`);
  }
});

/**
 * Records the CSP violations of `page` and of every frame in it: the browser's own console
 * report ("Refused to … violates the following Content Security Policy directive") and each
 * `securitypolicyviolation` event, which a script logs.
 */
export async function watchCsp(page) {
  const seen = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP violation/.test(text)) {
      const entry = `${message.location()?.url || page.url()}: ${text}`;
      seen.push(entry);
      cspViolations.push(entry);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || 'inline code'} in ${event.documentURI}`);
    });
  });
  return seen;
}

/**
 * Opens a page that records every uncaught error and CSP violation; call
 * `assertNoPageErrors` at the end.
 */
export async function openPage(browser) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  const violations = await watchCsp(page);
  page.assertNoPageErrors = (assert) => {
    assert.deepEqual(pageErrors.map(String), [], 'uncaught errors on the page');
    assert.deepEqual(violations, [], 'Content-Security-Policy violations on the page');
  };
  return page;
}

/** A copy of the built site without the named files, as a broken deployment would be. */
export function siteWithout(...missing) {
  const copy = mkdtempSync(join(tmpdir(), 'ml-intro-site-'));
  cpSync(SITE_DIR, copy, { recursive: true });
  for (const file of missing) rmSync(join(copy, file));
  return copy;
}

/**
 * Starts the site and a browser (with or without a WebGPU adapter) before the tests of the
 * enclosing `describe`, and stops them after. Returns `{ site, browser }`, filled in once the
 * tests run.
 */
export function siteAndBrowser({ webgpu }) {
  const env = { site: undefined, browser: undefined };
  before(async () => {
    env.site = await startSite();
    env.browser = await launchBrowser({ webgpu });
  });
  after(async () => {
    await env.browser?.close();
    env.site?.stop();
  });
  return env;
}

/** Waits for the playground's engine and returns the backend its badge names. */
export async function engineReady(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=pg-backend]')?.dataset.backend !== 'none',
    null, { timeout: 90_000 });
  return page.getByTestId('pg-backend').getAttribute('data-backend');
}

/** Runs the page's code cell and waits until it has finished or failed; returns its status. */
export async function runCell(page, { keyboard = false } = {}) {
  const status = page.getByTestId('cell-status');
  if (keyboard) {
    await page.locator('.cm-content').press('Control+Enter');
  } else {
    await page.getByTestId('cell-run').click();
  }
  await page.waitForFunction(
    () => ['finished', 'failed'].includes(document.querySelector('[data-testid=cell-status]')?.dataset.state),
    null, { timeout: 120_000, polling: 20 });
  return status;
}
