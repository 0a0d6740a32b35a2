import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import type { MockApi } from '$lib/testing/mock-api';
import { catalogue, draftView, licenceAssign } from './test-fixtures';
import NewRequest from './NewRequest.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  // "Today" for the draft-status times; only Date is faked, timers run for real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T15:00:00Z'));
  vi.resetAllMocks();
  // The form screens' catalogue (licenceAssign and the rest), set again after the reset.
  mockApi.getCatalogue.mockImplementation(async () => ({ status: 'ok', data: structuredClone(catalogue) }));
  // A save answers with the draft as the Rust side keeps it: the first save creates `draft-1`.
  mockApi.saveDraft.mockImplementation(async (input) => ({
    status: 'ok',
    data: {
      id: input.id ?? 'draft-1',
      requestTypeId: input.requestTypeId,
      typeName: { lv: 'Tips', en: 'Type' },
      serviceId: 'email',
      subject: input.subject,
      description: input.description,
      fields: input.fields,
      attachments: input.attachments,
      createdAt: '2026-11-23T14:40:00Z',
      updatedAt: '2026-11-23T14:42:00Z',
    },
  }));
  // Every file chosen passes the check, as a small PDF.
  mockApi.checkAttachments.mockImplementation(async (paths) => ({
    status: 'ok',
    data: paths.map((path) => ({
      path,
      fileName: path.split('/').pop() ?? path,
      size: 2048,
      contentType: 'application/pdf',
      problem: null,
    })),
  }));
  appState.notices = [];
  applyLanguage('lv');
  window.location.hash = '#/new-request';
});

afterEach(() => {
  vi.useRealTimers();
});

async function openLicenceForm(user = userEvent.setup()) {
  render(NewRequest);
  await user.click(await screen.findByTestId('service-email'));
  await user.click(screen.getByTestId('request-type-email.licence_assign'));
  await screen.findByTestId('field-user_name');
  return user;
}

describe('choosing a service and a request type', () => {
  it('shows the catalogue in the current language, then the types, then the generated form', async () => {
    const user = userEvent.setup();
    render(NewRequest);
    const card = await screen.findByTestId('service-email');
    expect(card).toHaveTextContent('E-pasta servispakalpojums');
    expect(card).toHaveTextContent('Pakalpojuma laiks: Darba dienās 08:00–18:00');
    applyLanguage('en');
    await waitFor(() => expect(screen.getByTestId('service-email')).toHaveTextContent('E-mail service'));
    expect(screen.getByTestId('service-dvs')).toHaveTextContent('Working days 08:00–18:00');

    await user.click(screen.getByTestId('service-email'));
    expect(screen.getByTestId('request-type-email.licence_assign')).toHaveTextContent('Assign a licence');
    // The pressed card is gone: focus lands on the new step's heading.
    await waitFor(() => expect(screen.getByRole('heading', { name: /Choose a request type/ })).toHaveFocus());
    expect(screen.queryByTestId('service-dvs')).toBeNull();
    await user.click(screen.getByTestId('back-to-services'));
    await user.click(screen.getByTestId('service-email'));
    await user.click(screen.getByTestId('request-type-email.licence_assign'));

    expect(screen.getByLabelText(/User's e-mail/)).toHaveAttribute('type', 'email');
    expect(screen.getByTestId('field-user_email')).toBeRequired();
    // Dates are typed as Latvians write them (the shared DateInput), with a calendar beside.
    expect(screen.getByTestId('field-start_date')).toHaveAttribute('placeholder', 'dd.mm.yyyy.');
    expect(screen.getByLabelText('Start date')).toBe(screen.getByTestId('field-start_date'));
    expect(screen.getByTestId('field-start_date-calendar')).toBeInTheDocument();
    expect(screen.getByTestId('field-start_date')).not.toBeRequired();
    expect(screen.getByTestId('field-purchase_needed')).toHaveAttribute('type', 'checkbox');
    const licence = screen.getByTestId('field-licence');
    expect(licence.tagName).toBe('SELECT');
    expect(within(licence).getByRole('option', { name: 'Exchange Online (Plan 2)' })).toHaveValue('exchange_online_plan_2');
    expect(screen.getByTestId('field-subject')).toBeInTheDocument();
    expect(screen.getByTestId('field-description')).toBeInTheDocument();
    expect(screen.queryByTestId('funding-note')).toBeNull();

    await user.click(screen.getByTestId('back-to-types'));
    expect(screen.getByTestId('request-type-email.account_report')).toBeInTheDocument();
  });

  it('labels fields in Latvian from the schema titles', async () => {
    await openLicenceForm();
    expect(screen.getByLabelText(/Lietotāja e-pasts/)).toBe(screen.getByTestId('field-user_email'));
    expect(screen.getByLabelText(/Jāiegādājas papildu licence/)).toBe(screen.getByTestId('field-purchase_needed'));
  });

  it('shows the funding note for DVS customisation and checkbox groups for array fields', async () => {
    const user = userEvent.setup();
    render(NewRequest);
    await user.click(await screen.findByTestId('service-dvs'));
    await user.click(screen.getByTestId('request-type-dvs.customisation'));
    expect(screen.getByTestId('funding-note')).toHaveTextContent('atbilstoši pieejamajam finansējumam');
    expect(screen.getByTestId('field-requirement').tagName).toBe('TEXTAREA');
    expect(screen.getByTestId('field-requirement')).toHaveAttribute('maxlength', '10000');
    expect(document.getElementById('request-requirement-help')?.textContent).toBe('Ne vairāk kā 10\u00a0000 rakstzīmes.');
    await user.click(screen.getByTestId('back-to-types'));
    await user.click(screen.getByTestId('request-type-dvs.incident'));
    expect(screen.queryByTestId('funding-note')).toBeNull();
    // A date-time is the shared DateTimeInput: a day as `23.11.2026.` and a 24-hour time.
    expect(screen.getByRole('group', { name: 'Sākums' })).toContainElement(screen.getByTestId('field-started_at'));
    expect(screen.getByTestId('field-started_at')).toHaveAttribute('placeholder', 'dd.mm.gggg.');
    expect(screen.getByTestId('field-started_at-time')).toHaveAttribute('placeholder', 'hh:mm');
    expect(screen.getByTestId('field-started_at-time')).toHaveAttribute('type', 'text');

    await user.click(screen.getByTestId('back-to-types'));
    await user.click(screen.getByTestId('back-to-services'));
    await user.click(screen.getByTestId('service-email'));
    await user.click(screen.getByTestId('request-type-email.account_report'));
    const group = screen.getByTestId('field-report_items');
    expect(group.tagName).toBe('FIELDSET');
    expect(within(group).getByText('Iekļaujamā informācija').tagName).toBe('LEGEND');
    expect(within(group).getAllByRole('checkbox')).toHaveLength(5);
    expect(screen.getByTestId('field-accounts').tagName).toBe('TEXTAREA');
  });
  it('saves ticked options in schema order and list lines as arrays', async () => {
    const user = userEvent.setup();
    render(NewRequest);
    await user.click(await screen.findByTestId('service-email'));
    await user.click(screen.getByTestId('request-type-email.account_report'));
    await user.selectOptions(screen.getByTestId('field-scope'), 'listed_accounts');
    await user.click(screen.getByTestId('field-report_items-last_sign_in'));
    await user.click(screen.getByTestId('field-report_items-licences'));
    await user.type(screen.getByTestId('field-accounts'), 'a@varam.gov.lv{Enter}{Enter}b@varam.gov.lv');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
        expect.objectContaining({
          requestTypeId: 'email.account_report',
          fields: {
            scope: 'listed_accounts',
            accounts: ['a@varam.gov.lv', 'b@varam.gov.lv'],
            report_items: ['licences', 'last_sign_in'],
          },
        }),
      ),
    );
    await user.click(screen.getByTestId('field-report_items-licences'));
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
        expect.objectContaining({ fields: expect.objectContaining({ report_items: ['last_sign_in'] }) }),
      ),
    );
  });
});

describe('draft autosave', () => {
  it('saves after the typing stops, keeps the first id and shows when it saved', async () => {
    const user = await openLicenceForm();
    expect(screen.getByTestId('draft-status')).toHaveTextContent('Melnraksts tiks saglabāts automātiski');
    await user.type(screen.getByTestId('field-subject'), 'Licence');
    await waitFor(() => expect(mockApi.saveDraft).toHaveBeenCalledTimes(1));
    expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: null, requestTypeId: 'email.licence_assign', subject: 'Licence' }),
    );
    await waitFor(() => expect(screen.getByTestId('draft-status')).toHaveTextContent('Melnraksts saglabāts 16:42'));

    await user.type(screen.getByTestId('field-user_name'), 'Anna');
    await user.click(screen.getByTestId('field-purchase_needed'));
    await user.selectOptions(screen.getByTestId('field-licence'), 'microsoft_365_e3');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
        expect.objectContaining({
          id: 'draft-1',
          fields: { user_name: 'Anna', licence: 'microsoft_365_e3', purchase_needed: true },
        }),
      ),
    );
    // Debounced: far fewer saves than keystrokes.
    expect(mockApi.saveDraft.mock.calls.length).toBeLessThanOrEqual(3);
    applyLanguage('en');
    await waitFor(() => expect(screen.getByTestId('draft-status')).toHaveTextContent('Draft saved 16:42'));
  });

  it('resumes a draft: loads it, opens the form filled in and saves under the same id', async () => {
    mockApi.getDraft.mockResolvedValueOnce({ status: 'ok', data: draftView({ id: 'draft-77' }) });
    const user = userEvent.setup();
    render(NewRequest, { draftId: 'draft-77' });
    const name = await screen.findByTestId('field-user_name');
    expect(mockApi.getDraft).toHaveBeenCalledWith('draft-77');
    expect(name).toHaveValue('Anna Bērziņa');
    expect(screen.getByTestId('field-licence')).toHaveValue('microsoft_365_e3');
    expect(screen.getByTestId('field-purchase_needed')).toBeChecked();
    expect(screen.getByTestId('field-subject')).toHaveValue('Licence jaunam darbiniekam');
    expect(screen.getByTestId('draft-status')).toHaveTextContent('Melnraksts saglabāts 16:42');

    await user.type(screen.getByTestId('field-user_email'), 'anna@vraa.gov.lv');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
        expect.objectContaining({ id: 'draft-77', fields: expect.objectContaining({ user_email: 'anna@vraa.gov.lv' }) }),
      ),
    );
  });

  it('shows the date too when the draft was saved on another day', async () => {
    mockApi.getDraft.mockResolvedValueOnce({
      status: 'ok',
      data: draftView({ id: 'draft-old', updatedAt: '2026-11-20T08:05:00Z' }),
    });
    render(NewRequest, { draftId: 'draft-old' });
    await screen.findByTestId('field-user_name');
    expect(screen.getByTestId('draft-status')).toHaveTextContent('Melnraksts saglabāts 20.11.2026. 10:05');
  });

  it('says so when the draft cannot be opened', async () => {
    mockApi.getDraft.mockResolvedValueOnce({ status: 'error', error: { code: 'notFound', field: null, detail: null, message: null } });
    render(NewRequest, { draftId: 'gone' });
    expect(await screen.findByTestId('new-request-error')).toHaveTextContent('Melnrakstu neizdevās atvērt');
  });
});

describe('a date-time field (the incident’s start)', () => {
  async function openIncidentForm(user = userEvent.setup()) {
    render(NewRequest);
    await user.click(await screen.findByTestId('service-dvs'));
    await user.click(screen.getByTestId('request-type-dvs.incident'));
    await screen.findByTestId('field-started_at');
    return user;
  }

  it.each<[string, string, string]>([
    ['winter, UTC+2', '23112026', '2026-11-23T07:15:00.000Z'],
    ['summer, UTC+3', '01072026', '2026-07-01T06:15:00.000Z'],
  ])('saves the Riga date and time typed as the UTC instant in the draft’s fields (%s)', async (_season, typedDate, instant) => {
    const user = await openIncidentForm();
    await user.type(screen.getByTestId('field-started_at'), typedDate);
    await user.type(screen.getByTestId('field-started_at-time'), '0915');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
        expect.objectContaining({ requestTypeId: 'dvs.incident', fields: { started_at: instant } }),
      ),
    );
  });

  it('saves no start while the time is no real one, and says why', async () => {
    const user = await openIncidentForm();
    await user.selectOptions(screen.getByTestId('field-impact'), 'department');
    await user.type(screen.getByTestId('field-started_at'), '23112026');
    await user.type(screen.getByTestId('field-started_at-time'), '2515');
    expect(screen.getByTestId('field-started_at-datetime-error')).toHaveTextContent('Laiks 25:15 nav iespējams');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(expect.objectContaining({ fields: { impact: 'department' } })),
    );
    expect(mockApi.saveDraft).not.toHaveBeenCalledWith(
      expect.objectContaining({ fields: expect.objectContaining({ started_at: expect.anything() }) }),
    );
  });

  it('shows a saved start as Riga date and time and sends it back unchanged', async () => {
    mockApi.getDraft.mockResolvedValueOnce({
      status: 'ok',
      data: draftView({
        id: 'draft-dvs',
        requestTypeId: 'dvs.incident',
        serviceId: 'dvs',
        fields: { impact: 'department', started_at: '2026-07-01T06:15:00Z' },
      }),
    });
    const user = userEvent.setup();
    render(NewRequest, { draftId: 'draft-dvs' });
    expect(await screen.findByTestId('field-started_at')).toHaveValue('01.07.2026.');
    expect(screen.getByTestId('field-started_at-time')).toHaveValue('09:15');
    await user.type(screen.getByTestId('field-subject'), ' (papildināts)');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(
        expect.objectContaining({
          id: 'draft-dvs',
          fields: { impact: 'department', started_at: '2026-07-01T06:15:00.000Z' },
        }),
      ),
    );
  });
});

describe('validation', () => {
  const problems = [
    { field: 'user_email', lv: 'Nederīga e-pasta adrese', en: 'Not a valid e-mail address' },
    { field: 'user_name', lv: 'Obligāts lauks', en: 'Required field' },
  ];

  it('shows problems of touched fields while typing and of every field after a submit attempt', async () => {
    mockApi.validateRequest.mockResolvedValue({ status: 'ok', data: problems });
    const user = await openLicenceForm();
    await user.type(screen.getByTestId('field-user_email'), 'anna@');

    const emailProblem = await screen.findByTestId('problem-user_email');
    expect(emailProblem).toHaveTextContent('Nederīga e-pasta adrese');
    const email = screen.getByTestId('field-user_email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email.getAttribute('aria-describedby')).toContain(emailProblem.id);
    // Not touched yet: its problem waits for a submit attempt.
    expect(screen.queryByTestId('problem-user_name')).toBeNull();
    expect(screen.getByTestId('field-user_name')).toHaveAttribute('aria-invalid', 'false');

    await user.click(screen.getByTestId('submit-request'));
    expect(await screen.findByTestId('problem-user_name')).toHaveTextContent('Obligāts lauks');
    expect(screen.getByTestId('submit-problems')).toHaveTextContent('Pieteikumā ir kļūdas (2)');
    expect(mockApi.submitDraft).not.toHaveBeenCalled();

    applyLanguage('en');
    await waitFor(() => expect(screen.getByTestId('problem-user_email')).toHaveTextContent('Not a valid e-mail address'));
  });

  it('submits a valid request, announces it and opens it', async () => {
    const user = await openLicenceForm();
    await user.type(screen.getByTestId('field-subject'), 'Licence Annai');
    await user.click(screen.getByTestId('submit-request'));
    await waitFor(() => expect(mockApi.submitDraft).toHaveBeenCalledWith('draft-1'));
    // Saved and validated exactly what is on screen before submitting.
    expect(mockApi.saveDraft).toHaveBeenLastCalledWith(expect.objectContaining({ subject: 'Licence Annai' }));
    expect(mockApi.validateRequest).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'draft-1', subject: 'Licence Annai' }));
    await waitFor(() => expect(window.location.hash).toBe('#/requests/local-1'));
    expect(appState.notices.at(-1)).toMatchObject({ key: 'newRequest.submitted', params: { subject: 'Licence Annai' } });
  });

  it('shows the bilingual message Rust sends when submitting is refused', async () => {
    mockApi.submitDraft.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'invalidInput',
        field: null,
        detail: null,
        message: { lv: 'Pieteikuma veids vairs nav pieejams', en: 'The request type is no longer offered' },
      } as never,
    });
    const user = await openLicenceForm();
    await user.type(screen.getByTestId('field-subject'), 'X');
    await user.click(screen.getByTestId('submit-request'));
    expect(await screen.findByTestId('submit-error')).toHaveTextContent('Pieteikuma veids vairs nav pieejams');
    expect(window.location.hash).toBe('#/new-request');
  });
});

describe('submitting (issue 11 item 5)', () => {
  it('makes the form read-only while the submission runs', async () => {
    let answer: (value: { status: 'ok'; data: { localId: string } }) => void = () => {};
    mockApi.submitDraft.mockImplementationOnce(
      () => new Promise((resolve) => (answer = resolve)) as ReturnType<typeof mockApi.submitDraft>,
    );
    const user = await openLicenceForm();
    await user.type(screen.getByTestId('field-subject'), 'Licence Annai');
    await user.click(screen.getByTestId('submit-request'));
    await waitFor(() => expect(mockApi.submitDraft).toHaveBeenCalledWith('draft-1'));

    expect(screen.getByTestId('request-form-body')).toBeDisabled();
    expect(screen.getByTestId('field-subject')).toBeDisabled();
    expect(screen.getByTestId('field-user_email')).toBeDisabled();
    const saves = mockApi.saveDraft.mock.calls.length;
    await user.type(screen.getByTestId('field-subject'), ' vēl');
    expect(screen.getByTestId('field-subject')).toHaveValue('Licence Annai');

    answer({ status: 'ok', data: { localId: 'local-1' } });
    await waitFor(() => expect(window.location.hash).toBe('#/requests/local-1'));
    expect(mockApi.saveDraft.mock.calls.length).toBe(saves);
  });

  it('says a draft was already submitted and stops saving instead of re-creating it', async () => {
    const user = await openLicenceForm();
    await user.type(screen.getByTestId('field-subject'), 'A');
    await waitFor(() => expect(mockApi.saveDraft).toHaveBeenCalled());
    mockApi.saveDraft.mockResolvedValue({
      status: 'error',
      error: {
        code: 'draftSubmitted',
        field: null,
        detail: null,
        message: { lv: 'Šis melnraksts jau ir iesniegts', en: 'This draft was already submitted' },
      } as never,
    });
    await user.type(screen.getByTestId('field-subject'), 'B');
    expect(await screen.findByTestId('submit-error')).toHaveTextContent('Šis melnraksts jau ir iesniegts');
    const calls = mockApi.saveDraft.mock.calls.length;
    await user.type(screen.getByTestId('field-subject'), 'C');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(mockApi.saveDraft.mock.calls.length).toBe(calls);
    for (const [input] of mockApi.saveDraft.mock.calls.slice(1)) expect(input.id).toBe('draft-1');
  });
});

describe('attachments', () => {
  it('adds files that pass the limits, lists refused ones with the reason, and removes', async () => {
    mockApi.pickFiles.mockResolvedValueOnce({ status: 'ok', data: ['/home/anna/ligums.pdf', '/home/anna/video.mp4'] });
    mockApi.checkAttachments.mockResolvedValueOnce({
      status: 'ok',
      data: [
        { path: '/home/anna/ligums.pdf', fileName: 'ligums.pdf', size: 1_300_000, contentType: 'application/pdf', problem: null },
        {
          path: '/home/anna/video.mp4',
          fileName: 'video.mp4',
          size: 60_000_000,
          contentType: 'video/mp4',
          problem: { field: 'attachments', lv: 'Fails ir lielāks par 25 MB', en: 'The file is larger than 25 MB' },
        },
      ],
    });
    const user = await openLicenceForm();
    await user.click(screen.getByTestId('attachments-pick'));

    expect(mockApi.pickFiles).toHaveBeenCalledWith('Izvēlieties pievienojamos failus');
    expect(mockApi.checkAttachments).toHaveBeenCalledWith(['/home/anna/ligums.pdf', '/home/anna/video.mp4']);
    const added = await screen.findAllByTestId('attachment');
    expect(added).toHaveLength(1);
    expect(added[0]).toHaveTextContent('ligums.pdf');
    expect(added[0]).toHaveTextContent('1,2 MB');
    const refused = screen.getByTestId('attachment-problem');
    expect(refused).toHaveTextContent('video.mp4');
    expect(refused).toHaveTextContent('Fails ir lielāks par 25 MB');
    await waitFor(() =>
      expect(mockApi.saveDraft).toHaveBeenLastCalledWith(expect.objectContaining({ attachments: ['/home/anna/ligums.pdf'] })),
    );

    await user.click(screen.getByRole('button', { name: 'Noņemt pielikumu ligums.pdf' }));
    expect(screen.queryAllByTestId('attachment')).toHaveLength(0);
    await waitFor(() => expect(mockApi.saveDraft).toHaveBeenLastCalledWith(expect.objectContaining({ attachments: [] })));
  });

  it('checks files dropped on the window while the form is open', async () => {
    const events: { drop?: (paths: string[]) => void } = {};
    mockApi.onFileDrop.mockImplementation(async (callback: (paths: string[]) => void) => {
      events.drop = callback;
      return { status: 'ok' as const, data: () => {} };
    });
    await openLicenceForm();
    await waitFor(() => expect(events.drop).toBeDefined());
    events.drop?.(['C:\\Users\\anna\\saraksts.xlsx']);
    await waitFor(() => expect(screen.getByTestId('attachment')).toHaveTextContent('saraksts.xlsx'));
    expect(mockApi.checkAttachments).toHaveBeenCalledWith(['C:\\Users\\anna\\saraksts.xlsx']);
  });
});

describe('bulk licence import', () => {
  it('is offered for licence types only', async () => {
    const user = await openLicenceForm();
    expect(screen.getByTestId('bulk-mode')).toHaveTextContent('Vairāki no CSV faila');
    await user.click(screen.getByTestId('back-to-types'));
    await user.click(screen.getByTestId('request-type-email.account_report'));
    expect(screen.queryByTestId('bulk-mode')).toBeNull();
    expect(licenceAssign.bulkLicence).toBe(true);
  });

  it('switches to the import and back', async () => {
    await openLicenceForm();
    await fireEvent.click(screen.getByTestId('bulk-mode'));
    expect(screen.getByTestId('bulk-template')).toHaveTextContent('user_name;user_email;licence;purchase_needed;start_date');
    expect(screen.queryByTestId('field-user_name')).toBeNull();
    await fireEvent.click(screen.getByTestId('bulk-back'));
    expect(screen.getByTestId('field-user_name')).toBeInTheDocument();
  });
});
