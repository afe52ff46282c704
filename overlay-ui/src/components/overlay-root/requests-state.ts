import { html, nothing } from 'lit';
import type { AccessRequest, FieldError, RequestAccessMode } from '../../shared/api-types.ts';
import type { VidEvent } from '../../shared/events.ts';
import { streamGroupsOf } from '../../shared/groups.ts';
import type { IssuedSetup } from '../password-setup/vid-password-setup.ts';
import { fieldErrorOf, message, PanelState, withError, type PanelHost } from './panel-state.ts';
import '../access-requests/define.ts';

/**
 * Access requests in the "Stream users" tab: the queue, approve (with stream groups) and deny,
 * one decision at a time, and the set-password setups the approvals handed back — kept in this
 * page's memory only, so a link is shown once and is gone after "Done" or a reload.
 */
export class RequestsState extends PanelState {
  requests: AccessRequest[] = [];
  errors: Record<string, FieldError> = {};
  busy: string | null = null;
  status = '';
  loadError: string | null = null;
  setups: IssuedSetup[] = [];
  /** From the last list; before that, what /me said. */
  private summary: { mode: RequestAccessMode; pending: number } | null = null;
  private seq = 0;
  private readonly approved: () => void;

  constructor(host: PanelHost, approved: () => void) {
    super(host);
    this.approved = approved;
  }

  /** null: this overlay says nothing about requests (older server, or not an admin). */
  get mode(): RequestAccessMode | null {
    return this.summary?.mode ?? this.host.me?.requestAccess?.mode ?? null;
  }

  /** How many wait for an admin (the sidebar badge). */
  get pending(): number {
    return (this.summary ?? this.host.me?.requestAccess)?.pending ?? 0;
  }

  render() {
    const mode = this.mode;
    if (mode === null) return nothing;
    return html`<vid-access-requests
      .requests=${this.requests} .mode=${mode} .takPortalUrl=${this.host.me?.takPortalUrl ?? null}
      .groups=${this.host.groups} .policy=${this.host.me} .errors=${this.errors} .busy=${this.busy} .status=${this.status}
      .loadError=${this.loadError} .setups=${this.setups}
      @vid-approve-request=${this.onApprove}
      @vid-deny-request=${this.onDeny}
      @vid-dismiss-setup=${this.onDismissSetup}
    ></vid-access-requests>`;
  }

  /** `/me` was read again: its count is newer than the last list's; if it moved while the tab is open, so did the queue. */
  meRead(shown: number, open: boolean) {
    this.summary = null;
    if (open && this.pending !== shown) void this.load();
    this.changed();
  }

  async load() {
    // TAK Portal keeps its own queue; this overlay's stays empty.
    if (this.mode === null || this.mode === 'tak-portal') return;
    const seq = ++this.seq;
    try {
      const list = await this.host.api.accessRequests();
      if (seq !== this.seq) return;
      this.requests = (list.requests ?? []).map((r) => ({ ...r, groups: streamGroupsOf(r.groups, this.host.me) }));
      this.summary = { mode: list.mode, pending: list.pending };
      this.loadError = null;
    } catch (error) {
      if (seq === this.seq) this.loadError = `Could not load the access requests: ${message(error)}`;
    }
    this.changed();
  }

  private readonly onApprove = (event: VidEvent<'vid-approve-request'>) => {
    const { id } = event.detail;
    const request = this.requests.find((r) => r.id === id);
    const groups = streamGroupsOf(event.detail.groups, this.host.me);
    if (!request || this.busy) return;
    if (groups.length === 0) {
      this.setError(id, { field: 'groups', message: `Choose at least one stream group for ${request.username} first.` });
      return;
    }
    void this.decide(request, `Approving ${request.username}…`, async () => {
      const { request: done, passwordSetup } = await this.host.api.approveRequest(id, groups);
      const { username, name, email } = done ?? request;
      this.setups = [...this.setups.filter((s) => s.id !== id), { id, username, name, email, setup: passwordSetup }];
      this.approved();
      return `Approved ${username} with ${groups.join(', ')}.`;
    });
  };

  private readonly onDeny = (event: VidEvent<'vid-deny-request'>) => {
    const { id, reason } = event.detail;
    const request = this.requests.find((r) => r.id === id);
    if (!request || this.busy) return;
    void this.decide(request, `Denying ${request.username}'s request…`, async () => {
      await this.host.api.denyRequest(id, reason?.trim() || null);
      return `Denied ${request.username}'s request.`;
    });
  };

  private readonly onDismissSetup = (event: VidEvent<'vid-dismiss-setup'>) => {
    this.setups = this.setups.filter((s) => s.id !== event.detail.id);
    this.changed();
  };

  /** Runs one approve or deny; a refusal is shown next to the request, and the queue is read again either way. */
  private async decide(request: AccessRequest, working: string, act: () => Promise<string>) {
    this.busy = request.id;
    this.status = working;
    this.changed();
    try {
      this.status = await act();
      this.errors = withError(this.errors, request.id, null);
    } catch (error) {
      this.status = `Nothing was decided for ${request.username}.`;
      this.errors = withError(this.errors, request.id, fieldErrorOf(error));
    } finally {
      this.busy = null;
      this.changed();
    }
    // Another admin may have decided meanwhile, or a half-way approval left it "approving".
    await this.load();
  }

  private setError(id: string, error: FieldError | null) {
    this.errors = withError(this.errors, id, error);
    this.changed();
  }
}
