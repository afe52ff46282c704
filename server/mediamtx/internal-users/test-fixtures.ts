/** Helpers shared by this folder's tests: real hashes in the forms MediaMTX's docs tell users to write. */
import { createHash, randomBytes } from 'node:crypto';
import { argon2i, argon2id } from 'hash-wasm';
import { stringify } from 'yaml';

export function sha256Credential(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('base64')}`;
}

/** `argon2:$argon2id$v=19$m=..,t=..,p=..$salt$hash`, cheap parameters so tests stay fast. */
export async function argon2Credential(secret: string, mode: 'id' | 'i' = 'id'): Promise<string> {
  const derive = mode === 'id' ? argon2id : argon2i;
  const encoded = await derive({
    password: secret,
    salt: randomBytes(16),
    iterations: 2,
    parallelism: 1,
    memorySize: 64,
    hashLength: 32,
    outputType: 'encoded',
  });
  return `argon2:${encoded}`;
}

export function mediamtxYaml(authInternalUsers: unknown[], extra: Record<string, unknown> = {}): string {
  return stringify({ logLevel: 'info', authMethod: 'http', authHTTPAddress: 'http://127.0.0.1:9000/auth', ...extra, authInternalUsers });
}
