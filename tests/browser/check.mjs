// Opens a built tracker site in Debian's headless chromium and checks what a person would see.
//
//   node tests/browser/check.mjs <site dir> <screenshot dir> [name]
//
// The site is served over a loopback HTTP server. The dashboard and one phase page are opened
// at desktop (1280) and phone (375) widths, in light and dark: the phase cards must render
// (a visible heading with each phase title), with no console errors, no failed requests, no
// horizontal scrolling, no dialog (alert) and no serious or critical axe-core violation (a 404
// of an image named in TRACKER_MISSING_IMAGES is expected, see below). Each view is saved as
// a screenshot. With JavaScript off, the cards must still be there. Exits 1 on any failure,
// listing every one.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { readFile, readdir, stat, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

const [siteDir, shotDir, name = path.basename(siteDir)] = process.argv.slice(2);
if (!siteDir || !shotDir) {
  console.error('usage: node check.mjs <site dir> <screenshot dir> [name]');
  process.exit(2);
}
const executablePath = process.env.TRACKER_CHROMIUM || '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/// A static file server for the site, on 127.0.0.1 only, like GitHub Pages: a folder serves
/// its index.html, a missing file the site's 404.html with status 404.
function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = path.join(root, rel);
      if (!file.startsWith(path.resolve(root))) throw new Error('outside');
      if (existsSync(file) && (await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(existsSync(notFound) ? await readFile(notFound) : 'not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/// The phases of progress.json, in document order.
function phasesOf(report) {
  const out = [];
  const walk = (nodes) => {
    for (const n of nodes) {
      if (n.kind === 'phase') out.push(n);
      walk(n.children || []);
    }
  };
  walk(report.sections);
  return out;
}

const report = JSON.parse(await readFile(path.join(siteDir, 'progress.json'), 'utf8'));
const phases = phasesOf(report);
const phaseDirs = existsSync(path.join(siteDir, 'phases'))
  ? (await readdir(path.join(siteDir, 'phases'))).sort()
  : [];
// Images the site's notes point to that the site does not hold (TRACKER_MISSING_IMAGES, file
// names separated by commas): a note's `<img src=x>` is kept, inert, as GitHub keeps it, and
// the learner's broken image is not the site's failure. Any other failed request still is.
const missingImages = (process.env.TRACKER_MISSING_IMAGES || '').split(',').filter(Boolean);
const aMissingImage = (url) => {
  try {
    return missingImages.includes(new URL(url).pathname.split('/').pop());
  } catch {
    return false;
  }
};
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`FAIL ${what}`);
};

await mkdir(shotDir, { recursive: true });
const server = await serve(siteDir);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const pages = [{ key: 'index', url: '/', titles: phases.map((p) => p.title), h1: null }];
if (phases.length > 0) {
  if (phaseDirs.length === 0) fail(`${name}: no phases/ folder in the site`);
  else pages.push({ key: 'phase', url: `/phases/${phaseDirs[0]}/`, titles: [], h1: phases[0].title });
}
const viewports = [
  { key: 'desktop', width: 1280, height: 900 },
  { key: 'phone', width: 375, height: 812, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
];

try {
  for (const page of pages) {
    for (const vp of viewports) {
      for (const scheme of ['light', 'dark']) {
        const view = `${name} ${page.key} ${vp.key} ${scheme}`;
        const context = await browser.newContext({
          viewport: { width: vp.width, height: vp.height },
          deviceScaleFactor: vp.deviceScaleFactor || 1,
          isMobile: !!vp.isMobile,
          hasTouch: !!vp.hasTouch,
          colorScheme: scheme,
          reducedMotion: 'reduce',
        });
        const tab = await context.newPage();
        const errors = [];
        tab.on('console', (m) => {
          if (m.type() === 'error' && !aMissingImage(m.location()?.url || '')) {
            errors.push(`console error: ${m.text()}`);
          }
        });
        tab.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
        tab.on('dialog', async (d) => {
          errors.push(`a ${d.type()} dialog opened (code ran): ${d.message()}`);
          await d.dismiss();
        });
        tab.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
        tab.on('response', (r) => {
          const expected = r.status() === 404 && r.request().resourceType() === 'image' && aMissingImage(r.url());
          if (r.status() >= 400 && !expected) errors.push(`HTTP ${r.status()}: ${r.url()}`);
        });
        await tab.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        const response = await tab.goto(origin + page.url, { waitUntil: 'load' });
        if (!response || response.status() !== 200) fail(`${view}: ${page.url} answered ${response?.status()}`);
        await tab.evaluate(() => document.fonts.ready);

        // The phase cards render: a visible heading with each phase title.
        for (const title of page.titles) {
          const heading = tab.locator('h1, h2, h3, h4, h5, h6', { hasText: title });
          if ((await heading.count()) === 0 || !(await heading.first().isVisible())) {
            fail(`${view}: no visible heading with the phase title "${title}"`);
          }
        }
        if (page.titles.length > 0) {
          const bars = await tab.locator('progress, [role=progressbar]').count();
          if (bars < page.titles.length + 1) fail(`${view}: ${bars} progress bars for ${page.titles.length} phases`);
        }
        if (page.h1) {
          const h1 = tab.locator('h1', { hasText: page.h1 });
          if ((await h1.count()) === 0 || !(await h1.first().isVisible())) {
            fail(`${view}: no visible h1 with "${page.h1}"`);
          }
        }

        // No horizontal scrolling.
        const widths = await tab.evaluate(() => ({
          scroll: document.scrollingElement.scrollWidth,
          inner: window.innerWidth,
        }));
        if (widths.scroll > widths.inner || widths.scroll > vp.width) {
          const wide = await tab.evaluate((width) =>
            [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > Math.min(window.innerWidth, width) + 0.5)
              .slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(e.getBoundingClientRect().right)})`),
            vp.width,
          );
          fail(`${view}: scrolls sideways: scrollWidth ${widths.scroll}, innerWidth ${widths.inner}, viewport ${vp.width}; too wide: ${wide.join(', ')}`);
        }

        // axe-core: no serious or critical violation.
        await tab.evaluate(axeSource);
        const results = await tab.evaluate(() =>
          window.axe.run(document, { resultTypes: ['violations'] }),
        );
        for (const v of results.violations) {
          if (v.impact !== 'serious' && v.impact !== 'critical') continue;
          const nodes = v.nodes
            .slice(0, 5)
            .map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`)
            .join('\n');
          fail(`${view}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} elements)\n${nodes}`);
        }

        for (const e of errors) fail(`${view}: ${e}`);
        const shot = path.join(shotDir, `${name}-${page.key}-${vp.key}-${scheme}.png`);
        await tab.screenshot({ path: shot, fullPage: true });
        console.log(`ok   ${view} (${shot})`);
        await context.close();
      }
    }
  }

  // Readable with JavaScript off: the cards are in the HTML itself.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  await tab.goto(origin + '/', { waitUntil: 'load' });
  for (const title of phases.map((p) => p.title)) {
    const heading = tab.locator('h1, h2, h3, h4, h5, h6', { hasText: title });
    if ((await heading.count()) === 0 || !(await heading.first().isVisible())) {
      fail(`${name} index without JavaScript: no visible heading "${title}"`);
    }
  }
  console.log(`ok   ${name} index without JavaScript`);
  await context.close();
} finally {
  await browser.close();
  server.close();
}

if (failures.length > 0) {
  console.log(`\n${failures.length} problem(s) in ${name}:`);
  for (const f of failures) console.log(`- ${f}`);
  process.exit(1);
}
console.log(`${name}: every view passed`);
