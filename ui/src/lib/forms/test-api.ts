// The mock API for the form screens' tests: the shared mock plus the issue-6 commands these
// screens call, each a vi.fn with an "ok" answer that a test overrides. Used by tests only.
import { vi } from 'vitest';
import type { AttachmentCheck, DiscardOutcome, DraftInput, DraftView, FieldProblem } from '$lib/bindings';
import { createMockApi, type MockApi } from '$lib/testing/mock-api';
import { catalogue } from './test-fixtures';

const ok = <T>(data: T) => ({ status: 'ok' as const, data });

export function createFormsApi(): MockApi {
  return {
    ...createMockApi(),
    getCatalogue: vi.fn(async () => ok(structuredClone(catalogue))),
    saveDraft: vi.fn(async (input: DraftInput) =>
      ok<DraftView>({
        // The first save creates `draft-1`; later saves keep the id they are given.
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
      }),
    ),
    getDraft: vi.fn(),
    listDrafts: vi.fn(async () => ok<DraftView[]>([])),
    deleteDraft: vi.fn(async () => ok(null)),
    validateRequest: vi.fn(async () => ok<FieldProblem[]>([])),
    submitDraft: vi.fn(async () => ok({ localId: 'local-1' })),
    pickFiles: vi.fn(async () => ok<string[]>([])),
    checkAttachments: vi.fn(async (paths: string[]) =>
      ok<AttachmentCheck[]>(
        paths.map((path) => ({
          path,
          fileName: path.split('/').pop() ?? path,
          size: 2048,
          contentType: 'application/pdf',
          problem: null,
        })),
      ),
    ),
    onFileDrop: vi.fn(async () => ok(() => {})),
    onDraftsChanged: vi.fn(async () => ok(() => {})),
    onOutboxChanged: vi.fn(async () => ok(() => {})),
    pickCsvFile: vi.fn(async () => ok<string | null>(null)),
    previewLicenceCsv: vi.fn(),
    queueLicenceCsv: vi.fn(async () => ok({ queued: 0 })),
    listOutbox: vi.fn(async () => ok([])),
    retryOutbox: vi.fn(async () => ok(null)),
    discardOutbox: vi.fn(async () => ok<DiscardOutcome>('discarded')),
    fixOutboxRequest: vi.fn(async () => ok(null)),
  };
}

export type FormsApi = MockApi;

/** jsdom has no modal dialogs; this stands in for what the browser does (open, close event). */
export function polyfillDialog(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { __polyfilled?: boolean };
  if (proto.__polyfilled) return;
  proto.__polyfilled = true;
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function (this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}
