/**
 * The open /request-access form in forward-auth mode (real slapd, read-only; a fake AccountCreator
 * stands in for onboarding): validation, abuse, duplicates, admin email, TAK Portal and ldap-login.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { fakeCreator, goodForm, postRequestForm, PUBLIC_HOST } from '../harness/request-access.ts';
import { startSmtpSink, type SmtpSink } from '../harness/smtp-sink.ts';
import { asForwardAuthUser, PROXY_SECRET, startStack, type Stack } from '../harness/stack.ts';

let stack: Stack;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  stack = await startStack({
    mode: 'forward-auth',
    ldap: inject('ldap'),
    env: { SMTP_URL: sink.url, SMTP_FROM: 'Streams <streams@example.org>', ADMIN_EMAILS: 'ops@example.org' },
  });
  stack.overlay.services!.onboarding = fakeCreator();
});
afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
});

const post = (form: Record<string, string>, options?: Parameters<typeof postRequestForm>[2]) => postRequestForm(stack.overlay.url, form, options);
const stored = async () =>
  (await stack.overlay.services!.store.documents.read<{ requests: Array<Record<string, unknown>> }>('access-requests'))?.data.requests ?? [];
const storedNames = async () => (await stored()).map((r) => r.username);

describe('GET /request-access', () => {
  it('serves the form to someone not signed in: the fields, a hidden honeypot, no password', async () => {
    const res = await fetch(`${stack.overlay.url}/request-access`, { headers: { 'X-Overlay-Proxy-Secret': PROXY_SECRET } });
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const field of ['name', 'email', 'username', 'reason', 'agency']) expect(page).toContain(`name="${field}"`);
    expect(page).toMatch(/<div class="hp" aria-hidden="true">.*name="website" tabindex="-1"/);
    expect(page).not.toMatch(/type="password"|name="password"/);
    expect(page).toContain('action="/request-access"');
  });

  it('says requests are not taken here while the directory is read-only', async () => {
    const services = stack.overlay.services!;
    const creator = services.onboarding;
    services.onboarding = null;
    try {
      const res = await fetch(`${stack.overlay.url}/request-access`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Requests are not taken here');
      expect((await post(goodForm('offline'))).status).toBe(404);
    } finally {
      services.onboarding = creator;
    }
  });
});

describe('POST /request-access', () => {
  it('stores a good request, thanks the person and emails the admins with every field escaped', async () => {
    const res = await post(goodForm('frank', { name: '<img src=x onerror=alert(1)> Frank', agency: 'Ops & <Co>' }));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Request sent');
    expect(page).toContain('Thank you, &lt;img src=x onerror=alert(1)&gt; Frank.');
    expect(page).not.toContain('<img');
    expect(await stored()).toContainEqual(expect.objectContaining({ username: 'frank', state: 'pending', agency: 'Ops & <Co>' }));
    await vi.waitFor(() => expect(sink.messages.some((m) => m.subject === 'Stream access request: frank')).toBe(true));
    const mail = sink.messages.find((m) => m.subject === 'Stream access request: frank')!;
    expect(mail.to).toEqual(['ops@example.org']);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; Frank');
    expect(mail.html).toContain('Ops &amp; &lt;Co&gt;');
    expect(mail.html).not.toContain('<img');
    // The proxy vouched for the public address, so the email links there.
    expect(mail.html).toContain(`href="https://${PUBLIC_HOST}/"`);
  });

  it('re-renders the form with the entered values, escaped, and a message per field', async () => {
    const res = await post({ name: '<b>Gus</b>', email: 'not-an-address', username: '9gus', reason: '', agency: '' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Please correct the 3 fields marked below.');
    expect(page).toContain('value="&lt;b&gt;Gus&lt;/b&gt;"');
    expect(page).not.toContain('<b>Gus');
    expect(page).toMatch(/id="email"[^>]*aria-invalid="true"[^>]*aria-describedby="email-error"[^>]*value="not-an-address"/);
    expect(page).toContain('<p class="field-error" id="email-error">Enter one email address, like name@example.org.</p>');
    expect(page).toContain('id="username-error">Usernames are 2 to 32 characters');
    expect(page).toContain('id="reason-error">Tell the administrators why you need access.</p>');
    expect(page).not.toContain('id="name-error"');
    expect(await storedNames()).not.toContain('9gus');
  });

  it('refuses oversized fields by name, and a body over the cap with 413', async () => {
    const long = await post(goodForm('hugo', { reason: 'r'.repeat(1001) }));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('The reason can be at most 1000 characters (it has 1001).');
    const huge = await post(goodForm('hugo', { reason: 'r'.repeat(40 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('The form was larger than 32 KB');
    expect(await storedNames()).not.toContain('hugo');
  });

  it('answers a filled honeypot as if accepted, but stores and emails nothing', async () => {
    const before = sink.messages.length;
    const res = await post(goodForm('botty', { website: 'http://spam.example' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Request sent');
    expect(await storedNames()).not.toContain('botty');
    expect(stack.overlay.logs).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/honeypot filled/), ip: expect.any(String) }));
    expect(sink.messages.length).toBe(before);
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['a username in the directory', { username: 'alice' }, 'username', 'This username is already taken'],
    ['the service account, which the people listing leaves out', { username: 'svc-overlay' }, 'username', 'This username is already taken'],
    ['an email in the directory (any case)', { email: 'Erin@Example.test' }, 'email', 'There is already an account with this email address'],
    ['a username already waiting', { username: 'frank' }, 'username', 'A request for this username is already waiting'],
    ['an email already waiting', { email: 'frank@new.example.org' }, 'email', 'A request with this email address is already waiting'],
  ])('refuses %s kindly, next to the field', async (_what, change, field, message) => {
    const res = await post({ ...goodForm('ivy'), ...change });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain(`<p class="field-error" id="${field}-error">${message}`);
    // Nothing new is stored: only frank's own earlier request carries that name.
    expect((await stored()).filter((r) => r.username === (change.username ?? 'ivy'))).toHaveLength(change.username === 'frank' ? 1 : 0);
  });

  it('limits posts per address with a clear 429 page and Retry-After', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 10; i++) expect((await post({}, { ip })).status).toBe(400);
    const res = await post(goodForm('jack'), { ip });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.text()).toMatch(/Too many access requests came from your address\. Try again in \d+ minute/);
    expect(await storedNames()).not.toContain('jack');
    expect((await post(goodForm('jack'), { ip: '203.0.113.78' })).status).toBe(200);
  });

  it('keeps cross-site form posts out', async () => {
    const res = await post(goodForm('kim'), { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await storedNames()).not.toContain('kim');
  });
});

describe('/me for the console', () => {
  it('tells admins where requests go and how many wait, and viewers nothing about it', async () => {
    const me = async (user: string) =>
      (await (await fetch(`${stack.overlay.url}/_overlay/api/me`, { headers: asForwardAuthUser(user) })).json()) as Record<string, unknown>;
    const open = (await stored()).filter((r) => r.state === 'pending').length;
    expect((await me('demo-admin')).requestAccess).toEqual({ mode: 'overlay', pending: open });
    expect(await me('demo-viewer')).not.toHaveProperty('requestAccess');
  });
});

describe('SMTP relay down', () => {
  it('still stores the request and logs the failed email', async () => {
    await sink.stop();
    const res = await post(goodForm('lena'));
    expect(res.status).toBe(200);
    expect(await storedNames()).toContain('lena');
    await vi.waitFor(() =>
      expect(stack.overlay.logs).toContainEqual(expect.objectContaining({ username: 'lena', msg: expect.stringMatching(/could not email the admins/) })),
    );
  });
});

describe('with TAK_PORTAL_URL, and with ldap-login', () => {
  it("sends people to TAK Portal's request page, and says so on /me", async () => {
    const portal = await startStack({ mode: 'forward-auth', ldap: inject('ldap'), env: { TAK_PORTAL_URL: 'https://portal.example.org/' } });
    try {
      const get = await fetch(`${portal.overlay.url}/request-access`, { redirect: 'manual' });
      expect(get.status).toBe(302);
      expect(get.headers.get('location')).toBe('https://portal.example.org/request-access');
      const sent = await postRequestForm(portal.overlay.url, goodForm('mona'));
      expect(sent.status).toBe(303);
      expect(sent.headers.get('location')).toBe('https://portal.example.org/request-access');
      const me = await (await fetch(`${portal.overlay.url}/_overlay/api/me`, { headers: asForwardAuthUser('demo-admin') })).json();
      expect(me.requestAccess).toEqual({ mode: 'tak-portal', pending: 0 });
    } finally {
      await portal.stop();
    }
  });

  it('serves the form before the sign-in page asks for anyone', async () => {
    const login = await startStack({ mode: 'ldap-login', ldap: inject('ldap') });
    try {
      login.overlay.services!.onboarding = fakeCreator();
      const res = await fetch(`${login.overlay.url}/request-access`, { redirect: 'manual' });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<h1>Request access</h1>');
    } finally {
      await login.stop();
    }
  });
});
