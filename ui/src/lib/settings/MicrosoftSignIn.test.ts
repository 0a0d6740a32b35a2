// "Sign in with Microsoft" in the e-mail connection form: start → waiting panel → finish, cancel,
// the code on another device, a stale finish after a second start, errors at their field, the
// policy's directory, app registration, sign-in service, permissions and code on another device,
// and the switch question.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, type ApiResult, type UiError } from '$lib/api';
import type { ConnectionView, MailSettings, OAuthSettings, SignInStarted } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { connection } from '$lib/connection.svelte';
import { notConfigured } from '$lib/testing/samples';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import {
  mailConnection,
  noPolicy,
  sampleBrowserSignIn,
  sampleDeviceSignIn,
  type MockApi,
} from '$lib/testing/mock-api';
import MailConnectionForm from './MailConnectionForm.svelte';
import { MicrosoftSignIn } from './microsoft-sign-in.svelte';

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

afterEach(() => {
  vi.useRealTimers();
});

type User = ReturnType<typeof userEvent.setup>;
type Finish = ApiResult<ConnectionView>;

const CLIENT_ID = '9e5f94bc-e8a4-4e73-b8be-63364c29d753';

const expectedOAuth: OAuthSettings = {
  authority: 'https://login.microsoftonline.com',
  tenant: 'organizations',
  clientId: CLIENT_ID,
  scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
  deviceCodeAllowed: false,
};

const expectedSettings: MailSettings = {
  address: 'anna.kalnina@vvd.gov.lv',
  userName: 'anna.kalnina@vvd.gov.lv',
  displayName: 'Anna Kalniņa',
  institutionName: 'Valsts vides dienests',
  contractNumber: null,
  imap: { host: 'mail.vvd.gov.lv', port: 993, tls: 'implicit' },
  smtp: { host: 'mail.vvd.gov.lv', port: 587, tls: 'startTls' },
  signIn: 'oauth2',
  oauth: expectedOAuth,
  vraaAddress: 'IT@vraa.gov.lv',
  referencePattern: String.raw`VRAA-\d{4}-\d{6}`,
  extraFolders: [],
  sentFolder: null,
};

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** The next finish waits until the test answers it. */
function pendingFinish(): (answer: Finish) => void {
  const finish = deferred<Finish>();
  mockApi.finishMicrosoftSignIn.mockImplementationOnce(() => finish.promise);
  return finish.resolve;
}

function error(code: UiError['code'], field: string | null, lv: string, en: string): { status: 'error'; error: UiError } {
  return { status: 'error', error: { code, field, detail: null, message: { lv, en } } };
}

const cancelledAnswer = error('signInCancelled', null, 'Pierakstīšanās tika pārtraukta', 'The sign-in was abandoned');

async function fillForMicrosoft(user: User, { deviceCode = false } = {}): Promise<void> {
  await user.click(screen.getByTestId('mail-sign-in-oauth2'));
  await user.type(screen.getByTestId('mail-address'), 'anna.kalnina@vvd.gov.lv');
  await user.type(screen.getByTestId('mail-display-name'), 'Anna Kalniņa');
  await user.type(screen.getByTestId('mail-institution'), 'Valsts vides dienests');
  await user.type(screen.getByTestId('mail-oauth-client-id'), CLIENT_ID);
  if (deviceCode) {
    await user.click(screen.getByText('Papildu'));
    await user.click(screen.getByTestId('mail-oauth-device-code'));
  }
}

describe('signing in with Microsoft', () => {
  it('opens the sign-in page in the system browser again from the link, never in the window, and says when it cannot', async () => {
    const finish = pendingFinish();
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    const link = await screen.findByTestId('sign-in-link');
    const navigated = vi.fn();
    window.addEventListener('click', (event) => navigated(event.defaultPrevented), { once: true });
    await user.click(link);
    expect(mockApi.openSignInPage).toHaveBeenCalledOnce();
    expect(navigated).toHaveBeenCalledWith(true);
    expect(screen.queryByTestId('sign-in-open-failed')).toBeNull();

    mockApi.openSignInPage.mockResolvedValueOnce(
      error('internal', null, 'Programmu neizdevās palaist', 'The program could not be started'),
    );
    await user.click(link);
    expect(await screen.findByTestId('sign-in-open-failed')).toHaveTextContent(
      'Pārlūku neizdevās atvērt: Programmu neizdevās palaist',
    );
    finish(cancelledAnswer);
    await vi.waitFor(() => expect(screen.queryByTestId('sign-in-waiting')).toBeNull());
  });

  it('starts the sign-in, shows the link while it waits read-only, and connects when it finishes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T15:02:00Z'));
    const finish = pendingFinish();
    const onconnected = vi.fn();
    const user = userEvent.setup();
    render(MailConnectionForm, { props: { onconnected } });
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));

    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledExactlyOnceWith(expectedSettings, false);
    expect(mockApi.connectMail).not.toHaveBeenCalled();
    const panel = await screen.findByTestId('sign-in-waiting');
    expect(panel).toHaveTextContent('Turpiniet pārlūkā');
    const link = screen.getByRole('link', { name: sampleBrowserSignIn.authorizeUrl ?? '' });
    expect(link).toHaveAttribute('href', sampleBrowserSignIn.authorizeUrl);
    // 600 s from 15:02 UTC is 15:12 UTC, 17:12 in Riga (24-hour clock).
    expect(screen.getByTestId('sign-in-expires')).toHaveTextContent('Saite ir derīga līdz 17:12.');
    expect(mockApi.finishMicrosoftSignIn).toHaveBeenCalledExactlyOnceWith(false);

    // Read-only while it waits: what is signed in is what was sent.
    expect(screen.getByTestId('mail-address')).toBeDisabled();
    expect(screen.getByTestId('mail-oauth-client-id')).toBeDisabled();
    expect(screen.getByTestId('mail-sign-in-password')).toBeDisabled();
    expect(screen.getByTestId('mail-submit')).toBeDisabled();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Gaida pierakstīšanos…');
    // No code on another device unless the settings allow it.
    expect(screen.queryByTestId('sign-in-use-code')).toBeNull();
    expect(document.activeElement).toHaveTextContent('Turpiniet pārlūkā');

    applyLanguage('en');
    await vi.waitFor(() => expect(panel).toHaveTextContent('Continue in your browser'));
    expect(screen.getByTestId('sign-in-expires')).toHaveTextContent('The link is valid until 17:12.');

    finish({ status: 'ok', data: mailConnection(expectedSettings) });
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(connection.view?.mail?.signIn).toBe('oauth2');
    expect(onconnected).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('sign-in-waiting')).toBeNull();
    expect(screen.getByTestId('mail-address')).toBeEnabled();
    expect(mockApi.cancelMicrosoftSignIn).not.toHaveBeenCalled();
  });

  it('cancels: a quiet note, nothing changed, and the form can be edited again', async () => {
    const finish = pendingFinish();
    mockApi.cancelMicrosoftSignIn.mockImplementationOnce(async () => {
      finish(cancelledAnswer); // the Rust side ends the pending finish
      return { status: 'ok', data: undefined };
    });
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    await user.click(await screen.findByRole('button', { name: 'Atcelt' }));

    expect(mockApi.cancelMicrosoftSignIn).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(screen.queryByTestId('sign-in-waiting')).toBeNull());
    const message = screen.getByTestId('mail-message');
    expect(message).toHaveTextContent('Pierakstīšanās atcelta; nekas nav mainīts.');
    expect(message).not.toHaveClass('error');
    expect(screen.queryByText('Pierakstīšanās tika pārtraukta')).toBeNull();
    expect(screen.getByTestId('mail-address')).toBeEnabled();
    expect(screen.getByTestId('mail-address')).toHaveValue('anna.kalnina@vvd.gov.lv');
    expect(screen.getByTestId('mail-submit')).toBeEnabled();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Pierakstīties ar Microsoft');
    expect(connection.view?.mode).toBe('notConfigured');

    // Signing in again starts afresh and clears the note.
    await user.click(screen.getByTestId('mail-submit'));
    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(screen.getByTestId('mail-message')).not.toHaveTextContent('atcelta');
  });

  it('treats a sign-in cancelled in the browser the same way', async () => {
    mockApi.finishMicrosoftSignIn.mockResolvedValueOnce(cancelledAnswer);
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('mail-message')).toHaveTextContent('Pierakstīšanās atcelta; nekas nav mainīts.'),
    );
    expect(mockApi.cancelMicrosoftSignIn).not.toHaveBeenCalled();
    expect(screen.getByTestId('mail-address')).toBeEnabled();
  });

  it('shows the code large with the address to open when a code on another device is used', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T15:02:00Z'));
    pendingFinish();
    pendingFinish();
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user, { deviceCode: true });
    await user.click(screen.getByTestId('mail-submit'));
    await user.click(await screen.findByRole('button', { name: 'Tā vietā izmantot kodu citā ierīcē' }));

    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledTimes(2);
    expect(mockApi.startMicrosoftSignIn).toHaveBeenLastCalledWith(
      { ...expectedSettings, oauth: { ...expectedOAuth, deviceCodeAllowed: true } },
      true,
    );
    const panel = await screen.findByText('Pierakstieties citā ierīcē');
    expect(panel).toBeInTheDocument();
    expect(screen.getByTestId('sign-in-user-code')).toHaveTextContent('K7QM-2XPW');
    expect(screen.getByRole('link', { name: 'https://microsoft.com/devicelogin' })).toHaveAttribute(
      'href',
      sampleDeviceSignIn.verificationUri,
    );
    expect(screen.queryByTestId('sign-in-link')).toBeNull();
    // 900 s from 15:02 UTC: 17:17 in Riga.
    expect(screen.getByTestId('sign-in-expires')).toHaveTextContent('Kods ir derīgs līdz 17:17.');
    expect(screen.queryByTestId('sign-in-use-code')).toBeNull();
    expect(mockApi.finishMicrosoftSignIn).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('mail-address')).toBeDisabled();
  });

  it('ignores the first sign-in’s finish once a second start replaced it', async () => {
    const firstFinish = pendingFinish();
    const secondFinish = pendingFinish();
    const secondStart = deferred<ApiResult<SignInStarted>>();
    const onconnected = vi.fn();
    const user = userEvent.setup();
    render(MailConnectionForm, { props: { onconnected } });
    await fillForMicrosoft(user, { deviceCode: true });
    await user.click(screen.getByTestId('mail-submit'));
    await screen.findByTestId('sign-in-link');
    mockApi.startMicrosoftSignIn.mockImplementationOnce(() => secondStart.promise);
    await user.click(screen.getByTestId('sign-in-use-code'));
    expect(screen.getByTestId('sign-in-use-code')).toHaveTextContent('Saņem kodu…');

    // Replacing it cancels the first sign-in before the second start has even answered.
    firstFinish(cancelledAnswer);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByTestId('sign-in-waiting')).toBeInTheDocument();
    expect(screen.getByTestId('mail-message')).not.toHaveTextContent('atcelta');

    secondStart.resolve({ status: 'ok', data: structuredClone(sampleDeviceSignIn) });
    expect(await screen.findByTestId('sign-in-user-code')).toHaveTextContent('K7QM-2XPW');
    expect(screen.getByTestId('mail-message')).not.toHaveTextContent('atcelta');
    expect(screen.getByTestId('mail-address')).toBeDisabled();
    expect(mockApi.finishMicrosoftSignIn).toHaveBeenCalledTimes(2);

    secondFinish({ status: 'ok', data: mailConnection(expectedSettings) });
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(onconnected).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('sign-in-waiting')).toBeNull();
  });

  it('keeps waiting for the browser when no code could be had', async () => {
    const finish = pendingFinish();
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user, { deviceCode: true });
    await user.click(screen.getByTestId('mail-submit'));
    await screen.findByTestId('sign-in-link');
    mockApi.startMicrosoftSignIn.mockResolvedValueOnce(
      error('signInFailed', null, 'Direktorijs neļauj pierakstīties ar kodu', 'The directory does not allow sign-in with a code'),
    );
    await user.click(screen.getByTestId('sign-in-use-code'));

    expect(await screen.findByTestId('sign-in-code-failed')).toHaveTextContent(
      'Kodu neizdevās saņemt: Direktorijs neļauj pierakstīties ar kodu Varat turpināt pārlūkā.',
    );
    expect(screen.getByTestId('sign-in-link')).toBeInTheDocument();
    expect(screen.getByTestId('sign-in-cancel')).toBeEnabled();
    finish({ status: 'ok', data: mailConnection(expectedSettings) });
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
  });

  it('shows a refused app id at the client id field, focused, with the form editable', async () => {
    mockApi.startMicrosoftSignIn.mockResolvedValueOnce(
      error(
        'mailSettingsInvalid',
        'oauthClientId',
        'Microsoft nepazīst šo lietotnes (klienta) ID',
        'Microsoft does not know this application (client) ID',
      ),
    );
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));

    const message = await screen.findByTestId('mail-oauth-client-id-error');
    expect(message).toHaveTextContent('Microsoft nepazīst šo lietotnes (klienta) ID');
    const input = screen.getByTestId('mail-oauth-client-id');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input.getAttribute('aria-describedby')).toContain('mail-oauth-client-id-error');
    await vi.waitFor(() => expect(document.activeElement).toBe(input));
    expect(input).toBeEnabled();
    expect(screen.getByTestId('mail-oauth-tenant')).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByTestId('sign-in-waiting')).toBeNull();
    expect(mockApi.finishMicrosoftSignIn).not.toHaveBeenCalled();
    expect(screen.getByTestId('mail-message')).toHaveTextContent('izlabojiet atzīmēto lauku');

    applyLanguage('en');
    await vi.waitFor(() => expect(message).toHaveTextContent('Microsoft does not know this application (client) ID'));
  });

  it('opens the advanced fold to show a problem with the scopes', async () => {
    mockApi.startMicrosoftSignIn.mockResolvedValueOnce(
      error('mailSettingsInvalid', 'oauthScopes', 'Norādiet vismaz vienu atļauju', 'Name at least one permission'),
    );
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    expect(screen.getByTestId('mail-oauth-scopes')).not.toBeVisible();
    await user.click(screen.getByTestId('mail-submit'));
    expect(await screen.findByTestId('mail-oauth-scopes-error')).toHaveTextContent('Norādiet vismaz vienu atļauju');
    expect(screen.getByTestId('mail-oauth-scopes')).toBeVisible();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('mail-oauth-scopes')));
  });

  it('sends scopes typed one per line or separated by spaces as a list', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByText('Papildu'));
    const scopes = screen.getByTestId('mail-oauth-scopes');
    await user.clear(scopes);
    await user.type(scopes, 'https://outlook.office.com/IMAP.AccessAsUser.All  offline_access{Enter}{Enter} openid');
    await user.click(screen.getByTestId('mail-submit'));
    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledWith(
      {
        ...expectedSettings,
        oauth: { ...expectedOAuth, scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'offline_access', 'openid'] },
      },
      false,
    );
  });

  it('shows a failed sign-in’s own words below the form', async () => {
    mockApi.finishMicrosoftSignIn.mockResolvedValueOnce(
      error(
        'signInFailed',
        null,
        'Microsoft atteica: lietotājam nav atļaujas lasīt pastu',
        'Microsoft refused: the user may not read mail',
      ),
    );
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('mail-message')).toHaveTextContent(
        'Savienojums nav izveidots. Microsoft atteica: lietotājam nav atļaujas lasīt pastu',
      ),
    );
    expect(screen.getByTestId('mail-message')).toHaveClass('error');
    expect(screen.getByTestId('mail-address')).toBeEnabled();
    expect(connection.view?.mode).toBe('notConfigured');
  });

  it('asks before switching connections and then finishes the kept sign-in, without a new start', async () => {
    mockApi.finishMicrosoftSignIn.mockResolvedValueOnce(
      error(
        'queuedForOtherConnection',
        null,
        '2 darbības vēl gaida nosūtīšanu savienojumam https://pieteikumi.vraa.gov.lv.',
        '2 actions are still waiting to be sent for https://pieteikumi.vraa.gov.lv.',
      ),
    );
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    expect(await screen.findByTestId('mail-switch')).toHaveTextContent('2 darbības vēl gaida nosūtīšanu');
    expect(connection.view?.mode).toBe('notConfigured');

    await user.click(screen.getByTestId('mail-switch-yes'));
    expect(mockApi.finishMicrosoftSignIn).toHaveBeenLastCalledWith(true);
    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledTimes(1);
    expect(mockApi.connectMail).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(screen.queryByTestId('mail-switch')).toBeNull();
  });

  it('drops the kept sign-in when the user stays with the current connection', async () => {
    mockApi.finishMicrosoftSignIn.mockResolvedValueOnce(error('queuedForOtherConnection', null, 'Gaida', 'Waiting'));
    const user = userEvent.setup();
    render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    await user.click(await screen.findByTestId('mail-switch-no'));
    expect(mockApi.cancelMicrosoftSignIn).toHaveBeenCalledOnce();
    expect(mockApi.finishMicrosoftSignIn).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('mail-switch')).toBeNull();
    expect(connection.view?.mode).toBe('notConfigured');
  });

  it('cancels a sign-in still waiting when the form closes', async () => {
    pendingFinish();
    const user = userEvent.setup();
    const { unmount } = render(MailConnectionForm);
    await fillForMicrosoft(user);
    await user.click(screen.getByTestId('mail-submit'));
    await screen.findByTestId('sign-in-waiting');
    unmount();
    expect(mockApi.cancelMicrosoftSignIn).toHaveBeenCalledOnce();
  });
});

describe('Microsoft 365 and the organisation’s policy', () => {
  it('locks the directory and app id the policy sets, and starts with the Microsoft sign-in', () => {
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: { ...noPolicy.policy, oauthTenant: 'vvd.onmicrosoft.com', oauthClientId: CLIENT_ID },
    };
    render(MailConnectionForm);
    expect(screen.getByTestId('mail-sign-in-oauth2')).toBeChecked();
    const tenant = screen.getByTestId('mail-oauth-tenant');
    expect(tenant).toHaveValue('vvd.onmicrosoft.com');
    expect(tenant).toHaveAttribute('readonly');
    expect(screen.getByTestId('mail-oauth-tenant-locked')).toHaveTextContent('Iestatījis jūsu iestādes IT');
    const clientId = screen.getByTestId('mail-oauth-client-id');
    expect(clientId).toHaveValue(CLIENT_ID);
    expect(clientId).toHaveAttribute('readonly');
    expect(screen.getByTestId('mail-oauth-client-id-locked')).toBeInTheDocument();
    // The rest stays the user's.
    expect(screen.getByTestId('mail-oauth-authority')).not.toHaveAttribute('readonly');
  });

  it('leaves every field free without a policy', async () => {
    const user = userEvent.setup();
    render(MailConnectionForm);
    await user.click(screen.getByTestId('mail-sign-in-oauth2'));
    expect(screen.getByTestId('mail-oauth-tenant')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('mail-oauth-tenant-locked')).toBeNull();
    expect(screen.queryByTestId('mail-oauth-client-id-locked')).toBeNull();
    expect(screen.getByTestId('mail-oauth-authority')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('mail-oauth-authority-locked')).toBeNull();
    expect(screen.getByTestId('mail-oauth-scopes')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('mail-oauth-scopes-locked')).toBeNull();
    expect(screen.getByTestId('mail-oauth-device-code')).toBeEnabled();
    expect(screen.queryByTestId('mail-oauth-device-code-locked')).toBeNull();
  });

  it('signs in with the service and permissions the policy sets, and offers the code it allows', async () => {
    pendingFinish();
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: {
        ...noPolicy.policy,
        oauthClientId: CLIENT_ID,
        oauthAuthority: 'https://login.microsoftonline.us',
        oauthScopes: ['https://outlook.office365.us/IMAP.AccessAsUser.All', 'https://outlook.office365.us/SMTP.Send'],
        oauthDeviceCodeAllowed: true,
      },
    };
    const user = userEvent.setup();
    render(MailConnectionForm);
    // The policy's app registration: the form starts with the Microsoft sign-in, id filled in.
    await user.type(screen.getByTestId('mail-address'), 'anna.kalnina@vvd.gov.lv');
    await user.type(screen.getByTestId('mail-display-name'), 'Anna Kalniņa');
    await user.type(screen.getByTestId('mail-institution'), 'Valsts vides dienests');
    await user.click(screen.getByTestId('mail-submit'));

    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledWith(
      {
        ...expectedSettings,
        oauth: {
          ...expectedOAuth,
          authority: 'https://login.microsoftonline.us',
          scopes: ['https://outlook.office365.us/IMAP.AccessAsUser.All', 'https://outlook.office365.us/SMTP.Send'],
          deviceCodeAllowed: true,
        },
      },
      false,
    );
    // The user never ticked it: the policy's "on" offers the code on another device.
    expect(await screen.findByTestId('sign-in-use-code')).toBeInTheDocument();
  });

  it('does not offer the code on another device the policy turned off, though the saved settings allowed it', async () => {
    pendingFinish();
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: { ...noPolicy.policy, oauthDeviceCodeAllowed: false },
    };
    const saved: MailSettings = { ...expectedSettings, oauth: { ...expectedOAuth, deviceCodeAllowed: true } };
    const user = userEvent.setup();
    render(MailConnectionForm, { props: { initial: saved } });
    expect(screen.getByTestId('mail-oauth-device-code')).not.toBeChecked();
    await user.click(screen.getByTestId('mail-submit'));

    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledWith(
      { ...expectedSettings, oauth: { ...expectedOAuth, deviceCodeAllowed: false } },
      false,
    );
    expect(await screen.findByTestId('sign-in-link')).toBeInTheDocument();
    expect(screen.queryByTestId('sign-in-use-code')).toBeNull();
  });

  it('follows the policy’s code on another device when signing in again with saved settings', async () => {
    // The sync card's "sign in again" starts from the saved settings, not from the form.
    pendingFinish();
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: { ...noPolicy.policy, oauthDeviceCodeAllowed: false },
    };
    const signIn = new MicrosoftSignIn({ onconnected: vi.fn(), onfailed: vi.fn(), oncancelled: vi.fn() });
    void signIn.start({ ...expectedSettings, oauth: { ...expectedOAuth, deviceCodeAllowed: true } });
    await vi.waitFor(() => expect(signIn.phase).toBe('waiting'));
    expect(signIn.canUseCode).toBe(false);
    signIn.dispose();
  });

  it('is pre-filled from a saved Microsoft connection', () => {
    const saved: MailSettings = {
      ...expectedSettings,
      oauth: { ...expectedOAuth, tenant: 'vvd.onmicrosoft.com', deviceCodeAllowed: true },
    };
    render(MailConnectionForm, { props: { initial: saved } });
    expect(screen.getByTestId('mail-sign-in-oauth2')).toBeChecked();
    expect(screen.queryByTestId('mail-password')).toBeNull();
    expect(screen.getByTestId('mail-oauth-tenant')).toHaveValue('vvd.onmicrosoft.com');
    expect(screen.getByTestId('mail-oauth-client-id')).toHaveValue(CLIENT_ID);
    expect(screen.getByTestId('mail-oauth-device-code')).toBeChecked();
  });
});
