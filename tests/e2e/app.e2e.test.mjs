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
const SANDBOX_URL = process.env.E2E_SANDBOX_URL;
// A demo token of the sandbox's seed (docs/api/README.md): Valsts vides dienests, with history.
const DEMO_TOKEN = 'demo-vvd-contact-7f3a90';
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

test('with a server and a token the app syncs in the background', async () => {
  await s.type('[data-testid="server-url-input"]', SANDBOX_URL);
  await s.click('[data-testid="settings-save"]');
  await s.waitForText('[data-testid="settings-message"]', (t) => t.length > 0);
  await s.type('[data-testid="token-input"]', DEMO_TOKEN);
  await s.click('[data-testid="token-save"]');

  let status = null;
  const deadline = Date.now() + 90000;
  while (Date.now() < deadline) {
    status = await invoke('get_sync_status');
    if (status && status.lastSuccessAt) break;
    await sleep(500);
  }
  assert.ok(status && status.lastSuccessAt, `no successful sync: ${JSON.stringify(status)}`);
  assert.equal(status.connectivity, 'online');
  assert.equal(status.needsToken, false);

  const count = execFileSync(
    'python3',
    ['-c', 'import sqlite3,sys; c=sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True); print(c.execute("select count(*) from requests").fetchone()[0])', join(DATA_DIR, 'vraa-desk.sqlite3')],
    { encoding: 'utf8' },
  );
  assert.ok(Number(count) >= 5000, `the demo institution's requests arrived, got ${count}`);

  // ...and the Overview shows it, from the engine's event.
  await s.click('[data-testid="nav-overview"]');
  await s.waitFor('[data-testid="sync-status"][data-connectivity="online"]', 10000);
  assert.match(await s.text('[data-testid="sync-last-success"]'), /\d{2}\.\d{2}\.\d{4}\. \d{2}:\d{2}/);
  await shot('overview-synced-lv');
  await s.click('[data-testid="nav-settings"]');
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
  // The closed app must be gone before the next launch, or the single-instance
  // hand-over would send the new launch to the exiting one.
  const gone = Date.now() + 20000;
  while (appRunning()) {
    assert.ok(Date.now() < gone, 'the app did not exit after its window closed');
    await sleep(200);
  }
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

function appRunning() {
  return spawnSync('pgrep', ['-f', '-x', APP]).status === 0;
}

/** Calls a command through Tauri's IPC from the page, as the UI's bindings do. */
function invoke(command, args = {}) {
  return s.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ invokeError: String(e) }));`,
    args: [command, args],
  });
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
