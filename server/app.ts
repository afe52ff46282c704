import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { enforceRouteAccess, resolveUser } from './access/enforce.ts';
import { neutralAnswersForViewers } from './access/neutral-answers.ts';
import { createAccessRequests } from './access-requests/index.ts';
import type { Config } from './config/index.ts';
import { refuseCrossSiteForms } from './http/cross-site.ts';
import { AUTH_ENDPOINT_PATH, decisionsApi, mediamtxAuthHandler, metricsRoute } from './mediamtx-auth/endpoint.ts';
import { doctorApi } from './doctor/api.ts';
import { echoProbeRoute } from './doctor/echo-probe.ts';
import { createErrorRenderer } from './http/errors.ts';
import type { OverlayEnv } from './http/env.ts';
import { healthHandler } from './http/health.ts';
import { requestTargetGuard } from './http/request-target.ts';
import { forwardAuthIdentity } from './identity/forward-auth.ts';
import { ldapLogin, LOGIN_PATH } from './identity/ldap-login/index.ts';
import { jwksRoute, tokenApi } from './jwt/routes.ts';
import { setPasswordRoutes } from './onboarding/index.ts';
import { mediamtxSettingsApi } from './mediamtx/settings-routes.ts';
import { createEditorProxy } from './proxy/editor-proxy.ts';
import type { ResponseTransform } from './proxy/relay.ts';
import { forwardToEditor } from './proxy/forward.ts';
import { rulesApi } from './rules/api.ts';
import type { DirectoryServices } from './services.ts';
import { streamRoutes } from './streams/routes.ts';
import { watchPages } from './streams/watch.ts';
import { assetRoutes } from './ui/asset-routes.ts';
import { createUiBundle } from './ui/bundle.ts';
import { htmlInjection } from './ui/inject.ts';
import { createOfflineAssets } from './ui/offline-assets.ts';
import { uiRoutes } from './ui/routes.ts';
import { createUpstreamSessions, type UpstreamSessions } from './upstream/sessions.ts';
import { usersApi } from './users/api.ts';
import { pathsApi } from './rules/paths-api.ts';
import { passwordRecoveryApi } from './password-recovery/recovery-flow-routes.ts';
import { activityApi } from './activity/api.ts';
import { editorConfigReader } from './activity/editor-config.ts';
import { recordEditorChanges } from './activity/editor-recorder.ts';
import { recordOverlayChanges } from './activity/overlay-changes.ts';
import { activityStoreCheck } from './activity/store-ready.ts';

export interface AppDependencies {
  config: Readonly<Config>;
  log: Logger;
  /** null in vanilla mode, which keeps no state. */
  services: DirectoryServices | null;
  /** Where the console panel bundle is; overlay-ui/dist/overlay.js by default (tests point elsewhere). */
  uiBundlePath?: string;
}

export interface OverlayApp {
  app: Hono<OverlayEnv>;
  /** What the server calls: app.fetch, with HEAD routed as GET (see headAsGet). */
  fetch: Hono<OverlayEnv>['fetch'];
  /** Directory mode only: the overlay's logins to the editor. */
  upstream: UpstreamSessions | null;
  /** Hot routes served on plain node:http in front of Hono (see http/server.ts). */
  rawRoutes: RawRoute[];
}

export interface RawRoute {
  method: string;
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const AUTHENTIK_SIGN_OUT = '/outpost.goauthentik.io/sign_out';

export function createApp(deps: AppDependencies): OverlayApp {
  const { config, log } = deps;
  const app = new Hono<OverlayEnv>();
  const rawRoutes: RawRoute[] = [];
  app.onError(createErrorRenderer(log));
  const { services } = deps;
  app.get('/healthz', healthHandler({ config, directory: services?.directory ?? null, store: services?.store ?? null }));
  const proxy = createEditorProxy({ editorUrl: config.editorUrl, directoryMode: config.mode === 'directory' });

  if (config.mode === 'vanilla' || !services) {
    app.all('*', (c) => forwardToEditor(c, proxy, null));
    return { app, fetch: headAsGet(app), upstream: null, rawRoutes };
  }

  // First, before any route: everything after decides on the path the editor will route.
  app.use('*', requestTargetGuard());
  const upstream = createUpstreamSessions({ editorUrl: config.editorUrl, accounts: config.editorAccounts!, log });
  const ui = createUiBundle({ path: deps.uiBundlePath, log });
  const assets = createOfflineAssets();
  const cdn = { hlsJs: assets.hlsJs.url, iconCss: assets.iconCss.url };
  // MediaMTX and Prometheus call these directly, with no person behind them.
  app.route('/', metricsRoute(services.auth.metrics));
  rawRoutes.push({ method: 'POST', path: AUTH_ENDPOINT_PATH, handle: mediamtxAuthHandler({ auth: services.auth, onDecision: services.revoke.record, log }) });
  if (services.jwt) app.route('/', jwksRoute(services.jwt.ring));
  app.route('/', echoProbeRoute(config.proxySecret)); // the doctor's reverse-proxy probe: open, booleans only
  app.use('*', refuseCrossSiteForms());
  app.route('/', setPasswordRoutes({ service: services.setPassword, proxySecret: config.proxySecret, trustedProxies: config.trustedProxies, log }));
  // Open like set-password (nobody is signed in yet), so before identity; after the cross-site check.
  const accessRequests = createAccessRequests({
    config,
    documents: services.store.documents,
    reader: services.users.reader,
    directory: services.directory,
    accountCreator: () => services.onboarding,
    log,
    writer: () => services.users.writer,
    revoke: services.revoke,
  });
  app.route('/', accessRequests.publicRoutes);

  if (config.identity === 'ldap-login') {
    if (!services.directory) throw new Error('IDENTITY=ldap-login needs LDAP_URL');
    const login = ldapLogin({ ...config, directory: services.directory, sessionStore: services.store.keyv('login-sessions'), log });
    app.route('/', login.routes);
    app.get('/login', (c) => c.redirect(LOGIN_PATH, 302));
    app.get('/logout', login.logout);
    app.use('*', login.identify);
  } else {
    app.get('/login', (c) => c.redirect('/', 302));
    app.get('/logout', (c) => c.redirect(AUTHENTIK_SIGN_OUT, 302));
    app.use('*', forwardAuthIdentity({ secret: config.proxySecret!, log, jwt: config.authentikJwt }));
  }

  app.use('*', resolveUser({ directory: services.directory, policy: config }));
  app.use('*', enforceRouteAccess({ requestAccessUrl: config.requestAccessUrl, logoutPath: '/logout' }));
  app.use('*', neutralAnswersForViewers());
  app.use(
    '*',
    watchPages({
      rules: () => services.rules.current(),
      tokens: services.tokens,
      jwts: services.jwt?.tokens ?? null,
      scripts: { hlsJs: assets.hlsJs.url, player: assets.watchPlayer.url },
    }),
  );
  // Before the APIs it records: it sees each one's answer, refusals included.
  const ensureRecordable = activityStoreCheck({ ping: () => services.store.ping(), log });
  app.use('/_overlay/api/*', recordOverlayChanges({ activity: services.activity, ensureRecordable, log }));
  app.route('/_overlay/api', decisionsApi(services.auth.decisions));
  app.route('/_overlay/api', tokenApi(services.jwt?.tokens ?? null));
  app.route('/_overlay/api', rulesApi({ repo: services.rules, directory: services.directory, mediamtx: services.mediamtx }));
  app.route('/_overlay/api', usersApi({ config, users: services.users, revoke: services.revoke, log, requestAccess: accessRequests.summary }));
  app.route('/_overlay/api', accessRequests.adminApi);
  app.route('/_overlay/api', pathsApi({ rules: () => services.rules.current(), mediamtx: services.mediamtx, reader: services.users.reader }));
  app.route('/_overlay/api', passwordRecoveryApi({ authentik: config.authentik, log }));
  app.route('/_overlay/api', mediamtxSettingsApi({ config, mediamtx: services.mediamtx, log }));
  app.route('/_overlay/api', doctorApi({ config, store: services.store, log }));
  app.route('/_overlay/api', activityApi(services.activity));
  app.route('/', uiRoutes(ui));
  app.route('/', assetRoutes(assets));
  // Every change an admin sends to the editor, from here on: the share-link route and the catch-all.
  app.use(
    '*',
    recordEditorChanges({
      activity: services.activity,
      readConfig: editorConfigReader({ editorUrl: config.editorUrl, sessions: upstream, log }),
      ensureRecordable,
      log,
    }),
  );
  const forward = (c: Context<OverlayEnv>, transform?: ResponseTransform) =>
    forwardToEditor(c, proxy, { sessions: upstream, role: c.get('user').role === 'admin' ? 'admin' : 'viewer' }, transform);
  app.route(
    '/',
    streamRoutes({
      rules: () => services.rules.current(),
      tokens: services.tokens,
      jwts: services.jwt?.tokens ?? null,
      viewerShareLinks: config.viewerShareLinks,
      forward,
    }),
  );
  // Every other editor answer; its HTML pages get the console panels' script and our copies of
  // the icon font and hls.js (c.env.incoming keeps HEAD as HEAD).
  app.all('*', (c) => forward(c, htmlInjection(ui, c.env.incoming.method ?? 'GET', cdn)));
  return { app, fetch: headAsGet(app), upstream, rawRoutes };
}

/**
 * Hono answers HEAD by running the GET handler and rebuilding its Response, which drops the
 * "already sent" mark of a proxied reply. Node's server never sends a body for HEAD anyway, and
 * the proxy forwards the original HEAD request, so routing HEAD as GET loses nothing.
 */
function headAsGet(app: Hono<OverlayEnv>): Hono<OverlayEnv>['fetch'] {
  return (request, env, ctx) => app.fetch(request.method === 'HEAD' ? new Request(request, { method: 'GET' }) : request, env, ctx);
}
