// Realistic answers of the home-screen commands, for unit tests (and shaped like the demo seed).
// Instants are UTC; the numbers are what a small ministry's contact person would see.
import type { ConnectionView, ContractReport, OverviewView, RequestRow } from '$lib/bindings';

export const serverConnection: ConnectionView = {
  mode: 'server',
  serverUrl: 'https://pieteikumi.vraa.gov.lv',
  tokenStored: true,
  institution: 'Vides aizsardzības un reģionālās attīstības ministrija',
  userName: 'Jānis Bērziņš',
};

export const demoConnection: ConnectionView = {
  mode: 'demo',
  serverUrl: 'http://127.0.0.1:38917',
  tokenStored: true,
  institution: 'Demo iestāde',
  userName: 'Demo lietotājs',
};

export const notConfigured: ConnectionView = {
  mode: 'notConfigured',
  serverUrl: null,
  tokenStored: false,
  institution: null,
  userName: null,
};

export function row(overrides: Partial<RequestRow> & { id: string }): RequestRow {
  return {
    reference: `VRAA-2026-${overrides.id}`,
    serviceId: 'email',
    requestTypeId: 'licence-assign',
    subject: 'Licences piešķiršana',
    status: 'in_progress',
    createdAt: '2026-11-20T08:15:00Z',
    updatedAt: '2026-11-23T09:00:00Z',
    sla: 'onTrack',
    slaDueAt: null,
    unread: false,
    pending: 0,
    ...overrides,
  };
}

export const sampleOverview: OverviewView = {
  openByStatus: [
    { status: 'registered', count: 4 },
    { status: 'in_progress', count: 7 },
    { status: 'waiting_for_customer', count: 2 },
  ],
  openTotal: 13,
  slaAlerts: [
    row({
      id: '00311',
      subject: 'DVS lietotāja tiesības: Anna Liepa',
      status: 'registered',
      sla: 'breached',
      slaDueAt: '2026-11-20T15:00:00Z',
    }),
    row({
      id: '00342',
      subject: 'Koplietošanas komponente: adrešu klasifikators neatbild',
      serviceId: 'shared',
      sla: 'atRisk',
      slaDueAt: '2026-11-23T16:30:00Z',
    }),
  ],
  waiting: [
    {
      reason: 'informationRequested',
      request: row({ id: '00298', subject: 'Koplietota pastkaste: lietvediba@varam.gov.lv', status: 'waiting_for_customer' }),
    },
    { reason: 'confirmResolution', request: row({ id: '00275', subject: 'Surogātpasta filtra izmaiņas', status: 'resolved' }) },
    { reason: 'rate', request: row({ id: '00260', subject: 'Konsultācija par integrāciju', status: 'closed' }) },
  ],
  outbox: { pending: 2, parked: 1 },
  unread: 3,
  contract: {
    number: 'VRAA-L-2024/118',
    validFrom: '2024-01-01',
    validTo: '2026-12-31',
    daysLeft: 38,
    expiringSoon: true,
    expired: false,
    availabilityMet: false,
  },
};

const months = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

export const sampleReport: ContractReport = {
  contracts: [
    {
      id: 'c-1',
      number: 'VRAA-L-2024/118',
      validFrom: '2024-01-01',
      validTo: '2026-12-31',
      daysLeft: 38,
      expiringSoon: true,
      expired: false,
      services: [
        { id: 'dvs', name: { lv: 'DVS pakalpojums', en: 'DVS service' } },
        { id: 'email', name: { lv: 'E-pasta servispakalpojums', en: 'E-mail service' } },
      ],
    },
  ],
  availability: [
    {
      serviceId: 'dvs',
      serviceName: { lv: 'DVS pakalpojums', en: 'DVS service' },
      months: months.map((month, index) => {
        const percent = index === 9 ? 99.12 : index === 11 ? null : 99.95 - index * 0.01;
        return {
          month,
          windows: [
            {
              windowId: 'dvs-hours',
              windowName: { lv: 'Darba dienas 08:00–18:00', en: 'Working days 08:00–18:00' },
              percent,
              targetPercent: 99.5,
              met: percent === null ? true : percent >= 99.5,
              downtimeMinutes: index === 9 ? 185 : 5,
              maintenanceMinutes: 0,
            },
          ],
          met: percent === null ? true : percent >= 99.5,
          dataComplete: percent !== null,
        };
      }),
    },
  ],
  outages: [
    {
      id: 'o-1',
      serviceId: 'dvs',
      serviceName: { lv: 'DVS pakalpojums', en: 'DVS service' },
      component: { lv: 'Dokumentu reģistrs', en: 'Document register' },
      kind: 'outage',
      startsAt: '2026-09-14T07:10:00Z',
      endsAt: '2026-09-14T10:15:00Z',
      durationMinutes: 185,
      description: { lv: 'Datubāzes servera kļūme', en: 'Database server failure' },
    },
    {
      id: 'o-2',
      serviceId: 'email',
      serviceName: { lv: 'E-pasta servispakalpojums', en: 'E-mail service' },
      component: null,
      kind: 'maintenance',
      startsAt: '2026-11-21T20:00:00Z',
      endsAt: null,
      durationMinutes: null,
      description: { lv: 'Plānota apkope', en: 'Planned maintenance' },
    },
  ],
  policyShares: [
    {
      policyId: 'email-1wd',
      policyName: { lv: 'E-pasta pieprasījums: 1 darba diena', en: 'E-mail request: 1 working day' },
      measured: 160,
      withinTarget: 150,
      share: 0.9375,
    },
    {
      policyId: 'shared-48h',
      policyName: { lv: 'Atbilde uz e-pasta konsultāciju: 48 h', en: 'Answer to an e-mail consultation: 48 h' },
      measured: 0,
      withinTarget: 0,
      share: null,
    },
  ],
};
