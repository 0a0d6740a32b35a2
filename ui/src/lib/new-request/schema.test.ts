import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { csvColumns, emptyValues, fieldsFromSchema, inputType, jsonToValues, valuesToJson } from './schema';
import { optionText } from './messages';
import { accountReport, dvsCustomisation, dvsIncident, licenceAssign } from './test-fixtures';

describe('fields from a request type schema', () => {
  it('maps every kind of property to its input, in schema order', () => {
    const fields = fieldsFromSchema(licenceAssign.fieldsSchema);
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['user_name', 'text', true],
      ['user_email', 'email', true],
      ['licence', 'select', true],
      ['purchase_needed', 'checkbox', false],
      ['start_date', 'date', false],
    ]);
    const email = fields[1];
    if (!email) throw new Error('no e-mail field');
    expect(email.title).toEqual({ lv: 'Lietotāja e-pasts', en: "User's e-mail" });
    expect(email.maxLength).toBe(254);
    expect(email.pattern).toBe('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$');
    expect(fields[2]?.options).toEqual(['exchange_online_plan_1', 'exchange_online_plan_2', 'microsoft_365_e3']);
    expect(inputType('email')).toBe('email');
    // Dates and date-times have their own text fields; never the engine's `mm/dd/yyyy hh:mm AM`.
    expect(inputType('date')).toBe('text');
    expect(inputType('datetime')).toBe('text');
  });

  it('gives long text a text area, date-time its own kind and arrays a group or a list', () => {
    expect(fieldsFromSchema(dvsCustomisation.fieldsSchema).map((f) => f.kind)).toEqual([
      'textarea',
      'textarea',
      'select',
      'date',
    ]);
    expect(fieldsFromSchema(dvsIncident.fieldsSchema)[1]?.kind).toBe('datetime');
    const [scope, accounts, items] = fieldsFromSchema(accountReport.fieldsSchema);
    expect(scope?.kind).toBe('select');
    expect(accounts).toMatchObject({ kind: 'list', itemFormat: 'email', maxItems: 500, maxLength: 254 });
    expect(items).toMatchObject({ kind: 'multiselect', required: true });
    expect(items?.options).toEqual(['licences', 'mailbox_size', 'last_sign_in', 'aliases', 'forwarding']);
  });

  it('falls back to the key as title, to Latvian for a missing English title, and ignores junk', () => {
    const fields = fieldsFromSchema({
      type: 'object',
      properties: { plain: { type: 'string' }, lvOnly: { type: 'integer', title: 'Skaits' }, junk: 5 },
    });
    expect(fields).toHaveLength(2);
    expect(fields[0]).toMatchObject({ key: 'plain', kind: 'text', title: { lv: 'plain', en: 'plain' }, required: false });
    expect(fields[1]).toMatchObject({ kind: 'number', title: { lv: 'Skaits', en: 'Skaits' } });
    expect(fieldsFromSchema(null)).toEqual([]);
    expect(fieldsFromSchema({ type: 'object' })).toEqual([]);
  });
});

describe('value labels from the catalogue (issue 11 item 13)', () => {
  const schema = {
    type: 'object',
    properties: {
      licence: {
        type: 'string',
        enum: ['exchange_online_plan_1', 'new_plan'],
        oneOf: [
          { const: 'exchange_online_plan_1', title: 'Exchange Online (1. plāns)', 'x-title-en': 'Exchange Online (Plan 1)' },
          { const: 'new_plan', title: 'Jaunais plāns' },
        ],
      },
      roles: {
        type: 'array',
        items: { type: 'string', enum: ['reader'], oneOf: [{ const: 'reader', title: 'Lasītājs', 'x-title-en': 'Reader' }] },
      },
      impact: { type: 'string', enum: ['department'] },
    },
  };

  it('reads each value’s label in both languages from oneOf, for selects and multiselects', () => {
    const [licence, roles, impact] = fieldsFromSchema(schema);
    expect(licence?.optionLabels).toEqual({
      exchange_online_plan_1: { lv: 'Exchange Online (1. plāns)', en: 'Exchange Online (Plan 1)' },
      new_plan: { lv: 'Jaunais plāns', en: 'Jaunais plāns' },
    });
    expect(roles?.kind).toBe('multiselect');
    expect(roles && optionText(roles, 'reader', 'en')).toBe('Reader');
    expect(licence && optionText(licence, 'exchange_online_plan_1', 'lv')).toBe('Exchange Online (1. plāns)');
    // Without catalogue labels (an older server) the UI's dictionary still names the value.
    expect(impact?.optionLabels).toEqual({});
    expect(impact && optionText(impact, 'department', 'en')).toBe('A department');
  });
});

describe('form values and draft JSON', () => {
  it('leaves blank text and empty lists out, trims, keeps booleans', () => {
    const fields = fieldsFromSchema(licenceAssign.fieldsSchema);
    const values = { ...emptyValues(fields), user_name: '  Anna Bērziņa ', purchase_needed: true };
    expect(valuesToJson(fields, values)).toEqual({ user_name: 'Anna Bērziņa', purchase_needed: true });
    expect(valuesToJson(fields, emptyValues(fields))).toEqual({ purchase_needed: false });
  });

  it('turns list lines and ticked options into arrays, dropping blank lines', () => {
    const fields = fieldsFromSchema(accountReport.fieldsSchema);
    const json = valuesToJson(fields, {
      scope: 'listed_accounts',
      accounts: ['a@iestade.lv', '', ' b@iestade.lv '],
      report_items: ['licences', 'aliases'],
    });
    expect(json).toEqual({
      scope: 'listed_accounts',
      accounts: ['a@iestade.lv', 'b@iestade.lv'],
      report_items: ['licences', 'aliases'],
    });
    expect(jsonToValues(fields, json)).toEqual({
      scope: 'listed_accounts',
      accounts: ['a@iestade.lv', 'b@iestade.lv'],
      report_items: ['licences', 'aliases'],
    });
  });

  describe('a date-time, whatever the PC’s own time zone', () => {
    // The old datetime-local conversion used the PC's zone; Riga's must not depend on it.
    beforeAll(() => {
      vi.stubEnv('TZ', 'Asia/Tokyo');
    });
    afterAll(() => {
      vi.unstubAllEnvs();
    });
    const fields = fieldsFromSchema(dvsIncident.fieldsSchema);

    it('goes through the form as the UTC instant DateTimeInput hands on and is sent as it is', () => {
      const values = { impact: 'department', started_at: '2026-11-23T07:15:00.000Z' };
      expect(valuesToJson(fields, values)).toEqual({ impact: 'department', started_at: '2026-11-23T07:15:00.000Z' });
      expect(jsonToValues(fields, valuesToJson(fields, values))).toEqual(values);
    });

    it('reads a stored instant with an offset as UTC, one without as Riga wall time', () => {
      expect(jsonToValues(fields, { started_at: '2026-11-23T09:15:00+02:00' }).started_at).toBe('2026-11-23T07:15:00.000Z');
      expect(jsonToValues(fields, { started_at: '2026-07-01T09:15' }).started_at).toBe('2026-07-01T06:15:00.000Z');
      expect(valuesToJson(fields, { started_at: '2026-11-23T09:15' }).started_at).toBe('2026-11-23T07:15:00.000Z');
    });

    it('keeps text that is no instant as it is, for the validator to name', () => {
      expect(jsonToValues(fields, { started_at: 'vakar' }).started_at).toBe('vakar');
      expect(valuesToJson(fields, { started_at: ' vakar ' }).started_at).toBe('vakar');
      expect(valuesToJson(fields, { started_at: '' })).toEqual({});
    });
  });

  it('reads a saved draft into values, blanking what is missing', () => {
    const fields = fieldsFromSchema(licenceAssign.fieldsSchema);
    expect(jsonToValues(fields, { user_name: 'Anna', purchase_needed: true, unknown: 'x' })).toEqual({
      user_name: 'Anna',
      user_email: '',
      licence: '',
      purchase_needed: true,
      start_date: '',
    });
  });

  it('derives the CSV header row from the flat properties', () => {
    expect(csvColumns(fieldsFromSchema(licenceAssign.fieldsSchema))).toEqual([
      'user_name',
      'user_email',
      'licence',
      'purchase_needed',
      'start_date',
    ]);
    expect(csvColumns(fieldsFromSchema(accountReport.fieldsSchema))).toEqual(['scope']);
  });
});
