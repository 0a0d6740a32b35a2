// "Sign in with Microsoft" as reactive state, shared by the e-mail connection form and the sync
// card's "sign in again" (both show MicrosoftSignInPanel.svelte with it). The Rust side opens the
// browser when the sign-in starts; `finishMicrosoftSignIn` then waits until the browser comes
// back (or the code is approved), checks both mail servers and saves.
//
// Only the newest attempt's answers count: a second start (the code instead of the browser)
// makes the first attempt's pending finish fail with `signInCancelled`, which is dropped.
import { api, type ApiResult, type UiError } from '$lib/api';
import type { ConnectionView, MailSettings, SignInStarted } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { instantAfter } from '$lib/i18n/dates';

/**
 * `idle`: nothing in flight. `starting`: the first start is on its way (the form shows it busy).
 * `waiting`: the browser (or the other device) has the sign-in. `switching`: the code for another
 * device is being asked for, the browser sign-in still waits. `cancelling`: cancel was asked for,
 * the pending finish has not answered yet. `confirming`: the finish again after the user said
 * yes to switching connections (both mail servers are checked again).
 */
export type SignInPhase = 'idle' | 'starting' | 'waiting' | 'switching' | 'cancelling' | 'confirming';

export type SignInHandlers = {
  /** Signed in, both mail servers checked, the connection saved. */
  onconnected: (view: ConnectionView) => void;
  /** Did not start or did not finish: shown by the owner (at its field when `field` is set). */
  onfailed: (error: UiError) => void;
  /** Cancelled, in the app or in the browser: nothing changed. */
  oncancelled: () => void;
};

export class MicrosoftSignIn {
  phase = $state<SignInPhase>('idle');
  /** What the waiting panel shows: the page opened in the browser, or the code. */
  started = $state<SignInStarted | null>(null);
  /** When `started` stops being valid (RFC 3339, UTC). */
  expiresAt = $state<string | null>(null);
  /** Why the code for another device could not be had (the browser sign-in still waits). */
  codeFailure = $state<UiError | null>(null);
  /** Why the sign-in page could not be opened in the browser again (the link stays to copy). */
  pageFailure = $state<UiError | null>(null);
  /** Whether the settings of the sign-in allow the code on another device. */
  codeAllowed = $state(false);

  private settings: MailSettings | null = null;
  private attempt = 0;
  /** The start that is to replace the waiting sign-in, while it is on its way. */
  private replacing: Promise<ApiResult<SignInStarted>> | null = null;

  constructor(private readonly handlers: SignInHandlers) {}

  /** Anything in flight: the form stays read-only. */
  get busy(): boolean {
    return this.phase !== 'idle';
  }

  /** The code on another device is in use (rather than this computer's browser). */
  get usesCode(): boolean {
    return this.started?.userCode != null;
  }

  /** "Use a code on another device instead" can be offered now. */
  get canUseCode(): boolean {
    return this.codeAllowed && this.phase === 'waiting' && !this.usesCode;
  }

  /** Starts the sign-in for `settings` (the form as it is) and waits for it to finish. */
  async start(settings: MailSettings, deviceCode = false): Promise<void> {
    if (this.busy) return;
    const id = ++this.attempt;
    this.settings = settings;
    // The organisation's policy, when it says, in place of the settings' own (as the Rust side
    // does): the sync card's "sign in again" starts from settings saved before the policy changed.
    this.codeAllowed = appState.policy?.policy.oauthDeviceCodeAllowed ?? settings.oauth?.deviceCodeAllowed ?? false;
    this.codeFailure = null;
    this.phase = 'starting';
    const result = await api.startMicrosoftSignIn(settings, deviceCode);
    if (id !== this.attempt) return;
    if (result.status === 'error') {
      this.phase = 'idle';
      this.handlers.onfailed(result.error);
      return;
    }
    this.show(result.data);
    await this.finish(id, false);
  }

  /** Replaces the browser sign-in by a code typed on another device. */
  async useCode(): Promise<void> {
    if (!this.canUseCode || this.settings === null) return;
    this.phase = 'switching';
    this.codeFailure = null;
    const replacement = api.startMicrosoftSignIn(this.settings, true);
    this.replacing = replacement;
    const result = await replacement;
    this.replacing = null;
    if (this.phase !== 'switching') return; // the browser sign-in ended meanwhile
    if (result.status === 'error') {
      // Nothing was replaced: the browser sign-in still waits.
      this.phase = 'waiting';
      this.codeFailure = result.error;
      return;
    }
    const id = ++this.attempt;
    this.show(result.data);
    await this.finish(id, false);
  }

  /** The link of the waiting panel: the Rust side opens the page in the system browser again. */
  async openPage(): Promise<void> {
    if (this.phase !== 'waiting') return;
    this.pageFailure = null;
    const result = await api.openSignInPage();
    if (result.status === 'error') this.pageFailure = result.error;
  }

  /** Cancel in the app: the pending finish answers `signInCancelled` (or, if the servers were
   * already being checked, how that ended), which takes the owner back to its form. */
  async cancel(): Promise<void> {
    if (this.phase !== 'waiting') return;
    this.phase = 'cancelling';
    const result = await api.cancelMicrosoftSignIn();
    if (result.status === 'error' && this.phase === 'cancelling') {
      this.phase = 'waiting';
      this.codeFailure = result.error;
    }
  }

  /** After `queuedForOtherConnection`: the user said yes; the Rust side kept the sign-in. */
  async confirmSwitch(): Promise<void> {
    if (this.busy) return;
    const id = ++this.attempt;
    this.phase = 'confirming';
    await this.finish(id, true);
  }

  /** After `queuedForOtherConnection`: the user stays; the kept sign-in is dropped. */
  discard(): void {
    void api.cancelMicrosoftSignIn();
  }

  /** The owner goes away (e.g. the form closes): a sign-in still waiting is cancelled. */
  dispose(): void {
    if (this.phase === 'idle') return;
    this.attempt += 1;
    this.phase = 'idle';
    this.started = null;
    void api.cancelMicrosoftSignIn();
  }

  private show(started: SignInStarted): void {
    this.started = started;
    this.expiresAt = instantAfter(started.expiresInSeconds);
    this.phase = 'waiting';
  }

  private async finish(id: number, switchConfirmed: boolean): Promise<void> {
    const result = await api.finishMicrosoftSignIn(switchConfirmed);
    // While a replacement start is on its way, this answer counts only if nothing replaced it.
    const replacement = this.replacing;
    if (replacement && (await replacement).status === 'ok') return;
    if (id !== this.attempt) return; // a later attempt took over: a stale answer
    this.phase = 'idle';
    this.started = null;
    this.expiresAt = null;
    this.codeFailure = null;
    this.pageFailure = null;
    if (result.status === 'ok') this.handlers.onconnected(result.data);
    else if (result.error.code === 'signInCancelled') this.handlers.oncancelled();
    else this.handlers.onfailed(result.error);
  }
}
