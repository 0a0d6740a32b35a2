import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { ConnectionView, MailSettings } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { connection } from '$lib/connection.svelte';
import { notConfigured } from '$lib/testing/samples';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { mailConnection, noPolicy, type MockApi } from '$lib/testing/mock-api';
import MailConnectionForm from './MailConnectionForm.svelte';
import { checkPattern, parseFolders, portAfterTlsChange, suggestedHost } from './mail-form';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  appState.policy = null;
  connection.apply(structuredClone(notConfigured));
  applyLanguage('lv');
});

type User = ReturnType<typeof userEvent.setup>;

async function fillRequired(user: User): Promise<void> {
  await user.type(screen.getByTestId('mail-address'), 'anna.kalnina@vvd.gov.lv');
  await user.type(screen.getByTestId('mail-display-name'), 'Anna Kalniņa');
  await user.type(screen.getByTestId('mail-institution'), 'Valsts vides dienests');
  await user.type(screen.getByTestId('mail-password'), 'pasta-parole');
}

const expectedSettings: MailSettings = {
  address: 'anna.kalnina@vvd.gov.lv',
  userName: 'anna.kalnina@vvd.gov.lv',
  displayName: 'Anna Kalniņa',
  institutionName: 'Valsts vides dienests',
  contractNumber: null,
  imap: { host: 'mail.vvd.gov.lv', port: 993, tls: 'implicit' },
  smtp: { host: 'mail.vvd.gov.lv', port: 587, tls: 'startTls' },
  signIn: 'password',
  oauth: {
    authority: 'https://login.microsoftonline.com',
    tenant: 'organizations',
    clientId: '',
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
    deviceCodeAllowed: false,
  },
  vraaAddress: 'IT@vraa.gov.lv',
  referencePattern: String.raw`VRAA-\d{4}-\d{6}`,
  extraFolders: [],
  sentFolder: null,
};

describe('e-mail connection form: defaults', () => {
  it('starts with VRAA’s address, its reference pattern and the usual ports', () => {
    render(MailConnectionForm);
    expect(screen.getByTestId('mail-vraa-address')).toHaveValue('IT@vraa.gov.lv');
    expect(screen.getByTestId('mail-pattern')).toHaveValue(String.raw`VRAA-\d{4}-\d{6}`);
    expect(screen.getByTestId('mail-imap-port')).toHaveValue(993);
    expect(screen.getByTestId('mail-imap-tls')).toHaveValue('implicit');
    expect(screen.getByTestId('mail-smtp-port')).toHaveValue(587);
    expect(screen.getByTestId('mail-smtp-tls')).toHaveValue('startTls');
    expect(screen.getByTestId('mail-password')).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText('E-pasta adrese')).toBe(screen.getByTestId('mail-address'));
    expect(screen.getByLabelText('Kontaktpersona')).toBe(screen.getByTestId('mail-display-name'));
  });

  it('fills both hosts from the address while they are empty, and the user name follows the address', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    await user.type(screen.getByTestId('mail-address'), 'anna.kalnina@vvd.gov.lv');
    expect(screen.getByTestId('mail-imap-host')).toHaveValue('mail.vvd.gov.lv');
    expect(screen.getByTestId('mail-smtp-host')).toHaveValue('mail.vvd.gov.lv');
    expect(screen.getByTestId('mail-user-name')).toHaveValue('');
    expect(screen.getByTestId('mail-user-name')).toHaveAttribute('placeholder', 'anna.kalnina@vvd.gov.lv');

    // A host the user typed is theirs: a changed address no longer touches it.
    await user.clear(screen.getByTestId('mail-smtp-host'));
    await user.type(screen.getByTestId('mail-smtp-host'), 'smtp.office365.com');
    await user.clear(screen.getByTestId('mail-address'));
    await user.type(screen.getByTestId('mail-address'), 'anna@vraa.gov.lv');
    expect(screen.getByTestId('mail-imap-host')).toHaveValue('mail.vraa.gov.lv');
    expect(screen.getByTestId('mail-smtp-host')).toHaveValue('smtp.office365.com');
  });

  it('changes the port with the TLS mode while it is the mode’s default, and keeps a port of the user’s own', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    await user.selectOptions(screen.getByTestId('mail-imap-tls'), 'startTls');
    expect(screen.getByTestId('mail-imap-port')).toHaveValue(143);
    await user.selectOptions(screen.getByTestId('mail-imap-tls'), 'implicit');
    expect(screen.getByTestId('mail-imap-port')).toHaveValue(993);
    await user.selectOptions(screen.getByTestId('mail-smtp-tls'), 'implicit');
    expect(screen.getByTestId('mail-smtp-port')).toHaveValue(465);

    const port = screen.getByTestId('mail-smtp-port');
    await user.clear(port);
    await user.type(port, '2525');
    await user.selectOptions(screen.getByTestId('mail-smtp-tls'), 'startTls');
    expect(port).toHaveValue(2525);

    // Plain text is only for this computer, and the form says so.
    expect(screen.queryByTestId('mail-plain-warning')).toBeNull();
    await user.selectOptions(screen.getByTestId('mail-imap-tls'), 'plain');
    expect(screen.getByTestId('mail-plain-warning')).toHaveTextContent('tikai ar šo datoru');
  });

  it('offers the password or Microsoft 365; Microsoft hides the password and shows the directory and app id', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    expect(screen.getByTestId('mail-sign-in-password')).toBeChecked();
    expect(screen.getByTestId('mail-password')).toBeInTheDocument();
    expect(screen.queryByTestId('mail-oauth-tenant')).toBeNull();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Savienoties pa e-pastu');

    await user.click(screen.getByRole('radio', { name: 'Microsoft 365 (OAuth 2.0)' }));
    expect(screen.getByTestId('mail-sign-in-oauth2')).toBeChecked();
    expect(screen.queryByTestId('mail-password')).toBeNull();
    expect(screen.getByLabelText('Direktorijs (tenant)')).toHaveValue('organizations');
    expect(screen.getByLabelText('Lietotnes (klienta) ID')).toHaveValue('');
    expect(screen.getByTestId('mail-user-name')).toBeInTheDocument();
    // Authority, scopes and the device code are folded away under "Papildu".
    expect(screen.getByTestId('mail-oauth-authority')).not.toBeVisible();
    await user.click(screen.getByText('Papildu'));
    expect(screen.getByLabelText('Pierakstīšanās pakalpojuma adrese')).toHaveValue('https://login.microsoftonline.com');
    expect(screen.getByTestId('mail-oauth-scopes')).toHaveValue(
      'https://outlook.office.com/IMAP.AccessAsUser.All\nhttps://outlook.office.com/SMTP.Send\noffline_access',
    );
    expect(screen.getByLabelText('Atļaut pierakstīties ar kodu citā ierīcē')).not.toBeChecked();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Pierakstīties ar Microsoft');

    applyLanguage('en');
    await vi.waitFor(() => expect(screen.getByTestId('mail-submit')).toHaveTextContent('Sign in with Microsoft'));
    expect(screen.getByLabelText('Application (client) ID')).toBe(screen.getByTestId('mail-oauth-client-id'));
    expect(screen.getByLabelText('Allow sign-in with a code on another device')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Password' }));
    expect(screen.getByTestId('mail-password')).toBeInTheDocument();
    expect(screen.queryByTestId('mail-oauth-client-id')).toBeNull();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Connect by e-mail');
  });

  it('is pre-filled from saved settings', () => {
    const saved: MailSettings = {
      ...expectedSettings,
      userName: 'AKalnina',
      contractNumber: 'VRAA-L-2025/17',
      imap: { host: 'outlook.office365.com', port: 993, tls: 'implicit' },
      extraFolders: ['VRAA', 'Arhīvs/VRAA'],
      sentFolder: 'Nosūtītie',
    };
    render(MailConnectionForm, { props: { initial: saved } });
    expect(screen.getByTestId('mail-address')).toHaveValue('anna.kalnina@vvd.gov.lv');
    expect(screen.getByTestId('mail-user-name')).toHaveValue('AKalnina');
    expect(screen.getByTestId('mail-contract')).toHaveValue('VRAA-L-2025/17');
    expect(screen.getByTestId('mail-imap-host')).toHaveValue('outlook.office365.com');
    expect(screen.getByTestId('mail-extra-folders')).toHaveValue('VRAA, Arhīvs/VRAA');
    expect(screen.getByTestId('mail-sent-folder')).toHaveValue('Nosūtītie');
    expect(screen.getByTestId('mail-password')).toHaveValue('');
  });

  it('starts from the servers and VRAA address the organisation’s policy names', () => {
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: {
        ...noPolicy.policy,
        imapHost: 'imap.iestade.lv',
        smtpHost: 'smtp.iestade.lv',
        mailTls: 'tls' as never,
        vraaEmailAddress: 'pieteikumi@vraa.gov.lv',
      },
    };
    render(MailConnectionForm);
    expect(screen.getByTestId('mail-imap-host')).toHaveValue('imap.iestade.lv');
    expect(screen.getByTestId('mail-smtp-host')).toHaveValue('smtp.iestade.lv');
    expect(screen.getByTestId('mail-smtp-tls')).toHaveValue('implicit');
    expect(screen.getByTestId('mail-smtp-port')).toHaveValue(465);
    expect(screen.getByTestId('mail-vraa-address')).toHaveValue('pieteikumi@vraa.gov.lv');
  });

  it('shows the sign-in service, permissions and code on another device the policy sets, read-only', async () => {
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: {
        ...noPolicy.policy,
        oauthAuthority: 'https://login.microsoftonline.us',
        oauthScopes: ['https://outlook.office365.us/IMAP.AccessAsUser.All', 'https://outlook.office365.us/SMTP.Send'],
        oauthDeviceCodeAllowed: false,
      },
    };
    // Saved before the policy: the user's own service and the code allowed. The policy's win.
    const saved: MailSettings = {
      ...expectedSettings,
      signIn: 'oauth2',
      oauth: {
        authority: 'https://login.example.lv',
        tenant: 'organizations',
        clientId: '9e5f94bc-e8a4-4e73-b8be-63364c29d753',
        scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'offline_access'],
        deviceCodeAllowed: true,
      },
    };
    const user = userEvent.setup();
    render(MailConnectionForm, { props: { initial: saved } });
    await user.click(screen.getByText('Papildu'));
    const authority = screen.getByTestId('mail-oauth-authority');
    expect(authority).toHaveValue('https://login.microsoftonline.us');
    expect(authority).toHaveAttribute('readonly');
    expect(screen.getByTestId('mail-oauth-authority-locked')).toHaveTextContent('Iestatījis jūsu iestādes IT');
    const scopes = screen.getByTestId('mail-oauth-scopes');
    expect(scopes).toHaveValue('https://outlook.office365.us/IMAP.AccessAsUser.All\nhttps://outlook.office365.us/SMTP.Send');
    expect(scopes).toHaveAttribute('readonly');
    expect(screen.getByTestId('mail-oauth-scopes-locked')).toHaveTextContent('Iestatījis jūsu iestādes IT');
    const deviceCode = screen.getByTestId('mail-oauth-device-code');
    expect(deviceCode).not.toBeChecked();
    expect(deviceCode).toBeDisabled();
    expect(screen.getByTestId('mail-oauth-device-code-locked')).toHaveTextContent('Iestatījis jūsu iestādes IT');
    await user.click(deviceCode);
    expect(deviceCode).not.toBeChecked();
    // What the policy does not set stays the user's.
    expect(screen.getByTestId('mail-oauth-tenant')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('mail-oauth-tenant-locked')).toBeNull();
  });

  it('locks the code on another device on when the policy allows it, and leaves the rest free', async () => {
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: { ...noPolicy.policy, oauthDeviceCodeAllowed: true },
    };
    const user = userEvent.setup();
    render(MailConnectionForm);
    await user.click(screen.getByTestId('mail-sign-in-oauth2'));
    await user.click(screen.getByText('Papildu'));
    expect(screen.getByTestId('mail-oauth-device-code')).toBeChecked();
    expect(screen.getByTestId('mail-oauth-device-code')).toBeDisabled();
    expect(screen.getByTestId('mail-oauth-device-code-locked')).toBeInTheDocument();
    expect(screen.getByTestId('mail-oauth-authority')).toHaveValue('https://login.microsoftonline.com');
    expect(screen.getByTestId('mail-oauth-authority')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('mail-oauth-authority-locked')).toBeNull();
    expect(screen.getByTestId('mail-oauth-scopes')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('mail-oauth-scopes-locked')).toBeNull();
  });
});

describe('reference pattern tester', () => {
  it('shows what the pattern finds in each example line, live', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    const results = screen.getAllByTestId('mail-pattern-result');
    expect(results[0]).toHaveTextContent('atrasts: VRAA-2026-000123');
    expect(results[0]?.querySelector('mark')).toHaveTextContent('VRAA-2026-000123');
    expect(results[1]).toHaveTextContent('nekas nav atrasts');
    expect(results[1]?.querySelector('mark')).toBeNull();

    const examples = screen.getByTestId('mail-pattern-examples');
    await user.clear(examples);
    await user.type(examples, 'Pieteikums Nr. 2026/77 pieņemts');
    expect(screen.getAllByTestId('mail-pattern-result')).toHaveLength(1);
    expect(screen.getByTestId('mail-pattern-result')).toHaveTextContent('nekas nav atrasts');

    const pattern = screen.getByTestId('mail-pattern');
    await user.clear(pattern);
    await user.type(pattern, String.raw`Nr\. \d{{4}/\d+`);
    expect(screen.getByTestId('mail-pattern-result')).toHaveTextContent('atrasts: Nr. 2026/77');
  });

  it('says in the user’s language when the pattern does not compile, or matches empty text', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    const pattern = screen.getByTestId('mail-pattern');
    await user.clear(pattern);
    await user.type(pattern, String.raw`VRAA-(\d{{4}`);
    expect(screen.getByTestId('mail-pattern-invalid')).toHaveTextContent('Paraugs nav derīga regulārā izteiksme.');
    expect(screen.queryByTestId('mail-pattern-result')).toBeNull();
    expect(pattern).toHaveAttribute('aria-invalid', 'true');

    applyLanguage('en');
    await vi.waitFor(() =>
      expect(screen.getByTestId('mail-pattern-invalid')).toHaveTextContent('The pattern is not a valid regular expression.'),
    );

    await user.clear(pattern);
    await user.type(pattern, '.*');
    expect(screen.getByTestId('mail-pattern-invalid')).toHaveTextContent('matches empty text');
  });

  it('treats Rust’s leading inline flags as JavaScript flags', () => {
    const check = checkPattern(String.raw`(?i)vraa-\d{4}-\d{6}`);
    expect(check.kind).toBe('ok');
    expect(check.kind === 'ok' && check.regex.exec('Nr. VRAA-2026-000123')?.[0]).toBe('VRAA-2026-000123');
  });
});

describe('form helpers', () => {
  it('suggests mail.<domain>, parses folders and picks ports', () => {
    expect(suggestedHost(' Anna@VVD.gov.lv ')).toBe('mail.vvd.gov.lv');
    expect(suggestedHost('anna')).toBe('');
    expect(suggestedHost('anna@')).toBe('');
    expect(parseFolders(' VRAA, Arhīvs/VRAA\n\nVRAA ,')).toEqual(['VRAA', 'Arhīvs/VRAA']);
    expect(portAfterTlsChange('smtp', 587, 'startTls', 'implicit')).toBe(465);
    expect(portAfterTlsChange('smtp', 2525, 'startTls', 'implicit')).toBe(2525);
    expect(portAfterTlsChange('imap', null, 'implicit', 'startTls')).toBe(143);
  });
});

describe('connecting', () => {
  it('sends exactly the settings and the password, says it is checking, and then clears the password', async () => {
    let finish: ((view: ConnectionView) => void) | undefined;
    mockApi.connectMail.mockImplementationOnce(
      () => new Promise((resolve) => (finish = (view) => resolve({ status: 'ok', data: view }))),
    );
    const onconnected = vi.fn();
    const user = userEvent.setup();
    render(MailConnectionForm, { props: { onconnected } });
    await fillRequired(user);
    await user.type(screen.getByTestId('mail-contract'), '   ');
    await user.type(screen.getByTestId('mail-extra-folders'), ' VRAA, Arhīvs/VRAA{Enter}Projekti ,');
    await user.click(screen.getByTestId('mail-submit'));

    const sent = { ...expectedSettings, extraFolders: ['VRAA', 'Arhīvs/VRAA', 'Projekti'] };
    expect(mockApi.connectMail).toHaveBeenCalledExactlyOnceWith(sent, 'pasta-parole', false);
    expect(screen.getByTestId('mail-submit')).toBeDisabled();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Pārbauda abus pasta serverus…');
    expect(screen.getByTestId('mail-password')).toHaveValue('');

    finish?.(mailConnection(sent));
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(connection.view?.mail?.address).toBe('anna.kalnina@vvd.gov.lv');
    expect(onconnected).toHaveBeenCalledOnce();
    expect(screen.getByTestId('mail-submit')).toBeEnabled();
  });

  it('sends a user name and contract of its own, trimmed', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.type(screen.getByTestId('mail-user-name'), ' VVD\\akalnina ');
    await user.type(screen.getByTestId('mail-contract'), ' VRAA-L-2025/17 ');
    await user.type(screen.getByTestId('mail-sent-folder'), ' Nosūtītie ');
    await user.click(screen.getByTestId('mail-submit'));
    expect(mockApi.connectMail).toHaveBeenCalledWith(
      { ...expectedSettings, userName: 'VVD\\akalnina', contractNumber: 'VRAA-L-2025/17', sentFolder: 'Nosūtītie' },
      'pasta-parole',
      false,
    );
  });

  it('shows a refused sign-in at the password field', async () => {
    mockApi.connectMail.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'mailSignInRefused',
        field: 'password',
        detail: 'NO [AUTHENTICATIONFAILED]',
        message: {
          lv: 'Pasta serveris nepieņēma šo adresi un paroli (nepareiza vai beigusies parole)',
          en: 'The mail server did not accept this address and password (wrong or expired password)',
        },
      },
    });
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.click(screen.getByTestId('mail-submit'));

    const error = await screen.findByTestId('mail-password-error');
    expect(error).toHaveTextContent('Pasta serveris nepieņēma šo adresi un paroli');
    const passwordInput = screen.getByTestId('mail-password');
    expect(passwordInput).toHaveAttribute('aria-invalid', 'true');
    expect(passwordInput.getAttribute('aria-describedby')).toContain('mail-password-error');
    expect(document.activeElement).toBe(passwordInput);
    expect(passwordInput).toHaveValue('');
    expect(screen.queryByTestId('mail-imap-error')).toBeNull();
    expect(screen.getByTestId('mail-address')).toHaveValue('anna.kalnina@vvd.gov.lv');
    expect(screen.getByTestId('mail-message')).toHaveTextContent('izlabojiet atzīmēto lauku');
    expect(connection.view?.mode).toBe('notConfigured');

    applyLanguage('en');
    await vi.waitFor(() =>
      expect(screen.getByTestId('mail-password-error')).toHaveTextContent('The mail server did not accept this address'),
    );
  });

  it('shows an IMAP problem at the IMAP fields', async () => {
    mockApi.connectMail.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'mailSettingsInvalid',
        field: 'imap',
        detail: null,
        message: { lv: '“mail vvd” nav servera nosaukums', en: '“mail vvd” is not a server name' },
      },
    });
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.click(screen.getByTestId('mail-submit'));

    const error = await screen.findByTestId('mail-imap-error');
    expect(error).toHaveTextContent('“mail vvd” nav servera nosaukums');
    expect(within(screen.getByTestId('mail-imap')).getByTestId('mail-imap-error')).toBe(error);
    expect(screen.getByTestId('mail-imap-host')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('mail-imap-port')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('mail-imap-host').getAttribute('aria-describedby')).toContain('mail-imap-error');
    expect(document.activeElement).toBe(screen.getByTestId('mail-imap-host'));
    expect(screen.getByTestId('mail-smtp-host')).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByTestId('mail-smtp-error')).toBeNull();
    expect(screen.queryByTestId('mail-password-error')).toBeNull();
  });

  it('refuses a port that is not a number without calling the Rust side', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.clear(screen.getByTestId('mail-smtp-port'));
    await user.click(screen.getByTestId('mail-submit'));
    expect(await screen.findByTestId('mail-smtp-error')).toHaveTextContent('no 1 līdz 65535');
    expect(mockApi.connectMail).not.toHaveBeenCalled();
    expect(screen.getByTestId('mail-password')).toHaveValue('pasta-parole');
  });

  it('shows a problem without a form field below the form', async () => {
    mockApi.connectMail.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'connectionUnusable', field: null, detail: 'no INBOX' },
    });
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.click(screen.getByTestId('mail-submit'));
    expect(await screen.findByTestId('mail-message')).toHaveTextContent(
      'Savienojums nav izveidots. Ar šiem iestatījumiem savienojumu nevar izmantot',
    );
  });

  it('asks before switching away from a connection with queued actions, and retries with the same password', async () => {
    mockApi.connectMail.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'queuedForOtherConnection',
        field: null,
        detail: null,
        message: {
          lv: '3 darbības vēl gaida nosūtīšanu savienojumam https://pieteikumi.vraa.gov.lv.',
          en: '3 actions are still waiting to be sent for https://pieteikumi.vraa.gov.lv.',
        },
      },
    });
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.click(screen.getByTestId('mail-submit'));

    const question = await screen.findByTestId('mail-switch');
    expect(question).toHaveTextContent('3 darbības vēl gaida nosūtīšanu');
    expect(question).toHaveAttribute('role', 'alertdialog');
    expect(mockApi.connectMail).toHaveBeenCalledTimes(1);
    expect(mockApi.connectMail).toHaveBeenLastCalledWith(expectedSettings, 'pasta-parole', false);
    expect(screen.getByTestId('mail-password')).toHaveValue('');
    expect(connection.view?.mode).toBe('notConfigured');

    await user.click(screen.getByTestId('mail-switch-yes'));
    expect(mockApi.connectMail).toHaveBeenCalledTimes(2);
    expect(mockApi.connectMail).toHaveBeenLastCalledWith(expectedSettings, 'pasta-parole', true);
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(screen.queryByTestId('mail-switch')).toBeNull();
  });

  it('stays with the current connection when the user says so', async () => {
    mockApi.connectMail.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'queuedForOtherConnection', field: null, detail: null },
    });
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillRequired(user);
    await user.click(screen.getByTestId('mail-submit'));
    await user.click(await screen.findByTestId('mail-switch-no'));
    expect(screen.queryByTestId('mail-switch')).toBeNull();
    expect(mockApi.connectMail).toHaveBeenCalledTimes(1);
    expect(connection.view?.mode).toBe('notConfigured');
  });
});
