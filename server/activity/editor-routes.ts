/**
 * What each change through the editor (v2.0.8) does, in a line a person reads: which routes
 * rewrite MediaMTX's YAML (so their before/after diff is kept), which carry an upload, and the
 * summary, made only from the request fields named here (never a secret one: field() refuses).
 */
import { isSecretKey, redactString } from './redact.ts';

export interface EditorFacts {
  params: Record<string, string>;
  /** A request field (JSON or form) as short clean text; undefined when absent. Secret fields cannot be read. */
  field(name: string): string | undefined;
  ok: boolean;
  upload: { name: string; size: number } | null;
}

export interface EditorRouteSpec {
  /** Flask's rule: `<name>` is one path segment. */
  pattern: string;
  /** The route rewrites mediamtx.yml: the configuration is read before and after. */
  yaml?: boolean;
  /** The multipart field that carries the file. */
  upload?: string;
  /** [what was done, what was tried]: the second words a failure ("could not ..."). */
  says(f: EditorFacts): [string, string];
}

const named = (thing: string, name: string | undefined) => (name ? `${thing} ${name}` : thing);
const onOff = (f: EditorFacts, name: string) => (f.field(name) === 'true' ? 'on' : 'off');
const sized = (f: EditorFacts) => (f.upload ? ` ${f.upload.name} (${f.upload.size} bytes)` : '');

const SPECS: EditorRouteSpec[] = [
  { pattern: '/save_yaml', yaml: true, says: () => ['saved the configuration (YAML editor)', 'save the configuration (YAML editor)'] },
  { pattern: '/save_basic', yaml: true, says: () => ['saved the basic settings', 'save the basic settings'] },
  { pattern: '/save_protocols', yaml: true, says: () => ['saved the protocol settings', 'save the protocol settings'] },
  { pattern: '/save_hls', yaml: true, says: () => ['saved the HLS settings', 'save the HLS settings'] },
  { pattern: '/validate_yaml', says: () => ['checked YAML syntax (nothing saved)', 'check YAML syntax'] },
  {
    pattern: '/restore/<name>',
    yaml: true,
    says: (f) => [`restored the configuration backup ${f.params.name}`, `restore the configuration backup ${f.params.name}`],
  },
  { pattern: '/backup', says: () => ['backed up the configuration', 'back up the configuration'] },
  { pattern: '/service/<action>', says: (f) => service(f.params.action ?? '') },
  {
    pattern: '/api/mediamtx/users/add',
    yaml: true,
    says: (f) => both(named('added MediaMTX user', f.field('username')), named('add MediaMTX user', f.field('username'))),
  },
  {
    pattern: '/api/mediamtx/users/update',
    yaml: true,
    says: (f) => {
      const [before, after] = [f.field('oldUsername'), f.field('username')];
      const renamed = before && after && before !== after ? ` (renamed ${after})` : '';
      return [named('updated MediaMTX user', before ?? after) + renamed, named('update MediaMTX user', before ?? after)];
    },
  },
  {
    pattern: '/api/mediamtx/users/revoke',
    yaml: true,
    says: (f) => both(named('removed MediaMTX user', f.field('username')), named('remove MediaMTX user', f.field('username'))),
  },
  { pattern: '/api/public-access/toggle', yaml: true, says: () => ['switched public access', 'switch public access'] },
  { pattern: '/api/teststream-viewer/toggle', yaml: true, says: () => ['switched the test stream viewer', 'switch the test stream viewer'] },
  {
    pattern: '/api/srt-passphrase/toggle',
    yaml: true,
    says: (f) =>
      f.field('enabled') === 'true'
        ? ['turned the SRT passphrases off for testing', 'turn the SRT passphrases off for testing']
        : ['restored the SRT passphrases', 'restore the SRT passphrases'],
  },
  {
    pattern: '/api/protocols/toggle',
    yaml: true,
    says: (f) => {
      const protocol = (f.field('protocol') ?? 'a protocol').toUpperCase();
      const verb = f.field('enabled') === 'true' ? 'enable' : 'disable';
      return [`${verb}d ${protocol}`, `${verb} ${protocol}`];
    },
  },
  { pattern: '/api/recordings/settings', yaml: true, says: (f) => [`turned recording ${onOff(f, 'enabled')}`, `turn recording ${onOff(f, 'enabled')}`] },
  { pattern: '/api/recordings/delete/<f>', says: (f) => [`deleted recording ${f.params.f}`, `delete recording ${f.params.f}`] },
  { pattern: '/api/test/upload', upload: 'test_file', says: (f) => [`uploaded test video${sized(f)}`, `upload test video${sized(f)}`] },
  { pattern: '/api/test/delete/<f>', says: (f) => [`deleted test video ${f.params.f}`, `delete test video ${f.params.f}`] },
  { pattern: '/api/test/optimize/<f>', says: (f) => [`optimised test video ${f.params.f}`, `optimise test video ${f.params.f}`] },
  { pattern: '/api/test/stream/start/<f>', says: (f) => [`started the test stream from ${f.params.f}`, `start the test stream from ${f.params.f}`] },
  { pattern: '/api/test/stream/stop', says: () => ['stopped the test stream', 'stop the test stream'] },
  { pattern: '/api/share-mode', says: (f) => both(`set sharing of ${f.field('stream') ?? 'a stream'} to ${f.field('mode') ?? 'private'}`) },
  {
    pattern: '/api/share-links/generate',
    says: (f) => both(`created a share link for ${f.field('stream') ?? 'a stream'}`, `create a share link for ${f.field('stream') ?? 'a stream'}`),
  },
  { pattern: '/api/share-links/revoke', says: () => ['revoked a share link', 'revoke a share link'] },
  { pattern: '/api/update/apply', says: () => ['updated the web editor', 'update the web editor'] },
  { pattern: '/api/webeditor/rollback', says: (f) => both(named('rolled the web editor back to', f.field('filename')), 'roll the web editor back') },
  {
    pattern: '/api/firewall/add',
    says: (f) => {
      const rule = `${f.field('port') ?? '?'}/${f.field('protocol') ?? 'tcp'}`;
      return [`opened port ${rule} in the firewall`, `open port ${rule} in the firewall`];
    },
  },
  { pattern: '/api/firewall/remove', says: (f) => both(named('removed firewall rule', f.field('rule')), named('remove firewall rule', f.field('rule'))) },
  { pattern: '/api/mediamtx/version/upgrade', says: () => ['upgraded MediaMTX', 'upgrade MediaMTX'] },
  { pattern: '/api/mediamtx/version/test', says: () => ['tested the MediaMTX upgrade', 'test the MediaMTX upgrade'] },
  { pattern: '/api/mediamtx/version/rollback', yaml: true, says: () => ['rolled MediaMTX back to the previous version', 'roll MediaMTX back'] },
  { pattern: '/api/theme/settings', says: () => ['changed the theme', 'change the theme'] },
  { pattern: '/api/theme/logo', upload: 'logo', says: (f) => [`uploaded a new logo${sized(f)}`, `upload a new logo${sized(f)}`] },
  { pattern: '/api/theme/logo/remove', says: () => ['removed the logo', 'remove the logo'] },
  { pattern: '/api/external-sources/add', yaml: true, says: (f) => source(f, 'added', 'add') },
  { pattern: '/api/external-sources/delete', yaml: true, says: (f) => source(f, 'deleted', 'delete') },
  { pattern: '/api/external-sources/toggle', yaml: true, says: (f) => source(f, 'switched', 'switch') },
  { pattern: '/api/external-sources/edit', yaml: true, says: (f) => source(f, 'edited', 'edit') },
  {
    pattern: '/api/external-sources/switch-mode',
    yaml: true,
    says: (f) => both(named('switched the SRT mode of external source', f.field('name')), named('switch the SRT mode of external source', f.field('name'))),
  },
  { pattern: '/api/ku-band-simulator/on', says: () => ['turned the Ku-band simulator on', 'turn the Ku-band simulator on'] },
  // Its sourceUrl may carry credentials: not named.
  {
    pattern: '/api/ku-band-simulator/on-for-source',
    says: () => ['turned the Ku-band simulator on for a source', 'turn the Ku-band simulator on for a source'],
  },
  { pattern: '/api/ku-band-simulator/off', says: () => ['turned the Ku-band simulator off', 'turn the Ku-band simulator off'] },
];

function both(done: string, tried = done): [string, string] {
  return [done, tried];
}

function service(action: string): [string, string] {
  const done = { start: 'started', stop: 'stopped', restart: 'restarted' }[action];
  return done ? [`${done} MediaMTX`, `${action} MediaMTX`] : [`asked the editor to ${action} MediaMTX`, `${action} MediaMTX`];
}

function source(f: EditorFacts, done: string, tried: string): [string, string] {
  return [named(`${done} external source`, f.field('name')), named(`${tried} external source`, f.field('name'))];
}

// Flask's `<name>` becomes a named group: a match's groups are the route's parameters.
const COMPILED = SPECS.map((spec) => ({
  spec,
  regex: new RegExp(`^${spec.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<(\w+)>/g, '(?<$1>[^/]+)')}$`),
}));

/** The route's spec and its path parameters (as clean text), or null for a route not listed here. */
export function editorRoute(path: string): { spec: EditorRouteSpec; params: Record<string, string> } | null {
  for (const { spec, regex } of COMPILED) {
    const match = regex.exec(path);
    if (match) return { spec, params: pathParams(match) };
  }
  return null;
}

/** A route match's named groups (a path's parameters, decoded already by requestTargetGuard) as clean text. */
export function pathParams(match: RegExpExecArray): Record<string, string> {
  return Object.fromEntries(Object.entries(match.groups ?? {}).map(([name, value]) => [name, cleanText(value)]));
}

/** The summary line for a change through the editor (`route`: editorRoute(path), when the caller has it already). */
export function editorSummary(method: string, path: string, facts: Omit<EditorFacts, 'params'>, route = editorRoute(path)): string {
  if (!route) return facts.ok ? `${method} ${cleanText(path)} on the editor` : `${method} ${cleanText(path)} on the editor failed`;
  const [done, tried] = route.spec.says({ ...facts, params: route.params });
  return facts.ok ? done : `could not ${tried}`;
}

const MAX_TEXT = 80;
// Control characters (and the line separators JSON allows but some viewers break on): a summary is one line.
// Invisible format characters too (bidi overrides and isolates, zero-width ones): they make text read otherwise than it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]+/gu;

/** Text from a request, fit for a summary: credentials in it redacted, no control characters, short. */
export function cleanText(text: string): string {
  const clean = redactString(text).replace(CONTROL, ' ').trim();
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}

const MAX_ROUTE = 200;

/** A request's path as an entry's route: control and invisible characters percent-encoded as on the wire (one line, read as it is), cut at MAX_ROUTE. */
export function shownRoute(path: string): string {
  const shown = path.replace(CONTROL, (chars) => encodeURIComponent(chars));
  return shown.length > MAX_ROUTE ? `${shown.slice(0, MAX_ROUTE - 1)}…` : shown;
}

/** The field reader EditorFacts.field is built from: refuses any secret name, so no summary can ever show one. */
export function fieldReader(fields: Record<string, unknown>): (name: string) => string | undefined {
  return (name) => {
    if (isSecretKey(name)) throw new Error(`the activity summary asked for the secret field ${name}`);
    const value = fields[name];
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    return cleanText(String(value)) || undefined;
  };
}
