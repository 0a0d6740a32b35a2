// Screenshots of every screen of the built UI (run `npm run build` first), in Latvian and
// English, light and dark, plus the database-problem screen and a settings validation error.
// Usage: npm run screenshots -- [output dir]   (default: ../target/ui-screenshots)
// Fails when the page logs an error (a CSP violation included).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { installFakeBackend, launchBrowser, startPreview } from './browser-harness.mjs';

const outDir = resolve(process.argv[2] ?? '../target/ui-screenshots');
mkdirSync(outDir, { recursive: true });

const screens = ['overview', 'requests', 'new-request', 'drafts', 'outbox', 'contract', 'settings'];
const server = await startPreview();
const browser = await launchBrowser();
const problems = [];

async function shoot(name, scenario, hash, act) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scenario.colorScheme ?? 'light' });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${name}: ${error.message}`));
  await page.addInitScript(installFakeBackend, scenario);
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  if (act) await act(page);
  // Two animation frames, so the picture shows the last redraw.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  await page.close();
}

try {
  for (const language of ['lv', 'en']) {
    for (const theme of ['light', 'dark']) {
      for (const screen of screens) {
        await shoot(`${screen}-${language}-${theme}`, { language, theme }, `#/${screen}`);
      }
    }
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
