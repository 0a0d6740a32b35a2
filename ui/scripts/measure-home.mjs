// How fast the home screens show their data in the built UI (headless Chromium, the fake Rust
// side plus scripts/preview-data.mjs answering at once, so this is the UI's own cost):
//   - navigation start → Overview showing its SLA alerts (first load of the app);
//   - click on "Contract & SLA" → its availability tables drawn (3 services × 12 months);
//   - click on "Overview" → its sections back on screen.
// Usage: npm run build && node scripts/measure-home.mjs   (RUNS=15 by default)
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';
import { installPreviewData } from './preview-data.mjs';

const runs = Number(process.env.RUNS ?? 15);
const server = await startPreview();
const browser = await launchBrowser();
const results = { firstOverview: [], toContract: [], toOverview: [] };

/** Clicks `link` and resolves with the milliseconds until `selector` is in the DOM. */
function timeNavigation(page, link, selector) {
  return page.evaluate(
    ([link, selector]) =>
      new Promise((resolve) => {
        const start = performance.now();
        const done = () => {
          if (!document.querySelector(selector)) return false;
          observer.disconnect();
          resolve(performance.now() - start);
          return true;
        };
        const observer = new MutationObserver(done);
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector(link).click();
        done();
      }),
    [link, selector],
  );
}

try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const scenario = { language: 'lv', serverUrl: 'https://pieteikumi.vraa.gov.lv', tokenStored: true };
    await page.addInitScript(installFakeBackend, scenario);
    await page.addInitScript(installPreviewData, scenario);
    await page.goto(`${server.url}#/overview`);
    await page.waitForSelector('[data-testid=sla-alert]');
    results.firstOverview.push(await page.evaluate(() => performance.now()));
    results.toContract.push(await timeNavigation(page, '[data-testid=nav-contract]', '[data-testid=availability-table]'));
    results.toOverview.push(await timeNavigation(page, '[data-testid=nav-overview]', '[data-testid=sla-alert]'));
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const ms = (value) => `${value.toFixed(0)} ms`;
for (const [name, times] of Object.entries(results)) {
  times.sort((a, b) => a - b);
  console.log(
    `${name}: median ${ms(times[Math.floor(times.length / 2)])}, min ${ms(times[0])}, max ${ms(times[times.length - 1])} (${times.length} runs)`,
  );
}
