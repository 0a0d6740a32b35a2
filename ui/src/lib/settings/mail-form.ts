// The pure parts of the e-mail connection form (MailConnectionForm.svelte): default ports per TLS
// mode, the host suggested by the address, the folder list, and the reference-pattern tester.
// The Rust side checks everything again when connecting; these only help while typing.
import type { MailServer, MailSettings, OAuthSettings } from '$lib/bindings';

export type MailTlsMode = 'implicit' | 'startTls' | 'plain';
export type ServerKind = 'imap' | 'smtp';

export const tlsModes: readonly MailTlsMode[] = ['implicit', 'startTls', 'plain'];

/** IMAPS 993 / SMTPS 465 with TLS from the start; 143 / 587 with STARTTLS (and unencrypted). */
export const defaultPorts: Record<ServerKind, Record<MailTlsMode, number>> = {
  imap: { implicit: 993, startTls: 143, plain: 143 },
  smtp: { implicit: 465, startTls: 587, plain: 587 },
};

export const VRAA_ADDRESS_DEFAULT = 'IT@vraa.gov.lv';
export const REFERENCE_PATTERN_DEFAULT = String.raw`VRAA-\d{4}-\d{6}`;

/** Microsoft 365's sign-in service, any work or school directory, and the mail permissions. */
export const OAUTH_AUTHORITY_DEFAULT = 'https://login.microsoftonline.com';
export const OAUTH_TENANT_DEFAULT = 'organizations';
export const OAUTH_SCOPES_DEFAULT: readonly string[] = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'offline_access',
];

/** The Microsoft 365 sign-in as the Rust side defaults it; the client id comes from VRAA or policy. */
export function defaultOAuthSettings(): OAuthSettings {
  return {
    authority: OAUTH_AUTHORITY_DEFAULT,
    tenant: OAUTH_TENANT_DEFAULT,
    clientId: '',
    scopes: [...OAUTH_SCOPES_DEFAULT],
    deviceCodeAllowed: false,
  };
}

/** What VRAA's replies look like, for the pattern tester (VRAA writes in Latvian). */
export const PATTERN_EXAMPLES_DEFAULT = [
  'Jūsu pieteikums reģistrēts ar Nr. VRAA-2026-000123',
  'RE: Licences piešķiršana [VD-7K2M9Q4XWP]',
  'Atbilde uz pieteikumu VRAA-2026-004518: nepieciešama papildu informācija',
].join('\n');

export function isTlsMode(value: string): value is MailTlsMode {
  return (tlsModes as readonly string[]).includes(value);
}

/** The port to show after the TLS mode changed: the new mode's default, unless the user set one. */
export function portAfterTlsChange(kind: ServerKind, port: number | null, from: MailTlsMode, to: MailTlsMode): number | null {
  if (port === null || port === defaultPorts[kind][from]) return defaultPorts[kind][to];
  return port;
}

/** `mail.<domain>` for `name@domain`, or '' while the address has no domain yet. */
export function suggestedHost(address: string): string {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return '';
  const domain = trimmed.slice(at + 1).toLowerCase();
  return domain === '' || /\s/.test(domain) ? '' : `mail.${domain}`;
}

/** Folder names separated by commas or new lines; blanks and repeats dropped. */
export function parseFolders(text: string): string[] {
  const names = text
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return [...new Set(names)];
}

/** Scopes one per line or separated by spaces (as the Rust side reads them); repeats dropped. */
export function parseScopes(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter((scope) => scope !== ''))];
}

export function isValidPort(port: number | null): port is number {
  return port !== null && Number.isInteger(port) && port >= 1 && port <= 65535;
}

export function server(host: string, port: number, tls: MailTlsMode): MailServer {
  return { host: host.trim(), port, tls };
}

/** Empty optional text is "not set". */
export function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

export type PatternCheck =
  | { kind: 'ok'; regex: RegExp }
  | { kind: 'matchesEmpty' }
  | { kind: 'invalid'; reason: string };

/**
 * The reference pattern as a JavaScript RegExp. Rust's `regex` differs a little (no look-around
 * or back-references there, inline flags such as `(?i)` only there), so a leading `(?i)`/`(?m)`/
 * `(?s)` becomes a JS flag; the check when connecting is the one that counts.
 */
export function checkPattern(pattern: string): PatternCheck {
  let source = pattern.trim();
  let flags = 'u';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline?.[1]) {
    flags += [...new Set(inline[1])].join('');
    source = source.slice(inline[0].length);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (thrown) {
    return { kind: 'invalid', reason: thrown instanceof Error ? thrown.message : String(thrown) };
  }
  if (regex.test('')) return { kind: 'matchesEmpty' };
  return { kind: 'ok', regex };
}

export type PatternLine = { line: string; before: string; match: string | null; after: string };

/** What the pattern finds in each non-empty example line (the first match, as the app takes it). */
export function testLines(regex: RegExp, examples: string): PatternLine[] {
  return examples
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const found = regex.exec(line);
      if (!found) return { line, before: line, match: null, after: '' };
      return {
        line,
        before: line.slice(0, found.index),
        match: found[0],
        after: line.slice(found.index + found[0].length),
      };
    });
}

/** Blank settings for a new e-mail connection, with VRAA's defaults and the usual ports. */
export function blankMailSettings(): MailSettings {
  return {
    address: '',
    userName: '',
    displayName: '',
    institutionName: '',
    contractNumber: null,
    imap: { host: '', port: defaultPorts.imap.implicit, tls: 'implicit' },
    smtp: { host: '', port: defaultPorts.smtp.startTls, tls: 'startTls' },
    signIn: 'password',
    oauth: defaultOAuthSettings(),
    vraaAddress: VRAA_ADDRESS_DEFAULT,
    referencePattern: REFERENCE_PATTERN_DEFAULT,
    extraFolders: [],
    sentFolder: null,
  };
}

type PolicyValues = {
  imapHost: string | null;
  imapPort: number | null;
  smtpHost: string | null;
  smtpPort: number | null;
  mailTls: string | null;
  vraaEmailAddress: string | null;
  oauthTenant: string | null;
  oauthClientId: string | null;
  oauthAuthority: string | null;
  oauthScopes: string[] | null;
  oauthDeviceCodeAllowed: boolean | null;
};

/**
 * A new e-mail connection starts from what the organisation's policy names (servers, TLS,
 * VRAA's address, the Microsoft 365 directory, app registration, sign-in service, permissions and
 * whether a code on another device may be used), else from the defaults.
 * The policy's TLS is `tls` or `starttls`. A policy that names the app registration means the
 * institution signs in with Microsoft 365, so that is the method offered first.
 */
export function initialMailSettings(policy: PolicyValues | null | undefined): MailSettings {
  const settings = blankMailSettings();
  if (!policy) return settings;
  const tls: MailTlsMode | null = policy.mailTls === 'tls' ? 'implicit' : policy.mailTls === 'starttls' ? 'startTls' : null;
  if (tls) {
    settings.imap = { ...settings.imap, tls, port: defaultPorts.imap[tls] };
    settings.smtp = { ...settings.smtp, tls, port: tls === 'implicit' ? defaultPorts.smtp.implicit : defaultPorts.smtp.startTls };
  }
  if (policy.imapHost) settings.imap.host = policy.imapHost;
  if (policy.imapPort) settings.imap.port = policy.imapPort;
  if (policy.smtpHost) settings.smtp.host = policy.smtpHost;
  if (policy.smtpPort) settings.smtp.port = policy.smtpPort;
  if (policy.vraaEmailAddress) settings.vraaAddress = policy.vraaEmailAddress;
  const oauth = settings.oauth ?? defaultOAuthSettings();
  if (policy.oauthTenant) oauth.tenant = policy.oauthTenant;
  if (policy.oauthAuthority) oauth.authority = policy.oauthAuthority;
  if (policy.oauthScopes && policy.oauthScopes.length > 0) oauth.scopes = [...policy.oauthScopes];
  // `false` is a setting too: the organisation turned the code on another device off.
  if (policy.oauthDeviceCodeAllowed !== null) oauth.deviceCodeAllowed = policy.oauthDeviceCodeAllowed;
  if (policy.oauthClientId) {
    oauth.clientId = policy.oauthClientId;
    settings.signIn = 'oauth2';
  }
  settings.oauth = oauth;
  return settings;
}
