// Measures the new-request screens in Debian's Chromium on the built UI, with the fake Rust side
// of browser-harness.mjs + preview-data.mjs answering at once (so these are the UI's own costs).
// Usage (from ui/): npm run build && node scripts/measure-forms.mjs
//  1. CSV preview (1,000 rows, or ROWS): time from clicking "Choose a CSV file" until the counts
//     and first rows are painted, until every row is drawn (big files fill in frame by frame),
//     and for "Check again" on the same file.
//  2. Autosave: typing a 40-character subject at 80 ms per key (a fast typist) — how many
//     saveDraft calls reach the backend (debounce 300 ms: expected 1).
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';
import { installPreviewData } from './preview-data.mjs';

/** Rows in the CSV preview (desk-core accepts at most 5,000): `ROWS=5000 node scripts/measure-forms.mjs`. */
const ROWS = Number(process.env.ROWS ?? 1000);

/** Runs in the page: a CSV preview of `rowCount` rows (every tenth row invalid) and a save counter. */
function extra(rowCount) {
  window.__rows = rowCount;
  const base = window.__TAURI_INTERNALS__.invoke;
  window.__saves = 0;
  window.__TAURI_INTERNALS__.invoke = async (cmd, args = {}) => {
    if (cmd === 'plugin:dialog|open') return '/home/anna/licences.csv';
    if (cmd === 'save_draft') window.__saves += 1;
    if (cmd === 'preview_licence_csv') {
      const rows = Array.from({ length: window.__rows }, (_, i) => ({
        line: i + 2,
        subject: `Licence: Lietotājs ${i}`,
        fields: { user_name: `Lietotājs ${i}`, user_email: i % 10 === 0 ? `user${i}@varam` : `user${i}@varam.gov.lv`, licence: 'microsoft_365_e3' },
        problems: i % 10 === 0 ? [{ field: 'user_email', lv: 'Nav derīga e-pasta adrese.', en: 'Not a valid e-mail address.' }] : [],
      }));
      return { requestTypeId: args.requestTypeId, columns: ['user_name', 'user_email', 'licence', 'purchase_needed', 'start_date'], rows, valid: rows.length - Math.ceil(rows.length / 10), invalid: Math.ceil(rows.length / 10) };
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
    await page.addInitScript(extra, ROWS);
    await page.goto(`${server.url}#/new-request`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('[data-testid=service-email]');
    await page.click('[data-testid="request-type-email.licence_assign"]');
    await page.click('[data-testid=bulk-mode]');
    return page;
  };
  /** [ms until the counts and the first rows are painted, ms until every row is]. */
  const timeDraw = (page, button) =>
    page.evaluate(async (button) => {
      const start = performance.now();
      const rows = () => document.querySelectorAll('[data-testid=bulk-row]').length;
      const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      document.querySelector(`[data-testid=${button}]`).click();
      await new Promise((done) => {
        const check = () => (rows() > 0 ? done() : requestAnimationFrame(check));
        check();
      });
      await frames();
      const firstRows = performance.now() - start;
      await new Promise((done) => {
        const check = () => (rows() === window.__rows ? done() : requestAnimationFrame(check));
        check();
      });
      await frames();
      return [firstRows, performance.now() - start];
    }, button);
  const first = [];
  const all = [];
  const again = [];
  let page;
  for (let run = 0; run < 5; run += 1) {
    if (page) await page.close();
    page = await openBulk();
    const [firstRows, allRows] = await timeDraw(page, 'bulk-pick');
    first.push(firstRows);
    all.push(allRows);
    again.push((await timeDraw(page, 'bulk-recheck'))[1]);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[2].toFixed(0);
  const list = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
  console.log(`CSV preview, ${ROWS} rows, counts and first rows painted after pick (fresh page): median ${median(first)} ms (runs: ${list(first)})`);
  console.log(`CSV preview, ${ROWS} rows, all rows drawn after pick (fresh page): median ${median(all)} ms (runs: ${list(all)})`);
  console.log(`CSV preview, ${ROWS} rows, redraw after "check again": median ${median(again)} ms (runs: ${list(again)})`);

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
