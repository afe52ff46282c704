import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AccessRequest, FieldError, RequestAccessMode } from '../../shared/api-types.ts';
import { emit, type VidEvent } from '../../shared/events.ts';
import { localTime } from '../../shared/format.ts';
import { safeHref, sameGroup, streamGroupsOf, type GroupPolicy } from '../../shared/groups.ts';
import { baseStyles } from '../../shared/styles.ts';
import type { IssuedSetup } from '../password-setup/vid-password-setup.ts';
import { accessRequestsStyles } from './vid-access-requests.styles.ts';
import '../group-switches/define.ts';
import '../password-setup/define.ts';

const REQUEST_FORM = '/request-access';
const MAX_REASON = 500;

const isOpen = (r: AccessRequest) => r.state === 'pending' || r.state === 'approving';

/**
 * Access requests waiting for an admin: who asks and why, the stream groups to grant (switches,
 * none chosen until the admin chooses), Approve, and Deny with an optional reason. Above them,
 * what each approval handed back (`vid-password-setup`); below, the recently decided ones. With
 * TAK Portal the queue is there, and this says so instead.
 *
 * Data down: `requests`, `mode`, `takPortalUrl`, `groups`, `policy` (from `/me`), `errors` (by request id), `busy`
 * (the id being decided), `status`, `loadError`, `setups`.
 * Events up: `vid-approve-request`, `vid-deny-request` (and `vid-dismiss-setup` from a setup).
 */
export class VidAccessRequests extends LitElement {
  static override styles = [baseStyles, accessRequestsStyles];
  static override properties = {
    requests: { attribute: false },
    mode: { attribute: false },
    takPortalUrl: { attribute: false },
    groups: { attribute: false },
    policy: { attribute: false },
    errors: { attribute: false },
    busy: { attribute: false },
    status: { attribute: false },
    loadError: { attribute: false },
    setups: { attribute: false },
    chosen: { state: true },
    denying: { state: true },
    reasons: { state: true },
  };

  declare requests: AccessRequest[];
  declare mode: RequestAccessMode;
  declare takPortalUrl: string | null;
  declare groups: string[];
  declare policy: GroupPolicy | null;
  declare errors: Record<string, FieldError>;
  declare busy: string | null;
  declare status: string;
  declare loadError: string | null;
  declare setups: IssuedSetup[];
  /** Groups ticked per request, until it is decided. */
  declare chosen: Readonly<Record<string, string[]>>;
  /** The request whose deny form is open. */
  declare denying: string | null;
  declare reasons: Readonly<Record<string, string>>;
  /** The request last acted on: when it leaves the list, focus goes to the heading, not the void. */
  private actedOn: string | null = null;

  constructor() {
    super();
    this.requests = [];
    this.mode = 'overlay';
    this.takPortalUrl = null;
    this.groups = [];
    this.policy = null;
    this.errors = {};
    this.busy = null;
    this.status = '';
    this.loadError = null;
    this.setups = [];
    this.chosen = {};
    this.denying = null;
    this.reasons = {};
  }

  protected override updated(changed: PropertyValues<this>) {
    const acted = this.actedOn;
    if (!changed.has('requests') || acted === null || this.requests.some((r) => r.id === acted && isOpen(r))) return;
    this.actedOn = null;
    // An approval's setup takes focus itself; after a denial the heading does.
    if (!this.setups.some((s) => s.id === acted)) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  override render() {
    const open = this.requests.filter(isOpen);
    const decided = this.requests.filter((r) => !isOpen(r));
    return html`<section class="card" aria-labelledby="vid-ar-title">
      <h2 id="vid-ar-title" tabindex="-1">Access requests${open.length ? ` (${open.length} waiting)` : ''}</h2>
      ${
        this.mode === 'tak-portal'
          ? this.renderTakPortal()
          : html`
        ${
          this.mode === 'off'
            ? html`<p class="notice warn" data-requests-off>Requests are not taken here: the directory is read-only for the
              overlay, so approving cannot create accounts. Set AUTHENTIK_URL and AUTHENTIK_TOKEN, or DIRECTORY_WRITE=ldap.</p>`
            : nothing
        }
        <p class="status" role="status" aria-live="polite">${this.status}</p>
        ${this.loadError ? html`<div class="notice warn" role="alert">${this.loadError}</div>` : nothing}
        ${repeat(
          this.setups,
          (s) => s.id,
          (s) => html`<vid-password-setup .issued=${s}></vid-password-setup>`,
        )}
        ${
          open.length === 0
            ? html`<p class="muted">No requests are waiting. People ask for access at <a href=${REQUEST_FORM}>${REQUEST_FORM}</a>.</p>`
            : html`<ul class="requests">${repeat(
                open,
                (r) => r.id,
                (r) => this.renderRequest(r),
              )}</ul>`
        }
        ${decided.length ? this.renderDecided(decided) : nothing}`
      }
    </section>`;
  }

  private renderTakPortal() {
    const base = (this.takPortalUrl ?? '').replace(/\/+$/, '');
    const href = safeHref(base ? `${base}${REQUEST_FORM}` : null);
    return html`<p class="notice" data-tak-portal>Access requests are handled in TAK Portal: people ask on
      ${href ? html`<a href=${href} target="_blank" rel="noopener">TAK Portal's request-access page</a>` : 'TAK Portal'}
      and are approved there, not here.</p>`;
  }

  private renderRequest(r: AccessRequest) {
    const error = this.errors[r.id];
    const working = this.busy === r.id;
    const denying = this.denying === r.id;
    return html`<li data-request=${r.id} aria-busy=${working ? 'true' : 'false'}>
      <h3>${r.name} asks for “${r.username}”</h3>
      <dl class="facts">
        <div><dt>Email: </dt><dd>${r.email}</dd></div>
        ${r.agency ? html`<div><dt>Agency: </dt><dd>${r.agency}</dd></div>` : nothing}
        <div><dt>Reason: </dt><dd>${r.reason}</dd></div>
        <div><dt>Asked: </dt><dd><time datetime=${r.submittedAt}>${localTime(r.submittedAt)}</time></dd></div>
      </dl>
      ${r.state === 'approving' ? this.renderHalfWay(r) : nothing}
      <vid-group-switches .groups=${streamGroupsOf(this.groups, this.policy)} .policy=${this.policy} .selected=${this.chosenFor(r)} subject=${`${r.username}'s request`}
        legend="Stream groups to grant" @vid-toggle-group=${(e: VidEvent<'vid-toggle-group'>) => this.toggle(r.id, e)}></vid-group-switches>
      <div class="actions">
        <button type="button" ?disabled=${this.busy !== null} @click=${() => this.approve(r)}>Approve ${r.username}</button>
        <button type="button" class="danger" ?disabled=${this.busy !== null} aria-expanded=${denying ? 'true' : 'false'}
          @click=${() => {
            this.denying = denying ? null : r.id;
          }}>Deny ${r.username}</button>
      </div>
      ${denying ? this.renderDenyForm(r) : nothing}
      ${error ? html`<p class="field-error" role="alert" data-field=${error.field ?? 'request'}>${error.message}</p>` : nothing}
    </li>`;
  }

  private renderHalfWay(r: AccessRequest) {
    const a = r.approval;
    const by = a?.startedBy ?? 'An admin';
    return a?.inFlight
      ? html`<p class="notice">${by} is approving this request right now.</p>`
      : html`<p class="notice warn">The approval ${by} started stopped half-way${a?.lastError ? `: ${a.lastError}` : ''}.
          Approve again to finish it (nothing is created twice), or deny it: denying takes back the groups it granted.</p>`;
  }

  private renderDenyForm(r: AccessRequest) {
    const id = `vid-deny-${r.id}`;
    return html`<form class="deny" @submit=${(e: Event) => this.deny(e, r)}>
      <label for=${id}>Why is ${r.username} denied? (optional, kept with the request)</label>
      <textarea id=${id} rows="2" maxlength=${MAX_REASON} .value=${live(this.reasons[r.id] ?? '')}
        @input=${(e: Event) => {
          this.reasons = { ...this.reasons, [r.id]: (e.target as HTMLTextAreaElement).value };
        }}></textarea>
      <div class="actions">
        <button type="submit" class="danger" ?disabled=${this.busy !== null}>Confirm denial</button>
        <button type="button" class="secondary" @click=${() => {
          this.denying = null;
        }}>Cancel</button>
      </div>
    </form>`;
  }

  private renderDecided(decided: AccessRequest[]) {
    return html`<details>
      <summary>Recently decided (${decided.length})</summary>
      <ul>${decided.map(
        (r) => html`<li>${r.username} (${r.name}): ${r.state}${r.decidedBy ? ` by ${r.decidedBy}` : ''}
        ${r.decidedAt ? html`on <time datetime=${r.decidedAt}>${localTime(r.decidedAt)}</time>` : nothing}${
          r.state === 'approved' && r.groups.length ? ` with ${streamGroupsOf(r.groups, this.policy).join(', ')}` : ''
        }${r.denyReason ? ` (“${r.denyReason}”)` : ''}</li>`,
      )}</ul>
    </details>`;
  }

  /** What is ticked: the admin's choice, else the groups a half-way approval was started with; never tak_*. */
  private chosenFor(r: AccessRequest): string[] {
    return streamGroupsOf(this.chosen[r.id] ?? (r.state === 'approving' ? r.groups : []), this.policy);
  }

  private toggle(id: string, event: VidEvent<'vid-toggle-group'>) {
    event.stopPropagation();
    const { group, on } = event.detail;
    const request = this.requests.find((r) => r.id === id);
    const current = request ? this.chosenFor(request) : [];
    const rest = current.filter((g) => !sameGroup(g, group));
    this.chosen = { ...this.chosen, [id]: on ? [...rest, group] : rest };
  }

  private approve(r: AccessRequest) {
    this.actedOn = r.id;
    emit(this, 'vid-approve-request', { id: r.id, groups: this.chosenFor(r) });
  }

  private deny(event: Event, r: AccessRequest) {
    event.preventDefault();
    this.actedOn = r.id;
    const reason = (this.reasons[r.id] ?? '').trim();
    emit(this, 'vid-deny-request', { id: r.id, reason: reason || null });
  }
}
