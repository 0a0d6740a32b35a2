// End-to-end: the real VRAA Desk binary under Xvfb, driven through tauri-driver.
// Run by tests/e2e/run.sh, which provides the environment variables below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, sleep } from './webdriver.mjs';

const APP = process.env.E2E_APP;
const DATA_DIR = process.env.E2E_DATA_DIR;
const OUT_DIR = process.env.E2E_OUT_DIR;
const TOKEN = `e2e-token-${Date.now()}-${Math.random().toString(36).slice(2)}`;

let s;

before(async () => {
  assert.ok(APP && DATA_DIR && OUT_DIR, 'run through tests/e2e/run.sh');
  s = await Session.start('http://127.0.0.1:4444', {
    alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } },
  });
  await s.waitFor('[data-ready="true"]', 30000);
});

after(async () => {
  if (s) await s.end().catch(() => {});
});

async function shot(name) {
  // Two animation frames, so the picture shows the last redraw.
  await s.execute(
    'return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))',
  );
  writeFileSync(join(OUT_DIR, `${name}.png`), await s.screenshot());
}

async function selectOption(selectId, value) {
  await s.click(`[data-testid="${selectId}"] option[value="${value}"]`);
  // WebKitWebDriver's option click may not fire `change` on every version: make sure it does.
  await s.execute(
    `const el = document.querySelector('[data-testid="${selectId}"]');
     if (el.value !== arguments[0]) { el.value = arguments[0]; }
     el.dispatchEvent(new Event('change', { bubbles: true }));
     return el.value;`,
    [value],
  );
}

test('starts in Latvian, switches to English and back', async () => {
  assert.equal(await s.text('[data-testid="page-title"]'), 'Pārskats');
  assert.equal(await s.execute('return document.documentElement.lang'), 'lv');
  await shot('overview-lv');

  await selectOption('language-select', 'en');
  await s.waitForText('[data-testid="page-title"]', (t) => t === 'Overview');
  assert.equal(await s.text('[data-testid="nav-settings"]'), 'Settings');
  assert.equal(await s.execute('return document.documentElement.lang'), 'en');
  await shot('overview-en');

  await selectOption('language-select', 'lv');
  await s.waitForText('[data-testid="page-title"]', (t) => t === 'Pārskats');
  assert.equal(await s.text('[data-testid="nav-settings"]'), 'Iestatījumi');
});

test('switches to the dark theme and back', async () => {
  const titleColour = () =>
    s.execute(`return getComputedStyle(document.querySelector('[data-testid="page-title"]')).color`);
  const light = await titleColour();
  await selectOption('theme-select', 'dark');
  await sleep(200);
  assert.equal(await s.execute('return document.documentElement.dataset.theme'), 'dark');
  assert.notEqual(await titleColour(), light, 'the text colour changes with the theme');
  await shot('overview-dark-lv');
  await selectOption('theme-select', 'system');
});

test('refuses an insecure server URL with a clear message and saves nothing', async () => {
  await s.click('[data-testid="nav-settings"]');
  await s.waitForText('[data-testid="page-title"]', (t) => t === 'Iestatījumi');
  await s.type('[data-testid="server-url-input"]', 'http://pieteikumi.vraa.gov.lv');
  await s.click('[data-testid="settings-save"]');
  const message = await s.waitForText('[data-testid="settings-message"]', (t) => t.length > 0);
  assert.match(message, /https/i, `message should ask for https, got: ${message}`);
  await shot('settings-insecure-url-lv');
});

test('a saved token reaches the OS credential store and no file', async () => {
  const before = await s.waitForText('[data-testid="token-status"]', (t) => t.length > 0);
  await s.type('[data-testid="token-input"]', TOKEN);
  await s.click('[data-testid="token-save"]');
  await s.waitForText('[data-testid="token-status"]', (t) => t.length > 0 && t !== before);
  assert.equal(await s.property('[data-testid="token-input"]', 'value'), '', 'input is cleared');
  await shot('settings-token-saved-lv');

  // The real Secret Service (gnome-keyring) holds it...
  const stored = execFileSync('secret-tool', ['lookup', 'service', 'lv.vraa.desk', 'username', 'api-token'], {
    encoding: 'utf8',
  });
  assert.equal(stored.trim(), TOKEN);

  // ...and nothing the app wrote (database, WAL, logs) contains it.
  await sleep(300);
  const files = walk(DATA_DIR);
  assert.ok(files.some((f) => f.endsWith('.sqlite3')), `database expected in ${DATA_DIR}`);
  for (const file of files) {
    assert.ok(!readFileSync(file).includes(TOKEN), `token leaked into ${file}`);
  }
});

test('a second launch hands over to the running app and exits', async () => {
  const second = spawnSync(APP, [], { timeout: 15000, env: process.env, encoding: 'utf8' });
  assert.equal(second.error, undefined, `second instance did not exit: ${second.error}`);
  assert.equal(second.status, 0);
  // The first instance is still there and answering.
  assert.ok((await s.text('[data-testid="page-title"]')).length > 0);
});

test('start-up time was logged', async () => {
  const logs = walk(join(DATA_DIR, 'logs')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const line = logs.split('\n').find((l) => l.includes('UI ready'));
  assert.ok(line, 'the log has the UI ready line');
  const ms = JSON.parse(line).fields.start_to_ready_ms;
  assert.equal(typeof ms, 'number');
  writeFileSync(join(OUT_DIR, 'start-to-ready-ms.txt'), `${ms}\n`);
  console.log(`start to UI ready: ${ms} ms`);
});

test('a damaged database gets the error screen, and a fresh start keeps the old file', async () => {
  await s.end();
  s = null;
  const db = join(DATA_DIR, 'vraa-desk.sqlite3');
  const garbage = Buffer.from('this is not an SQLite database '.repeat(200));
  writeFileSync(db, garbage);
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });

  s = await Session.start('http://127.0.0.1:4444', {
    alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } },
  });
  const screen = await s.waitFor('[data-testid="database-problem"]', 30000);
  assert.equal(await s.cmd('GET', `/element/${screen}/attribute/data-kind`), 'corrupt');
  assert.match(await s.text('[data-testid="problem-path"]'), /vraa-desk\.sqlite3$/);
  await shot('database-problem');

  await s.click('[data-testid="db-reset"]');
  await s.waitForText('[data-testid="page-title"]', (t) => t === 'Pārskats', 15000);
  const kept = readdirSync(DATA_DIR).filter((n) => n.startsWith('vraa-desk.sqlite3.damaged-') && !n.endsWith('-wal'));
  assert.equal(kept.length, 1, `one damaged copy kept, found ${kept}`);
  assert.deepEqual(readFileSync(join(DATA_DIR, kept[0])), garbage, 'the old file is kept unchanged');
});

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
