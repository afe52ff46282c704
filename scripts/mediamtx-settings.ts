/**
 * `npm run mediamtx-settings`: prints the auth section of mediamtx.yml for the overlay's current
 * configuration (MEDIAMTX_AUTH=http or jwt) as YAML on stdout, from the same environment and .env
 * that `npm start` reads. `-- --apply` also writes it into MediaMTX through its API (MEDIAMTX_API_URL)
 * after a y/N question, `-- --apply --yes` without one; the previous values go to a backup file
 * under DATA_DIR. Messages go to stderr, so stdout stays valid YAML.
 * Exit status: 0 done (or declined), 1 not applied (MediaMTX unreachable or refusing, no
 * confirmation possible), 2 bad configuration or arguments.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../server/config/index.ts';
import { loadConfigOrExit } from '../server/config/load-or-exit.ts';
import { OverlayError } from '../server/http/errors.ts';
import { createMediamtxApi } from '../server/mediamtx/api-client.ts';
import { applyMediamtxSettings, type ApplyResult } from '../server/mediamtx/settings-apply.ts';
import { mediamtxSettings, settingsYaml, type MediamtxSettings } from '../server/mediamtx/settings.ts';

const USAGE = 'usage: npm run mediamtx-settings [-- --apply [--yes]]';

function fail(message: string, status: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(status);
}

function readArgs(): { apply: boolean; yes: boolean } {
  try {
    const { values } = parseArgs({
      options: { apply: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (values.yes && !values.apply) fail(`--yes only confirms --apply.\n${USAGE}`, 2);
    return { apply: values.apply, yes: values.yes };
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

async function confirmed(config: Readonly<Config>, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) fail('Not applied: there is no terminal to ask for confirmation. Add --yes to apply without asking.', 1);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`Apply these settings to MediaMTX at ${config.mediamtxApiUrl}? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

function report(result: ApplyResult, config: Readonly<Config>): string {
  if (!result.changed.length) return `MediaMTX at ${config.mediamtxApiUrl} already has these settings; nothing changed.`;
  return [
    `Applied to MediaMTX at ${config.mediamtxApiUrl}: ${result.changed.join(', ')}.`,
    `Previous values saved in ${result.backupFile}`,
    `To restore them: curl -u any: -X PATCH -H 'Content-Type: application/json' --data @${result.backupFile} ${config.mediamtxApiUrl}/v3/config/global/patch`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = readArgs();
  const config = loadConfigOrExit();
  let section: MediamtxSettings;
  try {
    section = mediamtxSettings(config);
  } catch (error) {
    if (error instanceof OverlayError) fail(error.message, 2);
    throw error;
  }
  process.stdout.write(settingsYaml(section));
  if (!args.apply) return;
  if (!(await confirmed(config, args.yes))) fail('Not applied.', 0);
  try {
    const api = createMediamtxApi({ baseUrl: config.mediamtxApiUrl });
    const result = await applyMediamtxSettings({ api, apiUrl: config.mediamtxApiUrl, section, dataDir: config.dataDir });
    process.stderr.write(`${[report(result, config), ...result.warnings.map((w) => `Warning: ${w}`)].join('\n')}\n`);
  } catch (error) {
    if (error instanceof OverlayError) fail(`Not applied: ${error.message}`, 1);
    throw error;
  }
}

await main();
