import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyRole = 'admin' | 'service';

/** A stored key: never the key itself, only its SHA-256 (keys are 256-bit random, so a fast hash is enough). */
export interface StoredApiKey {
  id: string;
  role: KeyRole;
  sha256: string;
}

export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** A new key: `reco_<role>_<43 chars of base64url>`, 256 bits of randomness. */
export function generateApiKey(role: KeyRole): string {
  return `reco_${role}_${randomBytes(32).toString('base64url')}`;
}

/** Parses `id:role:sha256hex,...` (the API_KEYS variable, already checked by the config schema). */
export function parseApiKeys(value: string): StoredApiKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, role, sha256] = entry.split(':') as [string, KeyRole, string];
      return { id, role, sha256: sha256.toLowerCase() };
    });
}

/** Looks presented keys up by hash, comparing with every stored hash in constant time. */
export class ApiKeyStore {
  private readonly entries: { id: string; role: KeyRole; digest: Buffer }[];

  constructor(keys: readonly StoredApiKey[]) {
    this.entries = keys.map((k) => ({ id: k.id, role: k.role, digest: Buffer.from(k.sha256, 'hex') }));
  }

  get size(): number {
    return this.entries.length;
  }

  verify(presented: string): { id: string; role: KeyRole } | undefined {
    // One-shot: every API request pays this, and a Hash object costs several times the hashing.
    const digest = hash('sha256', presented, 'buffer');
    let found: { id: string; role: KeyRole } | undefined;
    // No early exit: the time taken does not depend on which key (if any) matched.
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && !found) found = { id: entry.id, role: entry.role };
    }
    return found;
  }
}
