// Screenshots of every screen of the built UI (run `npm run build` first), in Latvian and
// English, light and dark, with realistic data (scripts/preview-data.mjs answers the commands the
// way the Rust side does), plus the first start, the demo banner, the database-problem screen and
// error states.
// Usage: npm run screenshots -- [output dir]   (default: ../target/screenshots)
//        ONLY=<regular expression> takes only the pictures whose names match (e.g. ONLY=calendar).
// Every picture goes to the output directory; the Latvian light and English dark set is also
// copied to ../docs/screenshots for the documentation.
// Fails when the page logs an error (a CSP violation included).
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';
import { installPreviewData } from './preview-data.mjs';

const outDir = resolve(process.argv[2] ?? '../target/screenshots');
const docsDir = resolve('../docs/screenshots');
mkdirSync(outDir, { recursive: true });
mkdirSync(docsDir, { recursive: true });

/** [file name, URL hash, what must be on screen before the picture is taken] */
const screens = [
  ['first-start', '#/overview', '[data-testid=first-start]', { connection: 'notConfigured' }],
  ['overview', '#/overview', '[data-testid=sla-alert]'],
  ['requests', '#/requests', null],
  ['request-detail', '#/requests/r-00410', null],
  ['new-request', '#/new-request', null],
  ['new-request-draft', '#/new-request/d-1', null],
  ['drafts', '#/drafts', null],
  ['outbox', '#/outbox', null],
  ['contract', '#/contract', '[data-testid=availability-table]'],
  ['settings', '#/settings', '[data-testid=connection-mode-state]'],
];
const connected = { serverUrl: 'https://pieteikumi.vraa.gov.lv', tokenStored: true };
const server = await startPreview();
const browser = await launchBrowser();
const problems = [];

const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;

async function shoot(name, scenario, hash, act) {
  if (only && !only.test(name)) return false;
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scenario.colorScheme ?? 'light' });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${name}: ${error.message}`));
  await page.addInitScript(installFakeBackend, scenario);
  await page.addInitScript(installPreviewData, scenario);
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  if (act) await act(page);
  // Let the screens' first loads (several IPC answers) settle.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150);
  // The frame scrolls inside its content area; grow the window to the content so the picture
  // shows the whole screen.
  const height = await page.evaluate(() => {
    const content = document.querySelector('.content');
    return content ? content.scrollHeight + content.getBoundingClientRect().top : document.body.scrollHeight;
  });
  await page.setViewportSize({ width: 1280, height: Math.min(6000, Math.max(800, Math.ceil(height))) });
  // Two animation frames, so the picture shows the last redraw.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  await page.close();
  return true;
}

try {
  for (const language of ['lv', 'en']) {
    for (const theme of ['light', 'dark']) {
      for (const [name, hash, ready, extra] of screens) {
        const file = `${name}-${language}-${theme}`;
        const taken = await shoot(file, { ...connected, language, theme, colorScheme: theme, ...extra }, hash, async (page) => {
          if (ready) await page.waitForSelector(ready, { timeout: 5000 });
        });
        if (taken && ((language === 'lv' && theme === 'light') || (language === 'en' && theme === 'dark'))) {
          copyFileSync(`${outDir}/${file}.png`, `${docsDir}/${file}.png`);
        }
      }
    }
  }
  await shoot('demo-overview-lv-light', { ...connected, language: 'lv', connection: 'demo' }, '#/overview', async (page) => {
    await page.waitForSelector('[data-testid=demo-banner]');
  });
  await shoot('demo-overview-en-dark', { ...connected, language: 'en', theme: 'dark', colorScheme: 'dark', connection: 'demo' }, '#/overview', async (page) => {
    await page.waitForSelector('[data-testid=demo-banner]');
  });
  await shoot('first-start-error-en-light', { language: 'en', connection: 'notConfigured' }, '#/overview', async (page) => {
    await page.fill('[data-testid=connect-url]', 'https://pieteikumi.vraa.gov.lv');
    await page.click('[data-testid=connect-submit]');
    await page.waitForSelector('[data-testid=connect-token-error]');
  });
  // The e-mail connection: chosen on the first start (hosts filled from the address), a server
  // problem at its field, and Settings of an e-mail connection with its form open.
  for (const [language, theme] of [['lv', 'light'], ['en', 'dark'], ['lv', 'dark'], ['en', 'light']]) {
    const scenario = { language, theme, colorScheme: theme, connection: 'notConfigured' };
    await shoot(`first-start-mail-${language}-${theme}`, scenario, '#/overview', async (page) => {
      await page.click('[data-testid=connect-kind-email]');
      await page.fill('[data-testid=mail-address]', 'janis.berzins@varam.gov.lv');
      await page.fill('[data-testid=mail-display-name]', 'Jānis Bērziņš');
      await page.fill('[data-testid=mail-institution]', 'Vides aizsardzības un reģionālās attīstības ministrija');
    });
    await shoot(`first-start-mail-error-${language}-${theme}`, scenario, '#/overview', async (page) => {
      await page.click('[data-testid=connect-kind-email]');
      await page.fill('[data-testid=mail-address]', 'janis.berzins@varam.gov.lv');
      await page.fill('[data-testid=mail-imap-host]', 'mail varam');
      await page.fill('[data-testid=mail-pattern]', 'VRAA-(\\d{4}');
      await page.click('[data-testid=mail-submit]');
      await page.waitForSelector('[data-testid=mail-imap-error]');
    });
    await shoot(`settings-mail-${language}-${theme}`, { ...scenario, connection: 'mail' }, '#/settings', async (page) => {
      await page.waitForSelector('[data-testid=settings-reconnect-mail]');
      await page.click('[data-testid=settings-reconnect-mail]');
      await page.waitForSelector('[data-testid=mail-form]');
    });
    // What the user sets by hand on an e-mail connection: a request's status, and the contract
    // (the form with a field error from the Rust side).
    await shoot(`request-detail-mail-${language}-${theme}`, { ...scenario, connection: 'mail' }, '#/requests/r-00410', async (page) => {
      await page.waitForSelector('[data-testid=hand-status]');
    });
    await shoot(`contract-mail-${language}-${theme}`, { ...scenario, connection: 'mail' }, '#/contract', async (page) => {
      await page.waitForSelector('[data-testid=contract-form-service-email]');
    });
    await shoot(`contract-mail-error-${language}-${theme}`, { ...scenario, connection: 'mail' }, '#/contract', async (page) => {
      await page.waitForSelector('[data-testid=contract-form-service-email]');
      await page.fill('[data-testid=contract-form-number]', 'VRAA-KK-2026/044');
      await page.fill('[data-testid=contract-form-valid-from]', '01.06.2026.');
      await page.fill('[data-testid=contract-form-valid-to]', '31.12.2025.');
      await page.click('[data-testid=contract-form-service-shared_components]');
      await page.click('[data-testid=contract-form-save]');
      await page.waitForSelector('[data-testid=contract-form-validTo-problem]');
    });
  }
  await shoot('settings-error-lv-light', { language: 'lv' }, '#/settings', async (page) => {
    await page.fill('[data-testid=server-url-input]', 'http://vraa.example.lv');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=server-url-error]');
  });
  await shoot('overview-sync-offline-lv-light', {
    language: 'lv',
    serverUrl: 'https://vraa.example.lv',
    tokenStored: true,
    sync: {
      connectivity: 'offline',
      lastErrorCode: 'syncOffline',
      lastErrorMessage:
        'VRAA serveris nav sasniedzams: savienojuma noildze / the VRAA server cannot be reached: connection timed out',
    },
  }, '#/overview');
  await shoot('overview-sync-token-en-dark', {
    language: 'en',
    theme: 'dark',
    colorScheme: 'dark',
    serverUrl: 'https://vraa.example.lv',
    tokenStored: true,
    sync: {
      needsToken: true,
      lastErrorCode: 'tokenRejected',
      lastErrorMessage:
        'API pilnvara ir beigusies vai atsaukta; ievadiet jaunu / the API token has expired or was revoked; enter a new one',
    },
  }, '#/overview');
  // The shared date field: the calendar open on the Requests filters, and a form's date field
  // refusing an impossible day, in both languages and themes.
  for (const [language, theme] of [['lv', 'light'], ['en', 'dark'], ['lv', 'dark'], ['en', 'light']]) {
    const scenario = { ...connected, language, theme, colorScheme: theme };
    await shoot(`requests-calendar-${language}-${theme}`, scenario, '#/requests', async (page) => {
      await page.fill('[data-testid=filter-from]', '03.12.2026.');
      await page.fill('[data-testid=filter-to]', '15.12.2026.');
      await page.click('[data-testid=filter-to-calendar]');
      await page.waitForSelector('[data-testid=filter-to-popup] [data-bits-day]');
    });
    await shoot(`new-request-date-error-${language}-${theme}`, scenario, '#/new-request/d-1', async (page) => {
      await page.waitForSelector('[data-testid=field-start_date]');
      await page.click('[data-testid=field-start_date]');
      await page.keyboard.type('31022026');
      await page.waitForSelector('[data-testid=field-start_date-error]');
    });
  }
  await shoot('database-problem', {
    problem: {
      kind: 'corrupt',
      path: 'C:\\Users\\janis\\AppData\\Roaming\\lv.vraa.desk\\vraa-desk.sqlite3',
      detail: 'file is not a database',
    },
  }, '');
} finally {
  await browser.close();
  await server.close();
}

if (problems.length > 0) {
  console.error(`page errors:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`screenshots written to ${outDir}`);
