// Realistic answers for every screen of issue 6, for the screenshots in a plain browser. Installed
// as a second init script after the harness's fake backend: it wraps that fake `invoke`, answers
// the commands of the IPC contract (ConnectionView, OverviewView, RequestPage, RequestView,
// DraftView, OutboxItemView, CatalogueView, ContractReport) and passes everything else on.
// Shaped like the sandbox's demo seed. Nothing here is part of the app bundle.
// Must be self-contained: playwright serialises the function into the page.
export function installPreviewData(scenario) {
  const base = window.__TAURI_INTERNALS__.invoke;
  const now = Date.now();
  const hour = 3_600_000;
  const day = 24 * hour;
  const iso = (ms) => new Date(Math.round(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
  const t = (lv, en) => ({ lv, en });

  const text = (lv, en, max) => ({ type: 'string', minLength: 1, maxLength: max, title: lv, 'x-title-en': en });
  const email = (lv, en) => ({ type: 'string', format: 'email', maxLength: 254, title: lv, 'x-title-en': en });
  const date = (lv, en) => ({ type: 'string', format: 'date', title: lv, 'x-title-en': en });
  const choice = (lv, en, values) => ({ type: 'string', enum: values, title: lv, 'x-title-en': en });
  const schema = (properties, required) => ({ type: 'object', properties, required, additionalProperties: false });

  const type = (id, serviceId, name, description, slaPolicyIds, fieldsSchema, extra = {}) => ({
    id,
    serviceId,
    name,
    description,
    slaPolicyIds,
    fieldsSchema,
    fundingNote: false,
    bulkLicence: false,
    ...extra,
  });
  const central = ['central.processing'];
  const shared = ['shared.registration', 'shared.expert_start', 'shared.task_start', 'shared.task_done'];
  const user = text('Lietotāja vārds, uzvārds', "User's full name", 200);
  const catalogue = {
    services: [
      {
        id: 'email',
        name: t('E-pasta servispakalpojums', 'E-mail service'),
        description: t('Microsoft Exchange Online e-pasts: licences, pastkastes, surogātpasta filtri.', 'Microsoft Exchange Online e-mail: licences, mailboxes, spam filters.'),
        serviceHours: t('Darba dienās 08:00–18:00', 'Working days 08:00–18:00'),
        requestTypes: [
          type('email.licence_assign', 'email', t('Piešķirt licenci', 'Assign a licence'), t('Exchange Online licence darbiniekam, kuram piešķirtas tiesības.', 'An Exchange Online licence for an employee who was granted rights.'), central,
            schema({ user_name: user, user_email: email('E-pasta adrese', 'E-mail address'), licence: choice('Licence', 'Licence', ['exchange_online_plan_1', 'exchange_online_plan_2', 'microsoft_365_e3']), start_date: date('Sākuma datums', 'Start date') }, ['user_name', 'user_email', 'licence']), { bulkLicence: true }),
          type('email.licence_revoke', 'email', t('Atsaukt licenci', 'Revoke a licence'), t('Licences atsaukšana, kad tiesības beidzas.', 'Revoking a licence when rights end.'), central,
            schema({ user_name: user, user_email: email('E-pasta adrese', 'E-mail address'), end_date: date('Beigu datums', 'End date') }, ['user_name', 'user_email']), { bulkLicence: true }),
          type('email.shared_mailbox_change', 'email', t('Koplietošanas pastkastes izmaiņas', 'Shared mailbox change'), t('Piekļuves tiesību maiņa koplietošanas pastkastei.', 'Changing access to a shared mailbox.'), central,
            schema({ mailbox: email('Pastkaste', 'Mailbox'), change: text('Izmaiņas', 'Change', 2000) }, ['mailbox', 'change'])),
          type('email.spam_filter_change', 'email', t('Surogātpasta filtra izmaiņas', 'Spam filter change'), t('Adrešu vai domēnu atļaušana vai bloķēšana.', 'Allowing or blocking addresses or domains.'), central,
            schema({ action: choice('Darbība', 'Action', ['allow', 'block']), address: text('Adrese vai domēns', 'Address or domain', 254), reason: text('Pamatojums', 'Reason', 2000) }, ['action', 'address', 'reason'])),
        ],
      },
      {
        id: 'dvs',
        name: t('DVS servispakalpojums', 'DVS service'),
        description: t('Dokumentu vadības sistēma: pieejamība, pielāgošana, rezerves kopijas, pieprasījumi.', 'Document management system: availability, customisation, backups, requests.'),
        serviceHours: t('Darba dienās 08:00–18:00', 'Working days 08:00–18:00'),
        requestTypes: [
          type('dvs.incident', 'dvs', t('DVS incidents', 'DVS incident'), t('DVS nedarbojas vai darbojas nepareizi.', 'DVS does not work or works wrongly.'), central,
            schema({ steps_to_reproduce: text('Atkārtošanas soļi', 'Steps to reproduce', 10000), error_message: text('Kļūdas paziņojums', 'Error message', 2000) }, ['steps_to_reproduce'])),
          type('dvs.user_rights', 'dvs', t('DVS lietotāja tiesības', 'DVS user rights'), t('Tiesību piešķiršana, maiņa vai atņemšana.', 'Granting, changing or removing rights.'), central,
            schema({ user_name: user, role: text('Loma', 'Role', 200) }, ['user_name', 'role'])),
          type('dvs.customisation', 'dvs', t('DVS pielāgošana', 'DVS customisation'), t('DVS pielāgošana iestādes vajadzībām.', 'Customising DVS for the institution.'), central,
            schema({ requirement: text('Prasības apraksts', 'Requirement', 10000), business_reason: text('Pamatojums', 'Business reason', 5000) }, ['requirement']), { fundingNote: true }),
        ],
      },
      {
        id: 'shared_components',
        name: t('Koplietošanas komponentes', 'Shared components'),
        description: t('Atkārtoti izmantojami programmatūras moduļi iestāžu e-pakalpojumiem.', "Reusable software modules for institutions' e-services."),
        serviceHours: t('Katru dienu 24 h', 'Every day, 24 h'),
        requestTypes: [
          type('shared.issue', 'shared_components', t('Koplietošanas komponentes problēma', 'Shared component issue'), t('Komponente nedarbojas, kā paredzēts.', 'A component does not work as expected.'), shared,
            schema({ component: choice('Komponente', 'Component', ['address_selection', 'authentication', 'e_address', 'payments', 'notifications']), system_name: text('Iestādes sistēma', "Institution's system", 200), error_message: text('Kļūdas paziņojums', 'Error message', 2000) }, ['component', 'system_name'])),
          type('consultation', 'shared_components', t('Konsultācija', 'Consultation'), t('Jautājums VRAA speciālistiem.', 'A question to VRAA specialists.'), ['shared.email_answer'],
            schema({ question: text('Jautājums', 'Question', 5000) }, ['question'])),
        ],
      },
    ],
    slaPolicies: [
      { id: 'central.processing', name: t('Pieprasījuma izpilde', 'Request processing'), unit: 'working_days', target: 1, note: t('Ja licences nav jāiegādājas vai jānomā', 'Unless licences must be bought or rented') },
      { id: 'shared.registration', name: t('Reģistrēšana lietvedībā', 'Registration in records'), unit: 'working_days', target: 3, note: null },
      { id: 'shared.expert_start', name: t('Eksperta darba sākums', 'Expert starts work'), unit: 'working_days', target: 1, note: null },
      { id: 'shared.task_start', name: t('Uzdevuma izpildes sākums', 'Task start'), unit: 'working_hours', target: 2, note: null },
      { id: 'shared.task_done', name: t('Uzdevuma izpilde', 'Task done'), unit: 'working_days', target: 10, note: null },
      { id: 'shared.email_answer', name: t('Atbilde uz e-pasta konsultāciju', 'Answer to an e-mail consultation'), unit: 'calendar_hours', target: 48, note: null },
    ],
  };
  const typeById = Object.fromEntries(catalogue.services.flatMap((s) => s.requestTypes.map((rt) => [rt.id, rt])));
  const serviceById = Object.fromEntries(catalogue.services.map((s) => [s.id, s]));

  const people = ['Anna Liepa', 'Kārlis Ozols', 'Inese Kalniņa', 'Māris Bērziņš', 'Līga Zariņa', 'Edgars Krūmiņš', 'Ilze Vītola', 'Raimonds Siliņš'];
  const subjects = [
    ['email.licence_assign', (p) => `Licence E3: ${p}`],
    ['email.licence_revoke', (p) => `Licences atsaukšana: ${p}`],
    ['dvs.user_rights', (p) => `DVS lietotāja tiesības: ${p}`],
    ['email.shared_mailbox_change', () => 'Koplietota pastkaste lietvediba@varam.gov.lv: piekļuve'],
    ['dvs.incident', () => 'DVS neatver dokumentu kartītes pēc atjauninājuma'],
    ['shared.issue', () => 'Adrešu izvēles komponente neatgriež dzīvokļu numurus'],
    ['email.spam_filter_change', () => 'Atļaut sūtītāju domēnu rtu.lv'],
    ['consultation', () => 'Konsultācija par e-adreses integrāciju'],
    ['dvs.customisation', () => 'DVS: jauns rīkojumu reģistrs'],
  ];
  const statuses = ['in_progress', 'registered', 'assigned', 'closed', 'resolved', 'closed', 'waiting_for_customer', 'closed', 'submitted', 'closed', 'in_progress', 'cancelled'];
  const requests = [];
  for (let i = 0; i < 48; i++) {
    const [typeId, subject] = subjects[i % subjects.length];
    const status = statuses[i % statuses.length];
    // Working hours in Riga (07:00–13:00 UTC is 09:00–15:00 in winter), a few days apart.
    const midnight = Math.floor(now / day) * day;
    const created = midnight - Math.floor(i * 1.7 + 1) * day + (7 + (i % 7)) * hour + ((i * 17) % 60) * 60_000;
    const open = !['closed', 'cancelled', 'resolved'].includes(status);
    let sla = open ? 'onTrack' : status === 'cancelled' ? null : i % 7 === 3 ? 'missed' : 'met';
    let slaDueAt = open ? iso(now + ((i % 5) + 1) * 9 * hour) : null;
    if (i === 1) {
      sla = 'breached';
      slaDueAt = iso(now - 26 * hour);
    }
    if (i === 2 || i === 10) {
      sla = 'atRisk';
      slaDueAt = iso(now + (i === 2 ? 1.5 : 3.25) * hour);
    }
    if (status === 'waiting_for_customer') {
      sla = 'paused';
      slaDueAt = null;
    }
    const number = String(412 - i).padStart(5, '0');
    requests.push({
      id: `r-${number}`,
      reference: i === 0 ? null : `VRAA-2026-${number}`,
      serviceId: typeById[typeId].serviceId,
      requestTypeId: typeId,
      subject: subject(people[i % people.length]),
      status,
      createdAt: iso(created),
      updatedAt: iso(Math.min(now - 600_000, created + ((i % 4) + 1) * 5 * hour)),
      sla,
      slaDueAt,
      unread: i === 2 || i === 4 || i === 6,
      pending: i === 0 ? 1 : i === 2 ? 1 : 0,
    });
  }
  const openRows = requests.filter((r) => !['closed', 'cancelled'].includes(r.status));
  const order = ['submitted', 'registered', 'assigned', 'in_progress', 'waiting_for_customer', 'resolved', 'reopened'];
  const openByStatus = order
    .map((status) => ({ status, count: openRows.filter((r) => r.status === status).length }))
    .filter((entry) => entry.count > 0);

  const detailRow = requests[2];
  const staff = { kind: 'staff', name: 'Pēteris Avotiņš' };
  const me = { kind: 'customer', name: 'Jānis Bērziņš' };
  const created = Date.parse(detailRow.createdAt);
  const detail = {
    ...detailRow,
    serviceName: serviceById[detailRow.serviceId].name,
    typeName: typeById[detailRow.requestTypeId].name,
    description:
      'Sveiki! Lūdzu piešķirt DVS tiesības jaunajai kolēģei Struktūrpolitikas departamentā no pirmdienas. Tiesības kā Līgai Zariņai (lietvedības lietotājs, savas struktūrvienības dokumenti).',
    fields: [
      { key: 'user_name', label: t('Lietotāja vārds, uzvārds', "User's full name"), value: t('Inese Kalniņa', 'Inese Kalniņa') },
      { key: 'role', label: t('Loma', 'Role'), value: t('Lietvedības lietotājs', 'Records management user') },
      {
        key: 'archive_access',
        label: t('Piekļuve arhīvam (iepriekšējo gadu dokumenti, tikai lasīšanai)', 'Archive access (documents of earlier years, read only)'),
        value: t('Jā', 'Yes'),
      },
    ],
    requester: me,
    timeline: [
      { kind: 'status', at: iso(created), from: null, to: 'submitted', by: me },
      { kind: 'status', at: iso(created + 1.2 * hour), from: 'submitted', to: 'registered', by: { kind: 'system', name: 'VRAA' } },
      { kind: 'comment', at: iso(created + 2 * hour), id: 'c-1', author: staff, body: 'Paldies, pieteikums nodots DVS administratoriem.' },
      { kind: 'status', at: iso(created + 2.1 * hour), from: 'registered', to: 'in_progress', by: staff },
      { kind: 'attachment', at: iso(created + 2.5 * hour), id: 'a-1', fileName: 'rikojums-2026-114.pdf', size: 184_320, contentType: 'application/pdf', addedBy: me },
    ],
    attachments: [
      { id: 'a-1', fileName: 'rikojums-2026-114.pdf', size: 184_320, contentType: 'application/pdf', addedBy: me, createdAt: iso(created + 2.5 * hour), pending: false },
    ],
    clocks: [
      {
        policyId: 'central.processing',
        policyName: t('Pieprasījuma izpilde', 'Request processing'),
        unit: 'working_days',
        target: 1,
        state: 'atRisk',
        startedAt: detailRow.createdAt,
        stoppedAt: null,
        targetSeconds: 10 * 3600,
        elapsedSeconds: 8.5 * 3600,
        remainingSeconds: 1.5 * 3600,
        usedShare: 0.85,
        dueAt: detailRow.slaDueAt,
        breachedAt: null,
      },
    ],
    allowedActions: ['comment', 'attach', 'cancel'],
    pending: [
      { seq: 41, kind: 'comment', state: 'pending', createdAt: iso(now - 20 * 60_000), summary: 'Papildinu: nepieciešama arī piekļuve arhīvam.', problem: null },
    ],
    rating: null,
  };

  const drafts = [
    {
      id: 'd-1',
      requestTypeId: 'email.licence_assign',
      typeName: typeById['email.licence_assign'].name,
      serviceId: 'email',
      subject: 'Licence E3: Edgars Krūmiņš',
      description: 'Jauns darbinieks Juridiskajā departamentā no 1. decembra.',
      fields: { user_name: 'Edgars Krūmiņš', user_email: 'edgars.krumins@varam.gov.lv', licence: 'microsoft_365_e3' },
      attachments: [],
      createdAt: iso(now - 26 * hour),
      updatedAt: iso(now - 3 * hour),
    },
    {
      id: 'd-2',
      requestTypeId: 'dvs.incident',
      typeName: typeById['dvs.incident'].name,
      serviceId: 'dvs',
      subject: 'DVS: lēna dokumentu meklēšana',
      description: '',
      fields: {},
      attachments: [],
      createdAt: iso(now - 4 * day),
      updatedAt: iso(now - 4 * day),
    },
  ];

  const parkedDraft = {
    id: null,
    requestTypeId: 'email.licence_assign',
    subject: 'Licence E1: Ilze Vītola',
    description: '',
    fields: { user_name: 'Ilze Vītola', user_email: 'ilze.vitola@varam', licence: 'exchange_online_plan_1' },
    attachments: [],
  };
  const outbox = [
    { seq: 41, requestId: detailRow.id, reference: detailRow.reference, subject: detailRow.subject, kind: 'comment', summary: 'Papildinu: nepieciešama arī piekļuve arhīvam.', state: 'pending', createdAt: iso(now - 20 * 60_000), attempts: 2, lastError: 'VRAA serveris nav sasniedzams: savienojuma noildze / the VRAA server cannot be reached: connection timed out', problem: null, draft: null },
    { seq: 42, requestId: 'local-7', reference: null, subject: 'Konsultācija par e-adreses integrāciju', kind: 'create', summary: 'Konsultācija par e-adreses integrāciju', state: 'pending', createdAt: iso(now - 12 * 60_000), attempts: 0, lastError: null, problem: null, draft: null },
    {
      seq: 39, requestId: 'local-5', reference: null, subject: 'Licence E1: Ilze Vītola', kind: 'create', summary: 'Licence E1: Ilze Vītola', state: 'parked', createdAt: iso(now - 5 * hour), attempts: 1, lastError: null,
      problem: {
        title: t('Pieteikums nav derīgs', 'The request is not valid'),
        detail: t('Laukā “E-pasta adrese” nav derīgas e-pasta adreses.', 'The “E-mail address” field does not hold a valid e-mail address.'),
        status: 422,
        fieldErrors: [{ field: 'user_email', lv: 'Nav derīga e-pasta adrese.', en: 'Not a valid e-mail address.' }],
      },
      draft: parkedDraft,
    },
  ];

  const overview = {
    openByStatus,
    openTotal: openRows.length,
    slaAlerts: requests.filter((r) => r.sla === 'breached').concat(requests.filter((r) => r.sla === 'atRisk')),
    waiting: [
      { reason: 'informationRequested', request: requests[6] },
      { reason: 'confirmResolution', request: requests[4] },
      { reason: 'rate', request: requests[3] },
    ],
    outbox: { pending: 2, parked: 1 },
    unread: requests.filter((r) => r.unread).length,
    contract: { number: 'VRAA-L-2024/118', validFrom: '2024-01-01', validTo: '2026-12-31', daysLeft: 38, expiringSoon: true, expired: false, availabilityMet: false },
  };

  const months = [];
  const cursor = new Date(now);
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const win = (windowId, windowName, percent, targetPercent, downtimeMinutes) => ({
    windowId, windowName, percent, targetPercent, met: percent === null || percent >= targetPercent, downtimeMinutes, maintenanceMinutes: 0,
  });
  const series = (values, build) =>
    months.map((month, index) => {
      const windows = build(values[index], index);
      return { month, windows, met: windows.every((w) => w.met), dataComplete: index < 11 };
    });
  const dvs = [99.97, 99.92, 99.88, 99.95, 99.99, 99.71, 99.93, 99.96, 99.12, 99.9, 99.94, 99.98];
  const mail = [99.99, 99.97, 99.95, 100, 99.98, 99.96, 99.94, 99.99, 99.97, 99.85, 99.93, 99.99];
  const sharedDay = [99.6, 99.4, 98.7, 99.8, 99.9, 99.5, 99.7, 99.3, 99.6, 99.9, 99.2, 99.8];
  const report = {
    contracts: [
      {
        id: 'c-1', number: 'VRAA-L-2024/118', validFrom: '2024-01-01', validTo: '2026-12-31', daysLeft: 38, expiringSoon: true, expired: false,
        services: [{ id: 'email', name: serviceById.email.name }, { id: 'dvs', name: serviceById.dvs.name }],
      },
      {
        id: 'c-2', number: 'VRAA-KK-2025/031', validFrom: '2025-03-01', validTo: null, daysLeft: null, expiringSoon: false, expired: false,
        services: [{ id: 'shared_components', name: serviceById.shared_components.name }],
      },
    ],
    availability: [
      { serviceId: 'dvs', serviceName: serviceById.dvs.name, months: series(dvs, (p) => [win('dvs.hours', t('Darba dienas 08:00–18:00', 'Working days 08:00–18:00'), p, 99.5, Math.round(((100 - p) / 100) * 13200))]) },
      { serviceId: 'email', serviceName: serviceById.email.name, months: series(mail, (p) => [win('email.all', t('Visu diennakti', 'Around the clock'), p, 99.9, Math.round(((100 - p) / 100) * 43800))]) },
      {
        serviceId: 'shared_components', serviceName: serviceById.shared_components.name,
        months: series(sharedDay, (p, i) => [
          win('shared.day', t('Darba dienas 08:30–17:00', 'Working days 08:30–17:00'), p, 99.0, Math.round(((100 - p) / 100) * 10700)),
          win('shared.other', t('Pārējais laiks', 'All other time'), [98.9, 99.2, 96.4, 99.5, 99.6, 98.8, 99.1, 97.9, 99.3, 99.4, 98.6, 99.0][i], 97.0, 20 + i * 7),
        ]),
      },
    ],
    outages: [
      { id: 'o-1', serviceId: 'dvs', serviceName: serviceById.dvs.name, component: t('Dokumentu reģistrs', 'Document register'), kind: 'outage', startsAt: iso(Date.UTC(2026, 7, 14, 7, 10)), endsAt: iso(Date.UTC(2026, 7, 14, 10, 15)), durationMinutes: 185, description: t('Datubāzes servera kļūme', 'Database server failure') },
      { id: 'o-2', serviceId: 'shared_components', serviceName: serviceById.shared_components.name, component: t('Adrešu izvēles komponente', 'Address selection component'), kind: 'outage', startsAt: iso(Date.UTC(2026, 1, 3, 9, 40)), endsAt: iso(Date.UTC(2026, 1, 3, 12, 5)), durationMinutes: 145, description: t('VZD adrešu reģistra pakalpojums neatbildēja', "The address register's service did not answer") },
      { id: 'o-3', serviceId: 'email', serviceName: serviceById.email.name, component: null, kind: 'maintenance', startsAt: iso(now + 2 * day), endsAt: iso(now + 2 * day + 3 * hour), durationMinutes: 180, description: t('Plānota Exchange Online apkope', 'Planned Exchange Online maintenance') },
    ],
    policyShares: catalogue.slaPolicies.map((policy, index) => {
      const measured = [184, 22, 22, 31, 29, 9][index];
      const within = [171, 22, 21, 27, 26, 9][index];
      return { policyId: policy.id, policyName: policy.name, measured, withinTarget: within, share: measured === 0 ? null : within / measured };
    }),
  };

  // An e-mail connection: no availability or outages (they do not come by mail); the contract is
  // the one the user entered by hand (`save_contract` keeps its id as `local-<number>`).
  const byMail = scenario.connection === 'mail';
  if (byMail) {
    report.contracts = [
      {
        id: 'local-VRAA-L-2025/17', number: 'VRAA-L-2025/17', validFrom: '2025-01-01', validTo: '2027-12-31', daysLeft: 401, expiringSoon: false, expired: false,
        services: [{ id: 'email', name: serviceById.email.name }, { id: 'dvs', name: serviceById.dvs.name }],
      },
    ];
    report.availability = [];
    report.outages = [];
  }

  const connection =
    scenario.connection === 'notConfigured'
      ? { mode: 'notConfigured', serverUrl: null, tokenStored: false, institution: null, userName: null }
      : scenario.connection === 'mail'
        ? {
            mode: 'mail',
            serverUrl: null,
            tokenStored: true,
            institution: 'varam.gov.lv',
            userName: null,
            mail: {
              address: 'janis.berzins@varam.gov.lv',
              userName: 'janis.berzins@varam.gov.lv',
              displayName: 'Jānis Bērziņš',
              institutionName: 'Vides aizsardzības un reģionālās attīstības ministrija',
              contractNumber: 'VRAA-L-2025/17',
              imap: { host: 'outlook.office365.com', port: 993, tls: 'implicit' },
              smtp: { host: 'smtp.office365.com', port: 587, tls: 'startTls' },
              signIn: 'password',
              vraaAddress: 'IT@vraa.gov.lv',
              referencePattern: 'VRAA-\\d{4}-\\d{6}',
              extraFolders: ['VRAA'],
              sentFolder: null,
            },
          }
      : scenario.connection === 'demo'
        ? { mode: 'demo', serverUrl: 'http://127.0.0.1:38917', tokenStored: true, institution: 'Demo iestāde (VARAM resors)', userName: 'Demo lietotājs' }
        : { mode: 'server', serverUrl: 'https://pieteikumi.vraa.gov.lv', tokenStored: true, institution: 'Vides aizsardzības un reģionālās attīstības ministrija', userName: 'Jānis Bērziņš' };

  const matches = (row, query) => {
    if (!query) return true;
    if (query.search && !`${row.reference ?? ''} ${row.subject}`.toLowerCase().includes(query.search.toLowerCase())) return false;
    if (query.statuses?.length && !query.statuses.includes(row.status)) return false;
    if (query.serviceIds?.length && !query.serviceIds.includes(row.serviceId)) return false;
    if (query.requestTypeIds?.length && !query.requestTypeIds.includes(row.requestTypeId)) return false;
    if (query.slaStates?.length && !query.slaStates.includes(row.sla)) return false;
    return true;
  };

  window.__TAURI_INTERNALS__.invoke = async (cmd, args = {}) => {
    switch (cmd) {
      case 'get_connection':
        return connection;
      case 'connect':
        if (!args.token) throw { code: 'emptyToken', field: 'token', detail: null, message: null };
        return { ...connection, mode: 'server' };
      case 'connect_mail':
        // As desk-core checks it: a host with a space is not a server name.
        if (/\s/.test(args.settings.imap.host) || args.settings.imap.host === '')
          throw {
            code: 'mailSettingsInvalid',
            field: 'imap',
            detail: null,
            message: {
              lv: `“${args.settings.imap.host}” nav servera nosaukums`,
              en: `“${args.settings.imap.host}” is not a server name`,
            },
          };
        if (!args.password) throw { code: 'emptyToken', field: 'password', detail: null, message: { lv: 'Ievadiet pastkastes paroli', en: 'Enter the mailbox password' } };
        return { mode: 'mail', serverUrl: null, tokenStored: true, institution: null, userName: null, mail: args.settings };
      case 'start_demo':
      case 'leave_demo':
        return connection;
      case 'get_overview':
        return overview;
      case 'get_contract_report':
        return report;
      case 'get_catalogue':
        return catalogue;
      case 'list_requests': {
        const rows = requests.filter((row) => matches(row, args.query));
        return { rows, total: rows.length, unfilteredTotal: requests.length };
      }
      case 'list_saved_filters':
        return [{ id: 'f-1', name: 'Mani atvērtie DVS', query: { search: null, serviceIds: ['dvs'], requestTypeIds: [], statuses: ['registered', 'in_progress'], createdFrom: null, createdTo: null, slaStates: [], sort: 'updatedAt', descending: true } }];
      case 'get_request':
        if (args.id === detail.id) return detail;
        {
          const row = requests.find((r) => r.id === args.id);
          if (!row) throw { code: 'notFound', field: null, detail: args.id, message: null };
          return { ...detail, ...row, serviceName: serviceById[row.serviceId].name, typeName: typeById[row.requestTypeId].name, pending: [], clocks: [] };
        }
      case 'mark_request_read':
        return null;
      case 'list_drafts':
        return drafts;
      case 'get_draft': {
        const draft = drafts.find((d) => d.id === args.id);
        if (!draft) throw { code: 'notFound', field: null, detail: args.id, message: null };
        return draft;
      }
      case 'save_draft':
        return { ...drafts[0], ...args.input, id: args.input.id ?? 'd-new', typeName: typeById[args.input.requestTypeId]?.name ?? drafts[0].typeName, serviceId: typeById[args.input.requestTypeId]?.serviceId ?? 'email', createdAt: iso(now), updatedAt: iso(now) };
      case 'validate_request':
        return [];
      case 'list_outbox':
        return outbox;
      case 'check_attachments':
        return [];
      case 'set_status_by_hand':
        if (!byMail)
          throw { code: 'invalidInput', field: null, detail: null, message: { lv: 'To var darīt tikai e-pasta savienojumā: VRAA API pats paziņo statusu un līgumus', en: "Only on an e-mail connection: VRAA's API reports the status and the contracts itself" } };
        if (args.id === detail.id) detail.status = args.status;
        return null;
      case 'save_contract': {
        // As desk-app's mail::save_contract checks it.
        const input = args.contract;
        const number = input.number.trim();
        if (!number) throw { code: 'invalidInput', field: 'number', detail: null, message: { lv: 'Ievadiet līguma numuru', en: 'Enter the contract number' } };
        if (input.validTo && input.validTo < input.validFrom)
          throw { code: 'invalidInput', field: 'validTo', detail: null, message: { lv: 'Līgums nevar beigties pirms tā sākuma', en: 'The contract cannot end before it starts' } };
        if (input.serviceIds.length === 0) throw { code: 'invalidInput', field: 'serviceIds', detail: null, message: { lv: 'Izvēlieties vismaz vienu pakalpojumu', en: 'Choose at least one service' } };
        const id = `local-${number}`;
        report.contracts = report.contracts.filter((c) => c.id !== id).concat({
          id, number, validFrom: input.validFrom, validTo: input.validTo, daysLeft: null, expiringSoon: false, expired: false,
          services: input.serviceIds.map((sid) => ({ id: sid, name: serviceById[sid].name })),
        });
        return null;
      }
      case 'delete_contract':
        report.contracts = report.contracts.filter((c) => c.id !== args.id);
        return null;
      default:
        return base(cmd, args);
    }
  };
}
