// Measures the new-request screens in Debian's Chromium on the built UI, with the fake Rust side
// of browser-harness.mjs + preview-data.mjs answering at once (so these are the UI's own costs).
// Usage (from ui/): npm run build && node scripts/measure-forms.mjs
//  1. CSV preview: time from clicking "Choose a CSV file" until all 1,000 preview rows are drawn
//     (the fake backend answers at once, so this is the UI's own cost).
//  2. Autosave: typing a 40-character subject at 80 ms per key (a fast typist) — how many
//     saveDraft calls reach the backend (debounce 300 ms: expected 1).
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';
import { installPreviewData } from './preview-data.mjs';

/** Runs in the page: a 1,000-row CSV preview (every tenth row invalid) and a save counter. */
function extra() {
  const base = window.__TAURI_INTERNALS__.invoke;
  window.__saves = 0;
  window.__TAURI_INTERNALS__.invoke = async (cmd, args = {}) => {
    if (cmd === 'plugin:dialog|open') return '/home/anna/licences.csv';
    if (cmd === 'save_draft') window.__saves += 1;
    if (cmd === 'preview_licence_csv') {
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        line: i + 2,
        subject: `Licence: Lietotājs ${i}`,
        fields: { user_name: `Lietotājs ${i}`, user_email: i % 10 === 0 ? `user${i}@varam` : `user${i}@varam.gov.lv`, licence: 'microsoft_365_e3' },
        problems: i % 10 === 0 ? [{ field: 'user_email', lv: 'Nav derīga e-pasta adrese.', en: 'Not a valid e-mail address.' }] : [],
      }));
      return { requestTypeId: args.requestTypeId, columns: ['user_name', 'user_email', 'licence', 'purchase_needed', 'start_date'], rows, valid: 900, invalid: 100 };
    }
    return base(cmd, args);
  };
}

const server = await startPreview();
const browser = await launchBrowser();
try {
  const scenario = { serverUrl: 'https://pieteikumi.vraa.gov.lv', tokenStored: true, language: 'lv', theme: 'light' };
  const openBulk = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(installFakeBackend, scenario);
    await page.addInitScript(installPreviewData, scenario);
    await page.addInitScript(extra);
    await page.goto(`${server.url}#/new-request`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('[data-testid=service-email]');
    await page.click('[data-testid="request-type-email.licence_assign"]');
    await page.click('[data-testid=bulk-mode]');
    return page;
  };
  const timeDraw = (page) =>
    page.evaluate(async () => {
      const start = performance.now();
      document.querySelector('[data-testid=bulk-pick]').click();
      await new Promise((done) => {
        const check = () => (document.querySelectorAll('[data-testid=bulk-row]').length === 1000 ? done() : requestAnimationFrame(check));
        check();
      });
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return performance.now() - start;
    });
  const first = [];
  const again = [];
  let page;
  for (let run = 0; run < 5; run += 1) {
    if (page) await page.close();
    page = await openBulk();
    first.push(await timeDraw(page));
    again.push(await timeDraw(page));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[2].toFixed(0);
  const list = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
  console.log(`CSV preview, 1,000 rows, first draw after pick (fresh page): median ${median(first)} ms (runs: ${list(first)})`);
  console.log(`CSV preview, 1,000 rows, redraw after "check again": median ${median(again)} ms (runs: ${list(again)})`);

  await page.click('[data-testid=single-mode]');
  await page.evaluate(() => (window.__saves = 0));
  await page.type('[data-testid=field-subject]', 'Licence E3 jaunam darbiniekam no 1.12.', { delay: 80 });
  await page.waitForTimeout(800);
  const saves = await page.evaluate(() => window.__saves);
  console.log(`Autosave: 38 keystrokes at 80 ms → ${saves} saveDraft call(s)`);
} finally {
  await browser.close();
  await server.close();
}
