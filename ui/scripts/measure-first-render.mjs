// Time from navigation start to the UI's ready mark (`vraa-desk:ui-ready`, set right after
// `uiReady()`), for the built UI in headless Chromium with a fake Rust side that answers at once.
// This is the UI's own share of start-up; the app's process-start-to-ready is measured by the
// shell. Usage: npm run build && npm run measure:first-render
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';

const runs = Number(process.env.RUNS ?? 15);
const server = await startPreview();
const browser = await launchBrowser();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(installFakeBackend, {});
    await page.goto(`${server.url}#/overview`);
    await page.waitForSelector('body[data-ready="true"]');
    times.push(await page.evaluate(() => performance.getEntriesByName('vraa-desk:ui-ready')[0].startTime));
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
times.sort((a, b) => a - b);
const ms = (value) => `${value.toFixed(0)} ms`;
console.log(
  `first render to ready over ${runs} runs: min ${ms(times[0])}, median ${ms(times[Math.floor(runs / 2)])}, max ${ms(times[runs - 1])}`,
);
