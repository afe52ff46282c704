/** Prints docs/configuration.md (`npm run -s config-table > docs/configuration.md`); test/deploy checks the committed copy. */
import { renderConfigurationDoc } from './config-table/render.ts';

process.stdout.write(renderConfigurationDoc());
