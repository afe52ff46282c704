/** Prints .env.example (`npm run -s env-example > .env.example`); test/deploy checks the committed copy. */
import { readFileSync } from 'node:fs';
import { renderEnvExample } from './env-example/render.ts';

process.stdout.write(renderEnvExample(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')));
