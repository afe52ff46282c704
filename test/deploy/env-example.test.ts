/** .env.example is generated from the variables table; the committed copy must be what the script prints. */
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/index.ts';
import { VARIABLES } from '../../server/config/variables.ts';
import { COMPOSE_VARIABLES } from '../../scripts/env-example/compose-variables.ts';
import { renderEnvExample } from '../../scripts/env-example/render.ts';
import { isSecretName, readRepoFile } from './tools.ts';

const committed = () => readRepoFile('.env.example');

/** Every `#NAME=value` line, uncommented: the file as someone who sets everything it shows would have it. */
const uncommented = (text: string) =>
  dotenv.parse(
    text
      .split('\n')
      .filter((l) => /^#[A-Z][A-Z0-9_]*=/.test(l))
      .map((l) => l.slice(1))
      .join('\n'),
  );

describe('.env.example', () => {
  it('is exactly what `npm run env-example` prints (run `npm run -s env-example > .env.example` after changing a variable)', () => {
    expect(committed()).toBe(renderEnvExample(readRepoFile('docker-compose.yml')));
  });

  it('names every variable of the table and every compose-only one, each once', () => {
    const names = [...committed().matchAll(/^#([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(names).toEqual([...VARIABLES, ...COMPOSE_VARIABLES].map((v) => v.name));
  });

  it('sets nothing until a line is uncommented, so a copied file starts in vanilla mode', () => {
    expect(dotenv.parse(committed())).toEqual({});
    expect(loadConfig(dotenv.parse(committed())).mode).toBe('vanilla');
  });

  it('shows defaults the overlay accepts, and no value for any secret', () => {
    const all = uncommented(committed());
    expect(() => loadConfig(all)).not.toThrow();
    for (const [name, value] of Object.entries(all)) if (isSecretName(name)) expect(value, name).toBe('');
  });
});
