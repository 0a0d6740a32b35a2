import { describe, expect, it } from 'vitest';
import { messageInLanguage, syncView } from './sync-status.svelte';
import { sampleSyncStatus } from './testing/mock-api';

describe('engine messages', () => {
  it('picks the half of "<lv> / <en>" for the language, splitting on the first separator', () => {
    const message = 'VRAA serveris atteica: a / b / the VRAA server refused: a / b';
    expect(messageInLanguage(message, 'lv')).toBe('VRAA serveris atteica: a');
    expect(messageInLanguage(message, 'en')).toBe('b / the VRAA server refused: a / b');
    expect(messageInLanguage('nav / none', 'en')).toBe('none');
  });

  it('shows a message without a separator whole', () => {
    expect(messageInLanguage('a/b', 'lv')).toBe('a/b');
    expect(messageInLanguage('plain', 'en')).toBe('plain');
  });
});

describe('status line', () => {
  const url = 'https://vraa.example.lv';
  it('puts a running sync before everything but a missing engine', () => {
    expect(syncView('loading', null, url)).toBe('loading');
    expect(syncView('unavailable', null, url)).toBe('unavailable');
    expect(syncView('ready', { ...sampleSyncStatus, running: true, needsToken: true }, null)).toBe('syncing');
  });

  it('asks for settings before reporting connectivity', () => {
    expect(syncView('ready', sampleSyncStatus, null)).toBe('noServer');
    expect(syncView('ready', { ...sampleSyncStatus, lastErrorCode: 'noServer' }, url)).toBe('noServer');
    expect(syncView('ready', { ...sampleSyncStatus, needsToken: true, lastErrorCode: 'noToken' }, url)).toBe(
      'tokenMissing',
    );
    expect(syncView('ready', { ...sampleSyncStatus, needsToken: true, lastErrorCode: 'tokenRejected' }, url)).toBe(
      'tokenRefused',
    );
  });

  it('says a refused mail password is the mailbox, not an API key', () => {
    const mailbox = 'janis@iestade.gov.lv';
    expect(
      syncView('ready', { ...sampleSyncStatus, needsToken: true, lastErrorCode: 'mailSignInRefused' }, mailbox),
    ).toBe('mailPasswordRefused');
    // The Microsoft sign-in ended: signing in again, not a password.
    expect(
      syncView('ready', { ...sampleSyncStatus, needsToken: true, lastErrorCode: 'mailSignInExpired' }, mailbox),
    ).toBe('mailSignInExpired');
    // An e-mail connection's mailbox stands in for the server address.
    expect(syncView('ready', { ...sampleSyncStatus, connectivity: 'online' }, mailbox)).toBe('online');
  });

  it('maps connectivity', () => {
    expect(syncView('ready', { ...sampleSyncStatus, connectivity: 'online' }, url)).toBe('online');
    expect(syncView('ready', { ...sampleSyncStatus, connectivity: 'offline' }, url)).toBe('offline');
    expect(syncView('ready', { ...sampleSyncStatus, connectivity: 'unknown' }, url)).toBe('notYetSynced');
  });
});
