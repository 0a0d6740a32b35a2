// A real, certified OpenID Connect provider (panva's oidc-provider) on loopback that
// plays Microsoft's identity platform for the tests of "Sign in with Microsoft" in the
// e-mail channel. No hand-written OAuth: authorization code + PKCE, refresh tokens,
// the device flow, token introspection and revocation are oidc-provider's own.
//
//   node tests/oidc/provider.mjs --port 0 --port-file PATH [--tenant iestade-test]
//        [--users PASSWD_FILE]
//
// Environment equivalents: OIDC_PORT, OIDC_PORT_FILE, OIDC_TENANT, OIDC_USERS;
// OIDC_ACCESS_TOKEN_TTL (seconds, default 3600); OIDC_DOVECOT_SECRET (the secret of the
// confidential client `dovecot` that the mail servers introspect with; default
// "dovecot-secret", it is only ever on loopback).
//
// Binds 127.0.0.1 only, on a free port with --port 0, and writes the port to the port
// file once it accepts connections. Logs to stderr. Exits on SIGTERM/SIGINT. Holds
// everything in memory: a restart forgets every token.
//
// Shaped as Microsoft's (what the app relies on):
// - issuer http://127.0.0.1:PORT/TENANT/v2.0, discovery at
//   ISSUER/.well-known/openid-configuration; any other tenant path answers 404.
// - scopes as Exchange Online's: https://outlook.office.com/IMAP.AccessAsUser.All,
//   https://outlook.office.com/SMTP.Send, offline_access (openid allowed). The two
//   outlook scopes belong to the resource https://outlook.office.com (resource
//   indicators; it is the default resource, so the app does not send `resource`).
//   Access tokens are opaque, so the mail servers introspect them.
// - offline_access yields a refresh token without prompt=consent (OpenID Connect says
//   the provider must otherwise ignore it; Microsoft does not), refresh tokens rotate.
// - the public native client vraa-desk-test: PKCE S256 required, redirect URI
//   http://127.0.0.1/ on any port (RFC 8252 §7.3: oidc-provider matches loopback
//   redirect URIs of native clients without their port), the device flow allowed.
//
// Own login page (fields login, password; "Cancel" ends with error=access_denied);
// consent is given at once after the login. Accounts: those of the mail system's
// passwd-file (--users, re-read at every login; `address:{PLAIN}password:...`), else
// janis@iestade.gov.lv / Parole-1 and it@vraa.gov.lv / Vraa-1.
//
// Test control, plain HTTP outside OAuth, under /_test/:
//   POST /_test/revoke-grants?user=ADDR         every grant, refresh and access token and
//                                               browser session of the user
//   POST /_test/revoke-access-tokens?user=ADDR  only the access tokens (refresh works)
//   GET  /_test/stats   {"refreshes":n,"codeExchanges":n,"deviceCodeExchanges":n,
//                        "introspections":n,"failedRefreshes":n}

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider, { errors, interactionPolicy } from 'oidc-provider';

// --- configuration --------------------------------------------------------------------

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'port-file': { type: 'string' },
    tenant: { type: 'string' },
    users: { type: 'string' },
  },
});

const PORT = Number(args.port ?? process.env.OIDC_PORT ?? 0);
const PORT_FILE = args['port-file'] ?? process.env.OIDC_PORT_FILE;
const TENANT = args.tenant ?? process.env.OIDC_TENANT ?? 'iestade-test';
const USERS_FILE = args.users ?? process.env.OIDC_USERS;
const ACCESS_TOKEN_TTL = Number(process.env.OIDC_ACCESS_TOKEN_TTL || 3600);
const DOVECOT_SECRET = process.env.OIDC_DOVECOT_SECRET || 'dovecot-secret';

if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) fail(`bad port: ${PORT}`);
if (!/^[A-Za-z0-9._-]+$/.test(TENANT)) fail(`bad tenant: ${TENANT}`);
if (!Number.isInteger(ACCESS_TOKEN_TTL) || ACCESS_TOKEN_TTL < 1) {
  fail(`bad OIDC_ACCESS_TOKEN_TTL: ${process.env.OIDC_ACCESS_TOKEN_TTL}`);
}

const CLIENT_ID = 'vraa-desk-test';
const OUTLOOK = 'https://outlook.office.com';
const OUTLOOK_SCOPES = [`${OUTLOOK}/IMAP.AccessAsUser.All`, `${OUTLOOK}/SMTP.Send`];
const MOUNT = `/${TENANT}/v2.0`;

const BUILTIN_USERS = new Map([
  ['janis@iestade.gov.lv', 'Parole-1'],
  ['it@vraa.gov.lv', 'Vraa-1'],
]);

function fail(message) {
  log(`oidc: ${message}`);
  process.exit(2);
}

function log(message) {
  process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}

// The accounts: the mail system's passwd-file when given, so that add-user.sh adds an
// account to both; read at every login (it is small).
function accounts() {
  if (!USERS_FILE) return BUILTIN_USERS;
  const users = new Map();
  for (const line of fs.readFileSync(USERS_FILE, 'utf8').split('\n')) {
    const [user, pass] = line.split(':');
    if (user && pass?.startsWith('{PLAIN}')) {
      users.set(user.toLowerCase(), pass.slice('{PLAIN}'.length));
    }
  }
  return users;
}

// --- storage: oidc-provider's adapter interface over one Map --------------------------
// Like oidc-provider's memory adapter, but a test endpoint can walk it to revoke a
// user's tokens. Linear scans: a test holds a handful of entries.

const store = new Map(); // "Model:id" -> { payload, expiresAt (ms, 0: never) }
let upserts = 0;

function live(key) {
  const entry = store.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt && entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.payload;
}

function* entries(model) {
  for (const key of [...store.keys()]) {
    if (!key.startsWith(`${model}:`)) continue;
    const payload = live(key);
    if (payload) yield [key, payload];
  }
}

class Adapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    // Kept a minute past the expiry: oidc-provider checks `exp` itself (with its clock
    // tolerance) and answers "expired" rather than "not found".
    const expiresAt = expiresIn ? Date.now() + (expiresIn + 60) * 1000 : 0;
    store.set(this.key(id), { payload, expiresAt });
    if (++upserts % 200 === 0) for (const key of [...store.keys()]) live(key);
  }

  async find(id) {
    return live(this.key(id));
  }

  async findByUid(uid) {
    for (const [, payload] of entries(this.model)) if (payload.uid === uid) return payload;
    return undefined;
  }

  async findByUserCode(userCode) {
    for (const [, payload] of entries(this.model)) if (payload.userCode === userCode) return payload;
    return undefined;
  }

  async consume(id) {
    const payload = live(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const [key, payload] of entries(this.model)) if (payload.grantId === grantId) store.delete(key);
  }
}

const GRANT_MEMBERS = ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'DeviceCode'];

function revokeGrants(user) {
  let grants = 0;
  for (const [key, grant] of entries('Grant')) {
    if (grant.accountId !== user) continue;
    const grantId = key.slice('Grant:'.length);
    for (const model of GRANT_MEMBERS) {
      for (const [memberKey, payload] of entries(model)) {
        if (payload.grantId === grantId) store.delete(memberKey);
      }
    }
    store.delete(key);
    grants += 1;
  }
  // Also the user's browser sessions, as Microsoft's "revoke sessions" does: the next
  // sign-in asks for the password again.
  let sessions = 0;
  for (const [key, session] of entries('Session')) {
    if (session.accountId === user) {
      store.delete(key);
      sessions += 1;
    }
  }
  // Tokens whose grant is gone are refused anyway; these have none.
  let tokens = 0;
  for (const model of GRANT_MEMBERS) {
    for (const [key, payload] of entries(model)) {
      if (payload.accountId === user) {
        store.delete(key);
        tokens += 1;
      }
    }
  }
  return { grants, sessions, tokens };
}

function revokeAccessTokens(user) {
  let tokens = 0;
  for (const [key, payload] of entries('AccessToken')) {
    if (payload.accountId === user) {
      store.delete(key);
      tokens += 1;
    }
  }
  return { tokens };
}

// --- the provider --------------------------------------------------------------------

const stats = {
  refreshes: 0,
  failedRefreshes: 0,
  codeExchanges: 0,
  deviceCodeExchanges: 0,
  introspections: 0,
};

// OpenID Connect Core §11: offline_access is ignored unless prompt=consent, and
// oidc-provider drops it from the request before the interaction. Microsoft issues a
// refresh token for offline_access without it (the "other conditions permitting
// offline access" the spec allows), and the app relies on that. This check, first of
// the policy and never prompting, puts the scope back when the request asked for it,
// so that it is consented, granted, and issueRefreshToken sees it.
const policy = interactionPolicy.base();
policy.add(
  new interactionPolicy.Prompt(
    { name: 'offline_access', requestable: false },
    new interactionPolicy.Check('offline_access_requested', 'offline_access is honoured as Microsoft does', (ctx) => {
      const { oidc } = ctx;
      if (oidc.route !== 'authorization') return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const raw = (ctx.method === 'POST' ? oidc.body : ctx.query)?.scope;
      const requested = typeof raw === 'string' && raw.split(' ').includes('offline_access');
      const scopes = new Set(oidc.params.scope?.split(' ').filter(Boolean));
      if (
        requested
        && !scopes.has('offline_access')
        && String(oidc.params.response_type).split(' ').includes('code')
        && oidc.client.grantTypeAllowed('refresh_token')
      ) {
        scopes.add('offline_access');
        oidc.params.scope = [...scopes].join(' ');
      }
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  ),
  0,
);

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title></head>
<body><h1>${html(title)}</h1>
${body}
</body></html>
`;
}

function html(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function startProvider(issuer) {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256', kid: 'test-es256' };

  const provider = new Provider(issuer, {
    adapter: Adapter,
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    // One EC key signs (RSA keys take a noticeable part of a start to generate).
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: 'VRAA Desk (test)',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/'],
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
      },
      {
        // The mail servers' own client: only introspects (RFC 7662), with HTTP Basic.
        client_id: 'dovecot',
        client_secret: DOVECOT_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub', 'email', 'preferred_username', 'name'] },
    conformIdTokenClaims: false,
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, email: sub, preferred_username: sub, name: sub };
        },
      };
    },
    // What Dovecot reads from the introspection answer besides `sub`: `username`
    // (RFC 7662's field; the oauth2 passdb's username_attribute), and Microsoft's names.
    async extraTokenClaims(ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      return { username: token.accountId, email: token.accountId, upn: token.accountId };
    },
    features: {
      devInteractions: { enabled: false },
      // The mail servers' client introspects any token; a client its own ones.
      introspection: {
        enabled: true,
        allowedPolicy: (ctx, client, token) => client.clientId === 'dovecot' || token.clientId === client.clientId,
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        async userCodeInputSource(ctx, form, out, err) {
          const message = err ? `<p class="error">${html(err.userCode ? 'The code you entered is incorrect.' : (err.message || 'Error'))}</p>` : '<p>Enter the code displayed on your device.</p>';
          ctx.body = page('Sign in a device', `${message}\n${form}\n<button type="submit" form="op.deviceInputForm">Next</button>`);
        },
        async userCodeConfirmSource(ctx, form, client, deviceInfo, userCode) {
          ctx.body = page('Confirm the device', `<p>${html(client.clientName || client.clientId)} asks to sign in. Code: <code>${html(userCode)}</code></p>\n${form}\n<button type="submit" form="op.deviceConfirmForm">Continue</button>`);
        },
        async successSource(ctx) {
          ctx.body = page('Signed in', '<p id="device-success">You have signed in on your device. You can close this window.</p>');
        },
      },
      resourceIndicators: {
        enabled: true,
        // The app asks for outlook scopes without `resource`, as with Microsoft.
        defaultResource: () => OUTLOOK,
        // Even with openid requested, the access token is for Outlook (Microsoft's too).
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, resourceIndicator) {
          if (resourceIndicator.replace(/\/$/, '') !== OUTLOOK) throw new errors.InvalidTarget();
          return {
            scope: OUTLOOK_SCOPES.join(' '),
            audience: OUTLOOK,
            accessTokenFormat: 'opaque',
            accessTokenTTL: ACCESS_TOKEN_TTL,
          };
        },
      },
    },
    pkce: { required: () => true },
    issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 600,
      DeviceCode: 900,
      Grant: 90 * 24 * 3600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 90 * 24 * 3600,
      Session: 24 * 3600,
    },
    routes: {
      authorization: '/authorize',
      token: '/token',
      device_authorization: '/devicecode',
      code_verification: '/device',
      introspection: '/introspect',
      revocation: '/revoke',
      userinfo: '/userinfo',
      jwks: '/keys',
      end_session: '/logout',
    },
    interactions: {
      policy,
      url: (ctx, interaction) => `${MOUNT}/interaction/${interaction.uid}`,
    },
    clientBasedCORS: () => false,
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', Object.entries(out).map(([k, v]) => `<p><strong>${html(k)}</strong>: ${html(v)}</p>`).join('\n'));
    },
  });

  // Counts for /_test/stats: every token request by grant type (failed refreshes
  // too), every introspection.
  provider.use(async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    if (route === 'token') {
      const grantType = ctx.oidc.params?.grant_type;
      if (grantType === 'refresh_token') {
        stats.refreshes += 1;
        if (ctx.status !== 200) stats.failedRefreshes += 1;
      } else if (grantType === 'authorization_code') {
        stats.codeExchanges += 1;
      } else if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
        stats.deviceCodeExchanges += 1;
      }
    } else if (route === 'introspection') {
      stats.introspections += 1;
    }
  });

  for (const event of ['server_error', 'grant.error', 'introspection.error', 'authorization.error', 'backchannel.error']) {
    provider.on(event, (ctx, err) => log(`oidc: ${event}: ${err?.message}${err?.error_description ? ` (${err.error_description})` : ''}`));
  }
  return provider;
}

// --- interactions: login (and an automatic consent) -----------------------------------

function loginPage(uid, { login = '', error } = {}) {
  const action = `${MOUNT}/interaction/${uid}`;
  return page('Sign in', `${error ? `<p class="error" id="error">${html(error)}</p>\n` : ''}<form id="login" method="post" action="${action}/login">
<label>E-mail <input type="email" name="login" value="${html(login)}" autofocus></label>
<label>Password <input type="password" name="password"></label>
<button type="submit">Sign in</button>
</form>
<form id="cancel" method="post" action="${action}/abort">
<button type="submit" name="cancel" value="1">Cancel</button>
</form>`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function sendJson(res, status, value) {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);
}

// Grants what the consent prompt found missing: the native client needs a consent
// interaction every time; the user gives it without a page.
async function consent(provider, interaction) {
  const { prompt: { details }, params, session: { accountId }, grantId } = interaction;
  const grant = (grantId && await provider.Grant.find(grantId))
    || new provider.Grant({ accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return { consent: { grantId: await grant.save() } };
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
  const { prompt } = details;

  if (action === 'abort' && req.method === 'POST') {
    await readForm(req);
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The user has cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
  }

  if (prompt.name === 'login') {
    if (action === 'login' && req.method === 'POST') {
      const form = await readForm(req);
      const login = (form.get('login') ?? '').trim().toLowerCase();
      const password = form.get('password') ?? '';
      const known = accounts().get(login);
      if (known === undefined || known !== password) {
        log(`oidc: sign-in refused for ${JSON.stringify(login)}`);
        return send(res, 200, 'text/html; charset=utf-8', loginPage(uid, {
          login,
          error: 'Your account or password is incorrect.',
        }));
      }
      log(`oidc: ${login} signed in`);
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }
    return send(res, 200, 'text/html; charset=utf-8', loginPage(uid));
  }

  if (prompt.name === 'consent') {
    return provider.interactionFinished(req, res, await consent(provider, details), { mergeWithLastSubmission: true });
  }

  return send(res, 400, 'text/html; charset=utf-8', page('Sign-in error', `<p>Unknown prompt ${html(prompt.name)}</p>`));
}

// --- the HTTP server ------------------------------------------------------------------

async function main() {
  let provider;
  let callback;
  const server = http.createServer(async (req, res) => {
    const started = Date.now();
    const logged = `${req.method} ${req.url.split('?')[0]}`;
    res.on('finish', () => log(`${logged} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const path = url.pathname;

      // Listening comes before the provider (its issuer needs the port): the port
      // file is written only once both are there, but answer anyone faster.
      if (!provider) return sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'starting' });

      if (path.startsWith('/_test/')) {
        const user = (url.searchParams.get('user') ?? '').toLowerCase();
        if (path === '/_test/stats' && req.method === 'GET') return sendJson(res, 200, stats);
        if (path.startsWith('/_test/revoke-') && req.method === 'POST' && !user) {
          return sendJson(res, 400, { error: 'invalid_request', error_description: 'user=ADDRESS is required' });
        }
        if (path === '/_test/revoke-grants' && req.method === 'POST') {
          const revoked = revokeGrants(user);
          log(`oidc: test: revoked the grants of ${user}: ${JSON.stringify(revoked)}`);
          return sendJson(res, 200, revoked);
        }
        if (path === '/_test/revoke-access-tokens' && req.method === 'POST') {
          const revoked = revokeAccessTokens(user);
          log(`oidc: test: revoked the access tokens of ${user}: ${JSON.stringify(revoked)}`);
          return sendJson(res, 200, revoked);
        }
        return sendJson(res, 404, { error: 'not_found', error_description: `no test endpoint ${req.method} ${path}` });
      }

      const interactionMatch = path.match(new RegExp(`^${MOUNT.replace(/[.]/g, '\\.')}/interaction/([A-Za-z0-9_-]+)(?:/(login|abort))?$`));
      if (interactionMatch) {
        return await interaction(provider, req, res, interactionMatch[1], interactionMatch[2]);
      }

      if (path === MOUNT || path.startsWith(`${MOUNT}/`)) {
        // Mounted as Express would: the provider sees the path below the mount, and
        // originalUrl tells it the mount path for the URLs it builds.
        req.originalUrl = req.url;
        req.url = req.url.slice(MOUNT.length) || '/';
        return callback(req, res);
      }

      return sendJson(res, 404, {
        error: 'invalid_tenant',
        error_description: `No tenant or endpoint at ${path}; this provider serves the tenant ${TENANT} at ${MOUNT}.`,
      });
    } catch (err) {
      const status = err.statusCode || 500;
      if (status >= 500) log(`oidc: ${req.method} ${req.url}: ${err.stack || err}`);
      if (!res.headersSent) {
        send(res, status, 'text/html; charset=utf-8', page('Sign-in error', `<p>${html(err.error || 'server_error')}: ${html(err.error_description || err.message)}</p>`));
      } else {
        res.destroy();
      }
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}${MOUNT}`;
  provider = await startProvider(issuer);
  callback = provider.callback();

  if (PORT_FILE) {
    fs.writeFileSync(`${PORT_FILE}.tmp`, `${port}\n`);
    fs.renameSync(`${PORT_FILE}.tmp`, PORT_FILE);
  }
  log(`oidc: listening, issuer ${issuer} (access tokens live ${ACCESS_TOKEN_TTL} s)`);

  const stop = (signal) => {
    log(`oidc: ${signal}: stopping`);
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  log(`oidc: cannot start: ${err.stack || err}`);
  process.exit(1);
});
