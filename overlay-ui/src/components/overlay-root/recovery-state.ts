import { html, nothing } from 'lit';
import { ApiError } from '../../shared/api.ts';
import type { RecoveryStatus } from '../../shared/api-types.ts';
import { message, PanelState } from './panel-state.ts';
import '../password-recovery/define.ts';

/**
 * "Enable password recovery" (Authentik only): the API answers 409 when there is no Authentik
 * to build it in, and then the panel is not shown at all.
 */
export class RecoveryState extends PanelState {
  /** null until asked; false after a 409 (an LDAP site: set-password links instead). */
  available: boolean | null = null;
  recovery: RecoveryStatus | null = null;
  created: string[] = [];
  busy = false;
  status = '';
  error: string | null = null;
  private asked = false;

  render() {
    if (!this.available && this.error === null) return nothing;
    return html`<vid-password-recovery
      .recovery=${this.recovery} .created=${this.created} .busy=${this.busy} .status=${this.status} .error=${this.error}
      @vid-enable-recovery=${this.onEnable}
    ></vid-password-recovery>`;
  }

  opened() {
    if (this.asked) return;
    this.asked = true;
    void this.run(() => this.host.api.passwordRecovery(), null);
  }

  private readonly onEnable = () => {
    if (this.busy) return;
    this.busy = true;
    this.status = 'Creating what is missing in Authentik…';
    this.changed();
    void this.run(
      () => this.host.api.enablePasswordRecovery(),
      (result) => {
        this.created = result.created ?? [];
        const labels = this.created.map((key) => result.items.find((i) => i.key === key)?.label ?? key);
        return labels.length ? `Created or set: ${labels.join('; ')}.` : 'Nothing was missing: Authentik already had all of it.';
      },
    );
  };

  private async run(call: () => Promise<RecoveryStatus>, done: ((result: RecoveryStatus) => string) | null) {
    try {
      const result = await call();
      this.available = true;
      this.recovery = { ...result, items: Array.isArray(result.items) ? result.items : [] };
      this.error = null;
      if (done) this.status = done(this.recovery);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && this.recovery === null) {
        this.available = false;
      } else {
        this.error = `${done ? 'Password recovery was not enabled' : 'Could not read the password recovery setup'}: ${message(error)}`;
        this.status = '';
      }
    } finally {
      this.busy = false;
      this.changed();
    }
  }
}
