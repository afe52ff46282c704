import dotenv from 'dotenv';
import { ConfigError, loadConfig, type Config } from './index.ts';

/**
 * What the overlay and its commands do first: the environment plus a .env file in the working
 * directory, validated; a bad configuration prints every problem and exits with status 2.
 */
export function loadConfigOrExit(): Readonly<Config> {
  dotenv.config({ quiet: true });
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
