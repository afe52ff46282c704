/**
 * The text of docs/configuration.md: every variable of server/config/variables.ts (the list the
 * code validates against), then the docker-compose-only ones. Generated, so the reference cannot
 * drift from what the overlay accepts; test/deploy/config-docs.test.ts checks the committed copy.
 */
import { VARIABLES } from '../../server/config/variables.ts';
import { COMPOSE_VARIABLES } from '../env-example/compose-variables.ts';

export const CONFIGURATION_DOC = 'docs/configuration.md';

interface Row {
  name: string;
  default?: string;
  example: string;
  doc: string;
}

/** A table cell: `|` would end the cell, and `<url>` in prose would be read as an HTML tag. */
const prose = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Inside backticks only `|` needs escaping (GitHub splits cells before it reads code spans). */
const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;

function table(rows: readonly Row[]): string[] {
  return [
    '| Variable | Default | Example | What it does |',
    '|---|---|---|---|',
    ...rows.map((v) => `| ${code(v.name)} | ${v.default === undefined ? '—' : code(v.default)} | ${code(v.example)} | ${prose(v.doc)} |`),
  ];
}

export function renderConfigurationDoc(): string {
  return [
    '<!-- Generated from server/config/variables.ts by `npm run -s config-table > docs/configuration.md`.',
    '     Edit the table there, not this file: test/deploy/config-docs.test.ts fails when they differ. -->',
    '# Configuration reference',
    '',
    'Every setting is an environment variable, optionally from a `.env` file in the working directory',
    '(`npm start`, `npm run doctor` and `npm run mediamtx-settings` read it; the systemd unit reads',
    '`/etc/mediamtx-ldap-overlay/overlay.env`, docker compose the file `OVERLAY_ENV_FILE` names). An empty',
    'value counts as unset. Write values without quotes: systemd, docker compose and the `.env` reader',
    'agree on that form.',
    '',
    'All are validated at start: every bad value is reported at once, with the variable, what is wrong',
    'and an example, and the process exits with status 2 (systemd does not restart it then).',
    '',
    '`.env.example` lists the same variables, commented out, with their defaults',
    '(`npm run -s env-example > .env.example`). Which ones a site needs follows from what is installed:',
    '[operations.md](operations.md#what-is-installed-decides-the-mode).',
    '',
    '## The overlay',
    '',
    ...table(VARIABLES),
    '',
    '## docker compose only',
    '',
    '`docker-compose.yml` reads these; the overlay never sees them as settings.',
    '',
    ...table(COMPOSE_VARIABLES),
    '',
  ].join('\n');
}
