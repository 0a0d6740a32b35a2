import { describe, expect, it } from 'vitest';
import { en } from './en';
import { lv } from './lv';
import { describeError, dictionaries, translate } from './translate';
import type { UiErrorCode } from '$lib/api';

function leafPaths(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [path] : leafPaths(value as object, path);
  });
}

const allCodes: UiErrorCode[] = [
  'invalidUrl',
  'insecureUrl',
  'unsupportedUrlScheme',
  'invalidProxyUrl',
  'invalidSyncInterval',
  'caFileUnreadable',
  'caFileInvalid',
  'emptyToken',
  'keyringUnavailable',
  'databaseNewer',
  'database',
  'internal',
  'desktopUnavailable',
];

describe('dictionaries', () => {
  it('have exactly the same keys in Latvian and English', () => {
    expect(leafPaths(en).sort()).toEqual(leafPaths(lv).sort());
  });

  it('have no empty strings', () => {
    for (const dictionary of [lv, en]) {
      for (const path of leafPaths(dictionary)) {
        expect(translate(dictionary === lv ? 'lv' : 'en', path as never).trim(), path).not.toBe('');
      }
    }
  });

  it('translate navigation differently in the two languages', () => {
    expect(translate('lv', 'nav.overview')).toBe('Pārskats');
    expect(translate('en', 'nav.overview')).toBe('Overview');
    expect(translate('lv', 'nav.contract')).toBe('Līgums un SLA');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'app.databaseReset', { path: '/tmp/old.sqlite3' })).toBe(
      'Started a fresh database. The old file was kept at /tmp/old.sqlite3',
    );
    expect(translate('en', 'app.databaseReset')).toContain('{path}');
  });

  it('falls back to the key for a path that is not a string', () => {
    expect(translate('lv', 'nav' as never)).toBe('nav');
  });
});

describe('describeError', () => {
  it('has a distinct message for every error code in both languages', () => {
    for (const language of ['lv', 'en'] as const) {
      const messages = allCodes.map((code) => describeError(language, { code, field: null, detail: null }));
      expect(new Set(messages).size).toBe(allCodes.length);
    }
    expect(dictionaries.lv.errors.codes.emptyToken).not.toBe(dictionaries.en.errors.codes.emptyToken);
  });

  it('appends the detail for system errors but not for validation errors', () => {
    expect(describeError('en', { code: 'database', field: null, detail: 'disk I/O error' })).toBe(
      'Database error: the change was not saved. Details: disk I/O error',
    );
    expect(describeError('en', { code: 'invalidUrl', field: 'serverUrl', detail: 'relative URL without a base' })).toBe(
      'This is not a valid address. Example: https://pieteikumi.vraa.gov.lv',
    );
  });

  it('treats an unknown code from a newer backend as internal', () => {
    const error = { code: 'somethingNew' as UiErrorCode, field: null, detail: null };
    expect(describeError('lv', error)).toBe(dictionaries.lv.errors.codes.internal);
  });
});
