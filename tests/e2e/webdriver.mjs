// A small W3C WebDriver client over fetch: all the end-to-end test needs, no dependency.
// The W3C key, and the one WebKitWebDriver actually answers with.
const ELEMENT_KEYS = ['element-6066-11e4-a52e-4f735466cecf', 'element-6066-11e4-a07c-4a4c4ab1d1e7'];

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const res = await call(base, 'POST', '/session', { capabilities });
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    const id = ELEMENT_KEYS.map((k) => el[k]).find(Boolean);
    if (!id) throw new Error(`no element id in ${JSON.stringify(el)}`);
    return id;
  }

  /** Waits until `css` matches an element, or fails after `timeoutMs`. */
  async waitFor(css, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        return await this.find(css);
      } catch (e) {
        last = e;
        await sleep(100);
      }
    }
    throw new Error(`element ${css} did not appear within ${timeoutMs} ms: ${last}`);
  }

  async text(css) {
    return this.cmd('GET', `/element/${await this.waitFor(css)}/text`);
  }

  /** Waits until the text of `css` satisfies `predicate`; returns it. */
  async waitForText(css, predicate, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      try {
        text = await this.text(css);
        if (predicate(text)) return text;
      } catch {
        // element replaced while re-rendering: try again
      }
      await sleep(100);
    }
    throw new Error(`text of ${css} never matched; last was ${JSON.stringify(text)}`);
  }

  async click(css) {
    await this.cmd('POST', `/element/${await this.waitFor(css)}/click`, {});
  }

  async type(css, value) {
    const el = await this.waitFor(css);
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text: value, value: [...value] });
  }

  async property(css, name) {
    return this.cmd('GET', `/element/${await this.waitFor(css)}/property/${name}`);
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Runs `script` in the page; it calls `arguments[arguments.length - 1](result)` when done. */
  executeAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  async end() {
    await this.cmd('DELETE', '');
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (process.env.E2E_DEBUG) console.error(method, path, JSON.stringify(json).slice(0, 300));
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value)}`);
  }
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
