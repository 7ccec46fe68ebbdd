// Live reload in Debian's headless chromium, against a running `tracker serve`.
//
//   node tests/browser/live.mjs <url> <site root>
//
// Opens the dashboard, then edits the site's files itself and watches the open tab:
//   1. a box ticked in content/tracker.md: the page reloads by itself (a marker set on the
//      old page is gone) and shows the new done count;
//   2. a broken note: the page does not reload and shows #tracker-error-overlay with the
//      note's file and line;
//   3. the note fixed: the page reloads and the overlay is gone.
// Prints one line per step; exits 1 with the reason on the first failure.

import { chromium } from 'playwright-core';
import { readFile, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';

const [url, root] = process.argv.slice(2);
if (!url || !root) {
  console.error('usage: node live.mjs <url> <site root>');
  process.exit(2);
}
const executablePath = process.env.TRACKER_CHROMIUM || '/usr/bin/chromium';
const STEP = 10_000;
const trackerPath = path.join(root, 'content', 'tracker.md');
const brokenPath = path.join(root, 'content', 'sessions', 'broken.md');

/// The tracker's text with its first unticked task box (below the first `###`) ticked.
function tickOne(text) {
  const start = text.indexOf('\n### ');
  const at = text.indexOf('- [ ]', start < 0 ? 0 : start);
  if (at < 0) throw new Error('no unticked box left');
  return text.slice(0, at) + '- [x]' + text.slice(at + 5);
}

async function progress() {
  const res = await fetch(new URL('/progress.json', url));
  return (await res.json()).progress;
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = false;
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body !== null);
  const before = await progress();
  const shows = (done, total) =>
    page.waitForFunction(
      ([d, t]) =>
        window.__trackerMarker === undefined &&
        new RegExp(`(^|\\D)${d}\\s+of\\s+${t}(\\D|$)`).test(document.body.innerText),
      [done, before.total],
      { timeout: STEP },
    );
  // The page shows the current count before anything changes.
  await shows(before.done, before.total);
  console.log(`opened ${url}: ${before.done} of ${before.total} done`);

  // 1. A tick: the tab reloads itself and shows the new count.
  await page.evaluate(() => { window.__trackerMarker = 1; });
  await writeFile(trackerPath, tickOne(await readFile(trackerPath, 'utf8')));
  try {
    await shows(before.done + 1, before.total);
  } catch (e) {
    throw new Error(`after ticking a box the page did not reload with ${before.done + 1} of ${before.total}: ${e.message}`);
  }
  console.log(`reloaded by itself: ${before.done + 1} of ${before.total} done`);

  // 2. A broken note: the overlay over the last good page, no reload.
  await page.evaluate(() => { window.__trackerMarker = 2; });
  await writeFile(brokenPath, '---\ntitle: "Broken"\ndate: 2026-02-30\n---\n');
  const overlay = page.locator('#tracker-error-overlay');
  try {
    await overlay.waitFor({ state: 'visible', timeout: STEP });
  } catch (e) {
    throw new Error(`after a broken save no visible #tracker-error-overlay appeared: ${e.message}`);
  }
  const text = await overlay.innerText();
  if (!text.includes('content/sessions/broken.md:3')) {
    throw new Error(`the overlay does not name the file and line: ${JSON.stringify(text)}`);
  }
  if ((await page.evaluate(() => window.__trackerMarker)) !== 2) {
    throw new Error('the page reloaded after a broken save instead of keeping the last good page');
  }
  if (!new RegExp(`${before.done + 1}\\s+of\\s+${before.total}`).test(await page.innerText('body'))) {
    throw new Error('the last good page is no longer shown under the overlay');
  }
  console.log(`overlay shown: ${JSON.stringify(text.split('\n').find((l) => l.includes('broken.md')))}`);

  // 3. The fix: reload, and the overlay is gone.
  await writeFile(brokenPath, '---\ntitle: "Fixed"\ndate: 2026-01-22\nduration: 10m\n---\n');
  try {
    await page.waitForFunction(
      () => window.__trackerMarker === undefined && document.readyState === 'complete',
      null,
      { timeout: STEP },
    );
    await overlay.waitFor({ state: 'detached', timeout: STEP });
  } catch (e) {
    throw new Error(`after the fix the page did not reload without the overlay: ${e.message}`);
  }
  console.log('fixed: reloaded, overlay gone');
} catch (e) {
  failed = true;
  console.error(String(e && e.message ? e.message : e));
} finally {
  await rm(brokenPath, { force: true }).catch(() => {});
  await browser.close();
}
process.exit(failed ? 1 : 0);
