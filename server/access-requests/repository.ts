import { randomUUID } from 'node:crypto';
import { OverlayError } from '../http/errors.ts';
import type { DocumentStore, LogPage } from '../store/index.ts';
import type { AccessRequest, ApprovalProgress, RequestAuditEntry, RequestFields, TakenBack } from './types.ts';

const DOCUMENT = 'access-requests';
/** Open requests kept at most; more waiting than this is abuse, not people. */
export const MAX_OPEN = 500;
/** Decided requests are kept this long (and at most KEEP_DECIDED of them); the log keeps the history. */
const KEEP_DECIDED_MS = 90 * 86_400_000;
const KEEP_DECIDED = 500;
/**
 * An approval's lease: while it runs, nobody else may approve or deny the request; once it ran
 * out, the attempt is taken for crashed. The caller asks for the attempt's worst case (see
 * AccountCreator.worstCaseMs); it is never shorter than this.
 */
export const MIN_APPROVAL_LEASE_MS = 2 * 60_000;
/** Compare-and-set retries when other requests changed the document meanwhile. */
const WRITE_TRIES = 20;

interface RequestsDocument {
  requests: AccessRequest[];
}

export type Refusal =
  | { ok: false; reason: 'not-found' }
  /** The request is not in a state that allows this; `request` says which state it is in. */
  | { ok: false; reason: 'state'; request: AccessRequest }
  /** Another approve of it is running right now. */
  | { ok: false; reason: 'in-flight'; request: AccessRequest }
  /** An approval attempt whose lease ran out finished late: a later attempt or a deny owns the request now. */
  | { ok: false; reason: 'superseded'; request: AccessRequest }
  /** A deny whose take-back saw another approval attempt than the request has now (or none). */
  | { ok: false; reason: 'changed'; request: AccessRequest };
export type Change = { ok: true; request: AccessRequest } | Refusal;
export type Submission = { ok: true; request: AccessRequest } | { ok: false; reason: 'duplicate'; field: 'username' | 'email' } | { ok: false; reason: 'full' };

export interface AccessRequestRepository {
  /** Open requests first (oldest first), then decided ones (newest first). */
  list(): Promise<AccessRequest[]>;
  get(id: string): Promise<AccessRequest | null>;
  /** pending and approving: what still needs an admin. */
  openCount(): Promise<number>;
  /** Stores a new pending request unless its username or email is already waiting. */
  submit(fields: RequestFields): Promise<Submission>;
  /**
   * pending → approving, or another attempt of an approving one whose last attempt ended (or its
   * lease ran out). The attempt holds the request for `leaseMs` (at least MIN_APPROVAL_LEASE_MS).
   */
  startApproval(id: string, actor: string, groups: string[], leaseMs: number): Promise<Change>;
  /** approving → approved, only by the attempt that owns the request (`attempt`): a late one is 'superseded'. */
  finishApproval(id: string, actor: string, attempt: number, outcome: NonNullable<ApprovalProgress['outcome']>): Promise<Change>;
  failApproval(id: string, actor: string, attempt: number, message: string): Promise<Change>;
  /**
   * pending → denied; also an approving one whose approval failed (it may never finish otherwise),
   * but only once its groups were taken back (`takenBack`, seeing the attempt the request has now).
   */
  deny(id: string, actor: string, reason: string | null, takenBack?: TakenBack): Promise<Change>;
  audit(options: { limit: number; offset: number }): Promise<LogPage<RequestAuditEntry>>;
}

type Decision<R> = { result: R; requests?: AccessRequest[]; entry?: Omit<RequestAuditEntry, 'at'> };
/** An edit of one request: the request as it is to be stored, or a final answer that writes nothing. */
type Edit = (request: AccessRequest, at: string) => { next: AccessRequest; action: RequestAuditEntry['action']; detail: string | null } | Change;

export const isOpen = (r: AccessRequest) => r.state === 'pending' || r.state === 'approving';

/** Whether an approval attempt holds the request now: in flight and within its lease. */
export function approvalRunning(request: AccessRequest, nowMs: number): boolean {
  const approval = request.approval;
  if (request.state !== 'approving' || approval?.inFlight !== true) return false;
  const leaseEnd = approval.leaseUntil ? Date.parse(approval.leaseUntil) : Date.parse(approval.startedAt) + MIN_APPROVAL_LEASE_MS;
  return nowMs < leaseEnd;
}

/** What a deny takes back: every group any approval attempt of the request set out to grant. */
export function groupsToTakeBack(request: AccessRequest): string[] {
  return request.approval ? [...new Set([...(request.approval.triedGroups ?? []), ...request.groups])] : [];
}

/**
 * The access requests, kept as one versioned document: every change is a compare-and-set with
 * its log entry in the same atomic step, so of two concurrent decisions on one request exactly
 * one is written and the other sees the state it left (and is refused).
 */
export function createAccessRequestRepository(options: { documents: DocumentStore; now?: () => number }): AccessRequestRepository {
  const { documents } = options;
  const now = options.now ?? Date.now;

  async function load(): Promise<AccessRequest[]> {
    return (await documents.read<RequestsDocument>(DOCUMENT))?.data.requests ?? [];
  }

  async function mutate<R>(decide: (requests: AccessRequest[], at: string) => Decision<R>): Promise<R> {
    for (let attempt = 0; attempt < WRITE_TRIES; attempt++) {
      const stored = await documents.read<RequestsDocument>(DOCUMENT);
      const at = new Date(now()).toISOString();
      const decision = decide(stored?.data.requests ?? [], at);
      if (!decision.requests) return decision.result;
      const data = { requests: prune(decision.requests, now()) };
      const write = await documents.write<RequestsDocument>(DOCUMENT, stored?.version ?? 0, data, { at, ...decision.entry });
      if (write.ok) return decision.result;
    }
    throw new OverlayError(503, { title: 'Busy', message: 'Access requests are changing too fast right now; try again.', retryAfterSeconds: 1 });
  }

  function change(id: string, actor: string, edit: Edit): Promise<Change> {
    return mutate<Change>((requests, at) => {
      const index = requests.findIndex((r) => r.id === id);
      if (index === -1) return { result: { ok: false, reason: 'not-found' } };
      const edited = edit(requests[index]!, at);
      if ('ok' in edited) return { result: edited };
      const { next, action, detail } = edited;
      return {
        result: { ok: true, request: next },
        requests: requests.map((r, i) => (i === index ? next : r)),
        entry: { by: actor, action, id, username: next.username, detail },
      };
    });
  }

  const refuse = (request: AccessRequest): Refusal => ({ ok: false, reason: 'state', request });
  const running = (request: AccessRequest) => approvalRunning(request, now());

  return {
    async list() {
      const requests = await load();
      const open = requests.filter(isOpen).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
      const decided = requests.filter((r) => !isOpen(r)).sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
      return [...open, ...decided];
    },
    async get(id) {
      return (await load()).find((r) => r.id === id) ?? null;
    },
    async openCount() {
      return (await load()).filter(isOpen).length;
    },
    submit(fields) {
      return mutate<Submission>((requests, at) => {
        const open = requests.filter(isOpen);
        const email = fields.email.toLowerCase();
        if (open.some((r) => r.username === fields.username)) return { result: { ok: false, reason: 'duplicate', field: 'username' } };
        if (open.some((r) => r.email.toLowerCase() === email)) return { result: { ok: false, reason: 'duplicate', field: 'email' } };
        if (open.length >= MAX_OPEN) return { result: { ok: false, reason: 'full' } };
        const request: AccessRequest = {
          ...fields,
          id: randomUUID(),
          state: 'pending',
          submittedAt: at,
          decidedBy: null,
          decidedAt: null,
          groups: [],
          denyReason: null,
          approval: null,
        };
        const entry = { by: 'request-access form', action: 'submit' as const, id: request.id, username: request.username, detail: null };
        return { result: { ok: true, request }, requests: [...requests, request], entry };
      });
    },
    startApproval(id, actor, groups, leaseMs) {
      return change(id, actor, (request, at) => {
        const previous = request.approval;
        if (running(request)) return { ok: false, reason: 'in-flight', request };
        if (request.state !== 'pending' && request.state !== 'approving') return refuse(request);
        const attempts = (previous?.attempts ?? 0) + 1;
        const leaseUntil = new Date(Date.parse(at) + Math.max(leaseMs, MIN_APPROVAL_LEASE_MS)).toISOString();
        const triedGroups = [...new Set([...groupsToTakeBack(request), ...groups])];
        const approval: ApprovalProgress = {
          attempts,
          startedAt: at,
          startedBy: actor,
          inFlight: true,
          leaseUntil,
          triedGroups,
          lastError: null,
          outcome: null,
        };
        return { next: { ...request, state: 'approving', groups, approval }, action: 'approve-start', detail: `attempt ${attempts}: ${groups.join(', ')}` };
      });
    },
    finishApproval(id, actor, attempt, outcome) {
      return change(id, actor, (request, at) => {
        // Only the attempt that owns the request may finish it: one that outlived its lease must
        // not overwrite a later attempt's state, nor a deny that took its groups back meanwhile.
        if (request.approval?.attempts !== attempt) return { ok: false, reason: 'superseded', request };
        if (request.state === 'approved') return { ok: true, request };
        if (request.state !== 'approving' || !request.approval) return { ok: false, reason: 'superseded', request };
        const approval = { ...request.approval, inFlight: false, lastError: null, outcome };
        const next: AccessRequest = { ...request, state: 'approved', decidedBy: actor, decidedAt: at, approval };
        return { next, action: 'approved', detail: outcome.created ? 'account created' : 'account already existed; finished' };
      });
    },
    failApproval(id, actor, attempt, message) {
      return change(id, actor, (request) => {
        // A later attempt (after a lease ran out) or a finished approval owns the request now.
        if (request.state !== 'approving' || request.approval?.attempts !== attempt) return { ok: true, request };
        const next: AccessRequest = { ...request, approval: { ...request.approval, inFlight: false, lastError: message } };
        return { next, action: 'approve-failed', detail: message };
      });
    },
    deny(id, actor, reason, takenBack) {
      return change(id, actor, (request, at) => {
        if (running(request)) return { ok: false, reason: 'in-flight', request };
        if (request.state !== 'pending' && request.state !== 'approving') return refuse(request);
        // Closed by default: an approval may have granted groups, so only a deny that took back
        // what the request's latest attempt set out to grant may end it.
        const attempts = request.approval?.attempts ?? 0;
        if ((request.state === 'approving' || takenBack) && takenBack?.attempts !== attempts) return { ok: false, reason: 'changed', request };
        const tookBack = `took back ${takenBack?.removed.length ? takenBack.removed.join(', ') : 'nothing (no account of theirs)'}`;
        const detail = request.state === 'approving' ? `after a failed approval; ${tookBack}${reason ? `: ${reason}` : ''}` : reason;
        return { next: { ...request, state: 'denied', decidedBy: actor, decidedAt: at, denyReason: reason }, action: 'deny', detail };
      });
    },
    audit({ limit, offset }) {
      return documents.readLog<RequestAuditEntry>(DOCUMENT, { limit, offset });
    },
  };
}

/** Keeps every open request; decided ones only while recent, newest first, at most KEEP_DECIDED. */
function prune(requests: AccessRequest[], nowMs: number): AccessRequest[] {
  const keep = new Set(
    requests
      .filter((r) => !isOpen(r) && nowMs - Date.parse(r.decidedAt ?? '') < KEEP_DECIDED_MS)
      .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
      .slice(0, KEEP_DECIDED),
  );
  return requests.filter((r) => isOpen(r) || keep.has(r));
}
