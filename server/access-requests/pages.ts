/** The open request-access pages: plain HTML forms, no JavaScript, every value escaped by hono/html. */
import { html, raw } from 'hono/html';
import { layout } from '../http/page.ts';
import { LIMITS, type EnteredValues, type FieldErrors, type FieldName } from './fields.ts';

export const REQUEST_ACCESS_PATH = '/request-access';
/** A field no person sees or fills in; bots that fill every field give themselves away. */
export const HONEYPOT_FIELD = 'website';

const FORM_STYLE = `
textarea{width:100%;box-sizing:border-box;padding:.55rem;border-radius:6px;border:1px solid #475569;background:#0f172a;color:inherit;font:inherit}
.hint{margin:.2rem 0 0;font-size:.85rem;color:#94a3b8}
.field-error{margin:.3rem 0 0;color:#fca5a5;font-size:.9rem}
[aria-invalid=true]{border-color:#f87171}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
`;

interface FieldSpec {
  name: FieldName;
  label: string;
  /** The input's type and autocomplete, or 'textarea'. */
  control: { type: string; autocomplete: string } | 'textarea';
  required: boolean;
  hint?: string;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'name', label: 'Full name', control: { type: 'text', autocomplete: 'name' }, required: true },
  { name: 'email', label: 'Email address', control: { type: 'email', autocomplete: 'email' }, required: true },
  {
    name: 'username',
    label: 'Desired username',
    control: { type: 'text', autocomplete: 'username' },
    required: true,
    hint: '2 to 32 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter.',
  },
  { name: 'reason', label: 'Why do you need access?', control: 'textarea', required: true },
  { name: 'agency', label: 'Agency or organisation (optional)', control: { type: 'text', autocomplete: 'organization' }, required: false },
];

export function requestFormPage(options: { values?: Partial<EnteredValues>; errors?: FieldErrors; general?: string } = {}) {
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const count = Object.keys(errors).length;
  const summary = options.general ?? (count ? `Please correct the ${count === 1 ? 'field' : `${count} fields`} marked below.` : '');
  return layout(
    'Request access',
    html`<style>${raw(FORM_STYLE)}</style>
<h1>Request access</h1>
<p>Ask for an account to watch the streams. An administrator reviews every request and you hear back by email.
You do not choose a password here: you set one after approval.</p>
${summary ? html`<p class="error" role="alert">${summary}</p>` : ''}
<form method="post" action="${REQUEST_ACCESS_PATH}">
${FIELDS.map((spec) => field(spec, values[spec.name] ?? '', errors[spec.name]))}
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this empty</label><input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<button type="submit">Send request</button>
</form>`,
  );
}

function field(spec: FieldSpec, value: string, error: string | undefined) {
  const described = [spec.hint && `${spec.name}-hint`, error && `${spec.name}-error`].filter(Boolean).join(' ');
  const common = html`id="${spec.name}" name="${spec.name}" maxlength="${LIMITS[spec.name]}"${spec.required ? raw(' required') : ''}${
    error ? raw(' aria-invalid="true"') : ''
  }${described ? html` aria-describedby="${described}"` : ''}`;
  const control =
    spec.control === 'textarea'
      ? html`<textarea ${common} rows="5">${value}</textarea>`
      : html`<input ${common} type="${spec.control.type}" autocomplete="${spec.control.autocomplete}" value="${value}">`;
  const hint = spec.hint ? html`\n<p class="hint" id="${spec.name}-hint">${spec.hint}</p>` : '';
  return html`<label for="${spec.name}">${spec.label}</label>
${control}${hint}${error ? html`\n<p class="field-error" id="${spec.name}-error">${error}</p>` : ''}
`;
}

export function thankYouPage(values: Pick<EnteredValues, 'name' | 'email' | 'username'>) {
  return layout(
    'Request sent',
    html`<h1>Request sent</h1>
<p>Thank you, ${values.name}. Your request for the username <strong>${values.username}</strong> is waiting for an administrator.</p>
<p>You will hear back at ${values.email}. After approval you set your own password.</p>`,
  );
}
