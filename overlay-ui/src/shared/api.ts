import type {
  AccessRequestList,
  ActivityDetail,
  ActivityPage,
  ActivityQuery,
  Approval,
  Denial,
  ErrorAnswer,
  FieldError,
  ListedGroup,
  ListedUser,
  Me,
  PathInfo,
  RecoveryStatus,
  RuleChanged,
  RuleSet,
  UserAccess,
  UsersPage,
  UsersQuery,
  Viewers,
} from './api-types.ts';

/** What an error answer carries: `{error, field?, current?}`. */
export type ErrorBody = ErrorAnswer;

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly body: ErrorBody;
  constructor(status: number, body: ErrorBody) {
    super(body.error ?? `The overlay answered HTTP ${status}.`);
    this.status = status;
    this.body = body;
  }

  get fieldError(): FieldError {
    return { field: this.body.field ?? null, message: this.message };
  }
}

type Fetch = typeof fetch;

/**
 * The one transport to `/_overlay/api`. Only `vid-overlay-root` holds one; every other element
 * gets plain data. `fetchImpl` defaults to the page's `fetch`, looked up at call time.
 */
export class OverlayApi {
  readonly base: string;
  readonly fetchImpl: Fetch | undefined;

  constructor(base = '/_overlay/api', fetchImpl?: Fetch) {
    this.base = base;
    this.fetchImpl = fetchImpl;
  }

  me(): Promise<Me> {
    return this.request('GET', '/me');
  }

  groups(): Promise<{ groups: ListedGroup[] }> {
    return this.request('GET', '/groups');
  }

  createGroup(name: string): Promise<unknown> {
    return this.request('POST', '/groups', { body: { name } });
  }

  users(q: UsersQuery): Promise<UsersPage> {
    const params = new URLSearchParams({
      search: q.search,
      page: String(q.page),
      pageSize: String(q.pageSize),
      sort: q.sort,
      order: q.order,
    });
    return this.request('GET', `/users?${params}`);
  }

  setMembership(username: string, group: string, on: boolean): Promise<ListedUser> {
    const url = `/users/${encodeURIComponent(username)}/groups/${encodeURIComponent(group)}`;
    return this.request(on ? 'PUT' : 'DELETE', url);
  }

  paths(): Promise<{ paths: PathInfo[] }> {
    return this.request('GET', '/paths');
  }

  viewers(path: string): Promise<Viewers> {
    return this.request('GET', `/paths/viewers?${new URLSearchParams({ path })}`);
  }

  rules(): Promise<RuleSet> {
    return this.request('GET', '/rules');
  }

  putRule(rule: { path: string; groups: string[] }, version: number): Promise<RuleChanged> {
    return this.request('PUT', '/rules', { body: rule, version });
  }

  deleteRule(path: string, version: number): Promise<RuleChanged> {
    return this.request('DELETE', `/rules?${new URLSearchParams({ path })}`, { version });
  }

  access(user: string): Promise<UserAccess> {
    return this.request('GET', `/access?${new URLSearchParams({ user })}`);
  }

  accessRequests(): Promise<AccessRequestList> {
    return this.request('GET', '/access-requests');
  }

  approveRequest(id: string, groups: string[]): Promise<Approval> {
    return this.request('POST', `/access-requests/${encodeURIComponent(id)}/approve`, { body: { groups } });
  }

  denyRequest(id: string, reason: string | null): Promise<Denial> {
    return this.request('POST', `/access-requests/${encodeURIComponent(id)}/deny`, { body: reason ? { reason } : {} });
  }

  passwordRecovery(): Promise<RecoveryStatus> {
    return this.request('GET', '/password-recovery');
  }

  enablePasswordRecovery(): Promise<RecoveryStatus> {
    return this.request('POST', '/password-recovery');
  }

  activity(q: ActivityQuery): Promise<ActivityPage> {
    const params = activityFilters(q);
    params.set('limit', String(q.limit));
    params.set('offset', String(q.offset));
    return this.request('GET', `/activity?${params}`);
  }

  activityDetail(id: string): Promise<ActivityDetail> {
    return this.request('GET', `/activity/${encodeURIComponent(id)}`);
  }

  /** Where the browser downloads the activity with these filters as CSV (a link, not a fetch: the server names the file). */
  activityCsvUrl(q: ActivityQuery): string {
    const params = activityFilters(q).toString();
    return `${this.base}/activity.csv${params ? `?${params}` : ''}`;
  }

  private async request<T>(method: string, url: string, opts: { body?: unknown; version?: number } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.version !== undefined) headers['If-Match'] = `"${opts.version}"`;
    const doFetch = this.fetchImpl ?? globalThis.fetch;
    const res = await doFetch.call(globalThis, this.base + url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let data: unknown;
    try {
      data = text === '' ? null : JSON.parse(text);
    } catch {
      data = null;
    }
    if (!res.ok) {
      const body = data !== null && typeof data === 'object' ? (data as ErrorBody) : { error: text.slice(0, 200) || undefined };
      throw new ApiError(res.status, body);
    }
    return data as T;
  }
}

/** The filters that are set; an empty one means "all" and is not sent (the server refuses what it does not know). */
function activityFilters(q: ActivityQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (q.user.trim()) params.set('user', q.user.trim());
  if (q.kind) params.set('kind', q.kind);
  return params;
}
