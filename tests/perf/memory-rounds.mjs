// Private memory (RssAnon) of VRAA Desk and its WebKit processes while a user visits every
// screen again and again, with the demo synced (issue 10, item 8). Run by memory-rounds.sh.
// Prints one line per measured round and writes target/perf/memory-rounds[-sandbox].json.
// With PERF_SANDBOX_URL the app connects to that (separate, staff-less) sandbox with the demo's
// data instead of running the in-process demo: the app's own growth without the demo server's.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, sleep } from '../e2e/webdriver.mjs';

const APP = process.env.PERF_APP;
const OUT = process.env.PERF_OUT_DIR;
const ROUNDS = Number(process.env.PERF_ROUNDS ?? 20);
const MEASURE_AT = new Set([1, 5, 10, 15, 20, ROUNDS]);
const SANDBOX_URL = process.env.PERF_SANDBOX_URL;
const DEMO_TOKEN = 'demo-vvd-contact-7f3a90'; // the sandbox's demo institution (docs/api/README.md)
const DRIVER_URL = process.env.WEBDRIVER_URL; // tauri-driver on a free port (tests/e2e/driver.sh)
const ALL_SCREENS = ['overview', 'requests', 'request', 'new-request', 'drafts', 'outbox', 'contract', 'settings'];
// PERF_SCREENS=overview,requests visits only those (to find which screen's memory grows).
const SCREENS = process.env.PERF_SCREENS ? process.env.PERF_SCREENS.split(',') : ALL_SCREENS;

/** RssAnon in kB of a process (0 when it is gone). */
function rssAnon(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('RssAnon:'));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}

/** The app's process and every process below it (WebKit's web and network processes). */
function tree(root) {
  const all = [root];
  for (let i = 0; i < all.length; i += 1) {
    const children = spawnSync('pgrep', ['-P', String(all[i])], { encoding: 'utf8' }).stdout.trim();
    if (children) all.push(...children.split('\n').map(Number));
  }
  return all;
}

function measure(round) {
  const app = Number(execFileSync('pgrep', ['-n', '-f', '-x', APP], { encoding: 'utf8' }).trim());
  const pids = tree(app);
  const perProcess = pids.map((pid) => ({ pid, rssAnonKb: rssAnon(pid) }));
  const totalKb = perProcess.reduce((sum, p) => sum + p.rssAnonKb, 0);
  return { round, totalMb: Math.round(totalKb / 102.4) / 10, perProcess };
}

async function visit(s, screen, requestId) {
  const hash = screen === 'request' ? `#/requests/${requestId}` : `#/${screen}`;
  await s.execute('location.hash = arguments[0]', [hash]);
  await s.waitFor('[data-testid="page-title"]', 20000);
  if (screen === 'requests') await s.waitFor('[data-testid="request-row"]', 20000);
  await sleep(400);
}

const s = await Session.start(DRIVER_URL, {
  alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } },
});
try {
  await s.waitFor('[data-testid="try-demo"]', 30000);
  if (SANDBOX_URL) {
    await s.type('[data-testid="connect-url"]', SANDBOX_URL);
    await s.type('[data-testid="connect-token"]', DEMO_TOKEN);
    await s.click('[data-testid="connect-submit"]');
    await s.waitFor('[data-testid="nav-overview"]', 60000);
  } else {
    await s.click('[data-testid="try-demo"]');
    await s.waitFor('[data-testid="demo-banner"]', 60000);
  }
  // The demo's whole history is synced before the rounds start.
  for (let i = 0; i < 240; i += 1) {
    const status = await s.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('get_sync_status', {}).then(done, () => done(null));`,
    );
    if (status && status.lastSuccessAt && !status.running) break;
    await sleep(500);
  }
  await s.execute('location.hash = "#/requests"');
  await s.waitFor('[data-testid="request-row"]', 30000);
  const requestId = await s.execute(
    "return document.querySelector('[data-testid=request-row]').dataset.id",
  );
  const results = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const screen of SCREENS) await visit(s, screen, requestId);
    if (MEASURE_AT.has(round)) {
      await sleep(2000);
      const m = measure(round);
      results.push(m);
      console.log(`round ${round}: ${m.totalMb} MB RssAnon (app + WebKit, ${m.perProcess.length} processes)`);
    }
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, SANDBOX_URL ? 'memory-rounds-sandbox.json' : 'memory-rounds.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await s.end().catch(() => {});
}
