// Speed of the Requests screen in the built UI (headless Chromium, fake Rust side answering at
// once with a generated list of N requests, default 10,000):
//  - navigation: from the hash change to the first rows painted (issue target < 300 ms);
//  - search: from the last keystroke to the answer's rows painted (target < 100 ms);
//  - scrolling: the grid scrolled through the whole list frame by frame; frame times and the
//    number of frames over 1.5 × 16.7 ms (target: none dropped).
// The fake backend answers instantly, so these numbers are the UI's own share; the FTS query and
// IPC of the real app come on top (the lead measures those in the real app).
// Usage: npm run build && node scripts/measure-requests.mjs [N]
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';

const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.env.RUNS ?? 5);

/** Runs in the page: answers the request-list commands with `count` generated rows. */
function installManyRequests({ count }) {
  const base = window.__TAURI_INTERNALS__.invoke;
  const statuses = ['submitted', 'registered', 'assigned', 'in_progress', 'waiting_for_customer', 'resolved', 'closed', 'cancelled', 'reopened'];
  const slas = ['onTrack', 'atRisk', 'breached', 'paused', 'met', 'missed', null];
  const words = ['licence', 'pastkaste', 'DVS', 'surogātpasts', 'tiesības', 'kopija', 'integrācija', 'konsultācija'];
  const start = Date.UTC(2021, 0, 1);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `r-${i}`,
    reference: i % 97 === 0 ? null : `VRAA-${2021 + Math.floor(i / 2500)}-${String(i).padStart(5, '0')}`,
    serviceId: ['email', 'dvs', 'shared_components'][i % 3],
    requestTypeId: 'email.licence_assign',
    subject: `${words[i % words.length]} ${words[(i * 7) % words.length]} Nr. ${i}`,
    status: statuses[i % statuses.length],
    createdAt: new Date(start + i * 3_600_000 * 4).toISOString(),
    updatedAt: new Date(start + i * 3_600_000 * 4 + 7_200_000).toISOString(),
    sla: slas[i % slas.length],
    slaDueAt: i % 3 === 0 ? new Date(start + i * 3_600_000 * 5).toISOString() : null,
    unread: i % 11 === 0,
    pending: i % 97 === 0 ? 1 : 0,
  }));
  window.__TAURI_INTERNALS__.invoke = async (cmd, args = {}) => {
    switch (cmd) {
      case 'list_requests': {
        const search = args.query?.search?.toLowerCase();
        const matched = search ? rows.filter((r) => r.subject.toLowerCase().includes(search)) : rows;
        return { rows: matched, total: matched.length, unfilteredTotal: rows.length };
      }
      case 'get_catalogue':
        return { services: [], slaPolicies: [] };
      case 'list_saved_filters':
        return [];
      case 'get_connection':
        return { mode: 'server', serverUrl: 'https://pieteikumi.vraa.gov.lv', tokenStored: true, institution: null, userName: null };
      default:
        try {
          return await base(cmd, args);
        } catch {
          return null;
        }
    }
  };
}

const server = await startPreview();
const browser = await launchBrowser();
const navigation = [];
const search = [];
const frames = [];
const steps = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(installFakeBackend, { serverUrl: 'https://pieteikumi.vraa.gov.lv', tokenStored: true });
    await page.addInitScript(installManyRequests, { count });
    await page.goto(`${server.url}#/settings`);
    await page.waitForSelector('body[data-ready="true"]');

    // Navigation: hash change → first row painted (next animation frame after it exists).
    navigation.push(
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const started = performance.now();
            const check = () => {
              if (document.querySelector('[data-testid=request-row]')) {
                requestAnimationFrame(() => resolve(performance.now() - started));
              } else requestAnimationFrame(check);
            };
            window.location.hash = '#/requests';
            requestAnimationFrame(check);
          }),
      ),
    );

    // Search: type a text whose last keystroke narrows the list; time from that keystroke to
    // the last change of the row count painted (earlier answers may paint in between).
    const input = page.locator('[data-testid=request-search]');
    await input.focus();
    await page.evaluate(() => {
      window.__lastKey = 0;
      window.__changes = [];
      document.addEventListener('keydown', () => (window.__lastKey = performance.now()), true);
      const count = document.querySelector('[data-testid=request-count]');
      new MutationObserver(() => {
        requestAnimationFrame(() => window.__changes.push(performance.now()));
      }).observe(count, { childList: true, characterData: true, subtree: true });
    });
    await page.keyboard.type('Nr. 123', { delay: 40 });
    await page.waitForTimeout(600);
    search.push(await page.evaluate(() => Math.max(...window.__changes) - window.__lastKey));
    await input.fill('');
    await page.waitForFunction((n) => document.querySelector('[data-testid=request-count]')?.textContent?.includes(String(n)), count);

    // Scrolling: 600 frames from the top to the bottom of the list.
    frames.push(
      ...(await page.evaluate(
        () =>
          new Promise((resolve) => {
            const grid = document.querySelector('[data-testid=request-grid]');
            const steps = 600;
            const distance = grid.scrollHeight - grid.clientHeight;
            const times = [];
            let step = 0;
            let last = performance.now();
            const tick = (now) => {
              times.push(now - last);
              last = now;
              step += 1;
              grid.scrollTop = (distance * step) / steps;
              if (step < steps) requestAnimationFrame(tick);
              else resolve(times.slice(1));
            };
            requestAnimationFrame(tick);
          }),
      )),
    );
    // Work per scroll step (script + style + layout), independent of the frame clock: jump a
    // screenful, let Svelte flush (microtasks), force layout, time it.
    await page.evaluate(() => document.querySelector('[data-testid=request-grid]').scrollTo(0, 0));
    steps.push(
      ...(await page.evaluate(async () => {
        const grid = document.querySelector('[data-testid=request-grid]');
        const times = [];
        for (let i = 1; i <= 300; i++) {
          const started = performance.now();
          grid.scrollTop = i * grid.clientHeight;
          grid.dispatchEvent(new Event('scroll'));
          await Promise.resolve();
          await Promise.resolve();
          void grid.querySelector('[data-testid=request-row]')?.getBoundingClientRect();
          times.push(performance.now() - started);
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        return times;
      })),
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => sorted(values)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(1)} ms`;
const frameTimes = sorted(frames);
const dropped = frames.filter((f) => f > 25).length;
console.log(`Requests screen with ${count} rows, ${runs} runs (headless Chromium, instant fake backend):`);
console.log(`  navigation to first rows painted: median ${ms(median(navigation))}, max ${ms(Math.max(...navigation))}`);
console.log(`  search, last keystroke to rows painted: median ${ms(median(search))}, max ${ms(Math.max(...search))}`);
const stepTimes = sorted(steps);
console.log(
  `  update per scroll step (a screenful of new rows): median ${ms(median(steps))}, p95 ${ms(stepTimes[Math.floor(steps.length * 0.95)])}, max ${ms(stepTimes.at(-1))}`,
);
console.log(
  `  scrolling ${frames.length} frames: median ${ms(median(frames))}, p99 ${ms(frameTimes[Math.floor(frames.length * 0.99)])}, max ${ms(frameTimes.at(-1))}, frames > 25 ms: ${dropped}`,
);
