// Realistic catalogue data for the form tests, copied from the standard catalogue
// (src-tauri/crates/desk-core/src/api/catalogue_data.rs). Used by tests only.
import type { CatalogueView, DraftView, OutboxItemView, RequestTypeView, ServiceView } from '$lib/bindings';

const text = (lv: string, en: string, max: number) => ({ type: 'string', minLength: 1, maxLength: max, title: lv, 'x-title-en': en });
const email = (lv: string, en: string) => ({
  type: 'string',
  format: 'email',
  maxLength: 254,
  pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  title: lv,
  'x-title-en': en,
});
const date = (lv: string, en: string) => ({ type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: lv, 'x-title-en': en });
const choice = (lv: string, en: string, values: string[]) => ({ type: 'string', enum: values, title: lv, 'x-title-en': en });
const object = (properties: Record<string, unknown>, required: string[]) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

function type(
  id: string,
  serviceId: string,
  name: [string, string],
  schema: unknown,
  extra: Partial<RequestTypeView> = {},
): RequestTypeView {
  return {
    id,
    serviceId,
    name: { lv: name[0], en: name[1] },
    description: { lv: `${name[0]}: apraksts.`, en: `${name[1]}: description.` },
    slaPolicyIds: ['central.processing'],
    fieldsSchema: schema as RequestTypeView['fieldsSchema'],
    fundingNote: false,
    bulkLicence: false,
    ...extra,
  };
}

export const licenceAssign = type(
  'email.licence_assign',
  'email',
  ['Piešķirt licenci', 'Assign a licence'],
  object(
    {
      user_name: text('Lietotāja vārds, uzvārds', "User's full name", 200),
      user_email: email('Lietotāja e-pasts', "User's e-mail"),
      licence: choice('Licence', 'Licence', ['exchange_online_plan_1', 'exchange_online_plan_2', 'microsoft_365_e3']),
      purchase_needed: {
        type: 'boolean',
        title: 'Jāiegādājas papildu licence (1 darba dienas termiņš neattiecas)',
        'x-title-en': 'Extra licence must be bought (the 1 working day target does not apply)',
      },
      start_date: date('Sākuma datums', 'Start date'),
    },
    ['user_name', 'user_email', 'licence'],
  ),
  { bulkLicence: true },
);

export const accountReport = type(
  'email.account_report',
  'email',
  ['Informācija par lietotāju kontiem', 'User account information'],
  object(
    {
      scope: choice('Apjoms', 'Scope', ['all_accounts', 'listed_accounts']),
      accounts: { type: 'array', maxItems: 500, items: email('Konts', 'Account'), title: 'Konti', 'x-title-en': 'Accounts' },
      report_items: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', enum: ['licences', 'mailbox_size', 'last_sign_in', 'aliases', 'forwarding'] },
        title: 'Iekļaujamā informācija',
        'x-title-en': 'Information to include',
      },
    },
    ['scope', 'report_items'],
  ),
);

export const dvsCustomisation = type(
  'dvs.customisation',
  'dvs',
  ['DVS pielāgošana', 'DVS customisation'],
  object(
    {
      requirement: text('Prasības apraksts', 'Requirement', 10000),
      business_reason: text('Pamatojums', 'Business reason', 5000),
      funding: choice('Finansējums', 'Funding', ['vraa_budget', 'institution_funds', 'not_yet_known']),
      desired_date: date('Vēlamais izpildes datums', 'Desired date'),
    },
    ['requirement', 'funding'],
  ),
  { fundingNote: true },
);

export const dvsIncident = type(
  'dvs.incident',
  'dvs',
  ['DVS incidents', 'DVS incident'],
  object(
    {
      impact: choice('Ietekme', 'Impact', ['single_user', 'department', 'whole_institution']),
      started_at: { type: 'string', format: 'date-time', title: 'Sākums', 'x-title-en': 'Started at' },
    },
    ['impact'],
  ),
);

export const emailService: ServiceView = {
  id: 'email',
  name: { lv: 'E-pasta servispakalpojums', en: 'E-mail service' },
  description: {
    lv: 'Microsoft Exchange Online e-pasts: licences, pastkastes, surogātpasta filtri.',
    en: 'Microsoft Exchange Online e-mail: licences, mailboxes, spam filters.',
  },
  serviceHours: { lv: 'Darba dienās 08:00–18:00', en: 'Working days 08:00–18:00' },
  requestTypes: [licenceAssign, accountReport],
};

export const dvsService: ServiceView = {
  id: 'dvs',
  name: { lv: 'DVS servispakalpojums', en: 'DVS service' },
  description: {
    lv: 'Dokumentu vadības sistēma: pieejamība, pielāgošana, rezerves kopijas, pieprasījumi.',
    en: 'Document management system: availability, customisation, backups, requests.',
  },
  serviceHours: { lv: 'Darba dienās 08:00–18:00', en: 'Working days 08:00–18:00' },
  requestTypes: [dvsCustomisation, dvsIncident],
};

export const catalogue: CatalogueView = { services: [emailService, dvsService], slaPolicies: [] };

export function draftView(overrides: Partial<DraftView> = {}): DraftView {
  return {
    id: 'draft-1',
    requestTypeId: licenceAssign.id,
    typeName: licenceAssign.name,
    serviceId: 'email',
    subject: 'Licence jaunam darbiniekam',
    description: '',
    fields: { user_name: 'Anna Bērziņa', licence: 'microsoft_365_e3', purchase_needed: true },
    attachments: [],
    createdAt: '2026-11-23T14:30:00Z',
    updatedAt: '2026-11-23T14:42:00Z',
    ...overrides,
  };
}

export function parkedCreate(overrides: Partial<OutboxItemView> = {}): OutboxItemView {
  return {
    seq: 7,
    requestId: 'local-7',
    reference: null,
    subject: 'Licence Annai',
    kind: 'create',
    summary: 'Licence Annai',
    state: 'parked',
    createdAt: '2026-11-23T10:05:00Z',
    attempts: 1,
    answerLost: false,
    lastError: null,
    problem: {
      title: { lv: 'Pieteikums nav derīgs', en: 'The request is not valid' },
      detail: { lv: 'Lauks user_email nav derīgs.', en: 'Field user_email is not valid.' },
      status: 422,
      fieldErrors: [{ field: 'user_email', lv: 'Nederīga e-pasta adrese', en: 'Not a valid e-mail address' }],
    },
    draft: {
      id: null,
      requestTypeId: licenceAssign.id,
      subject: 'Licence Annai',
      description: '',
      fields: { user_name: 'Anna Bērziņa', user_email: 'anna@', licence: 'exchange_online_plan_1' },
      attachments: [],
    },
    ...overrides,
  };
}
