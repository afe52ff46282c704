/**
 * `npm run doctor`: checks every dependency with the overlay's configuration (environment and
 * .env, as `npm start` reads them), prints one line per check with the fix, and exits 1 when
 * anything failed (2 for a configuration the overlay itself would refuse).
 */
import { loadConfigOrExit } from '../server/config/load-or-exit.ts';
import { formatReport, runDoctor } from '../server/doctor/index.ts';
import { createLogger } from '../server/log.ts';

const config = loadConfigOrExit();

// The report is the output; log lines (editor logins, ...) would only get in its way.
const report = await runDoctor({ config, overlayPort: config.port, log: createLogger('silent') });
process.stdout.write(`mode: ${config.mode} (${config.modeReason})\n\n${formatReport(report.checks)}`, () => {
  // Idle keep-alive sockets and a Redis still reconnecting must not keep the command waiting.
  process.exit(report.ok ? 0 : 1);
});
