// Sample data in the contract's shapes for this folder's tests (never used by the app).
import type { CatalogueView, RequestRow, RequestView, SlaClockView } from '$lib/bindings';

export const sampleCatalogue: CatalogueView = {
  services: [
    {
      id: 'm365',
      name: { lv: 'Microsoft 365', en: 'Microsoft 365' },
      description: { lv: '', en: '' },
      serviceHours: { lv: '', en: '' },
      requestTypes: [
        {
          id: 'licence-assign',
          serviceId: 'm365',
          name: { lv: 'Licences piešķiršana', en: 'Licence assignment' },
          description: { lv: '', en: '' },
          slaPolicyIds: [],
          fieldsSchema: {},
          fundingNote: false,
          bulkLicence: true,
        },
      ],
    },
    {
      id: 'dvs',
      name: { lv: 'Dokumentu vadības sistēma', en: 'Document management system' },
      description: { lv: '', en: '' },
      serviceHours: { lv: '', en: '' },
      requestTypes: [
        {
          id: 'dvs-incident',
          serviceId: 'dvs',
          name: { lv: 'DVS incidents', en: 'DVS incident' },
          description: { lv: '', en: '' },
          slaPolicyIds: [],
          fieldsSchema: {},
          fundingNote: false,
          bulkLicence: false,
        },
      ],
    },
  ],
  slaPolicies: [],
};

export function row(n: number, overrides: Partial<RequestRow> = {}): RequestRow {
  return {
    id: `r-${n}`,
    reference: `VRAA-${String(n).padStart(5, '0')}`,
    serviceId: 'm365',
    requestTypeId: 'licence-assign',
    subject: `Pieteikums ${n}`,
    status: 'in_progress',
    createdAt: '2026-11-20T08:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    sla: 'onTrack',
    slaDueAt: '2026-11-24T14:30:00Z',
    unread: false,
    pending: 0,
    ...overrides,
  };
}

export function rows(count: number): RequestRow[] {
  return Array.from({ length: count }, (_, i) => row(i + 1));
}

export function clock(overrides: Partial<SlaClockView> = {}): SlaClockView {
  return {
    policyId: 'resolve',
    policyName: { lv: 'Atrisināšana', en: 'Resolution' },
    unit: 'working_days',
    target: 10,
    state: 'onTrack',
    startedAt: '2026-11-20T08:00:00Z',
    stoppedAt: null,
    targetSeconds: 10 * 8 * 3600,
    elapsedSeconds: 2 * 8 * 3600,
    remainingSeconds: 8 * 8 * 3600 + 1800,
    usedShare: 0.2,
    dueAt: '2026-12-04T14:00:00Z',
    breachedAt: null,
    ...overrides,
  };
}

export function requestView(overrides: Partial<RequestView> = {}): RequestView {
  return {
    id: 'r-1',
    reference: 'VRAA-00001',
    serviceId: 'dvs',
    requestTypeId: 'dvs-incident',
    serviceName: { lv: 'Dokumentu vadības sistēma', en: 'Document management system' },
    typeName: { lv: 'DVS incidents', en: 'DVS incident' },
    subject: 'DVS neatver dokumentus',
    description: 'Kopš rīta DVS neatver PDF dokumentus.',
    fields: [{ key: 'module', label: { lv: 'Modulis', en: 'Module' }, value: { lv: 'Lietvedība', en: 'Records management' } }],
    status: 'in_progress',
    requester: { kind: 'customer', name: 'Anna Bērziņa' },
    createdAt: '2026-11-20T08:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    timeline: [
      { kind: 'status', at: '2026-11-20T08:00:00Z', from: null, to: 'submitted', by: { kind: 'customer', name: 'Anna Bērziņa' } },
      { kind: 'status', at: '2026-11-20T09:00:00Z', from: 'submitted', to: 'in_progress', by: { kind: 'staff', name: 'Jānis Ozols' } },
      { kind: 'comment', at: '2026-11-21T07:30:00Z', id: 'c-1', author: { kind: 'staff', name: 'Jānis Ozols' }, body: 'Lūdzu, atsūtiet ekrānuzņēmumu.' },
      {
        kind: 'attachment',
        at: '2026-11-21T08:00:00Z',
        id: 'a-1',
        fileName: 'ekrans.png',
        size: 153600,
        contentType: 'image/png',
        addedBy: { kind: 'customer', name: 'Anna Bērziņa' },
      },
    ],
    attachments: [
      {
        id: 'a-1',
        fileName: 'ekrans.png',
        size: 153600,
        contentType: 'image/png',
        addedBy: { kind: 'customer', name: 'Anna Bērziņa' },
        createdAt: '2026-11-21T08:00:00Z',
        pending: false,
      },
    ],
    clocks: [clock()],
    allowedActions: ['comment', 'attach', 'cancel'],
    pending: [],
    rating: null,
    ...overrides,
  };
}
