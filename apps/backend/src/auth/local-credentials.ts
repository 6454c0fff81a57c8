import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateApiKey, hashApiKey, type StoredApiKey } from './api-key-store';

const CredentialsFileSchema = z.object({
  version: z.literal(1),
  keys: z.array(z.object({ id: z.string().min(1), role: z.enum(['admin', 'service']), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).min(1),
  customerTokenSecret: z.string().min(32),
});

export interface LocalCredentials {
  keys: StoredApiKey[];
  customerTokenSecret: string;
  /** `credentials.json`: ids, roles, hashes and the token secret. */
  file: string;
  /** Set when this call created the credentials: the file holding the plain keys for the developer. */
  createdKeysFile?: string;
}

/**
 * Development credentials under DATA_DIR, created on first start: `credentials.json` keeps only
 * hashes (and the token secret), `local-api-keys.txt` holds the plain keys once, for the developer
 * to copy. Both are readable by the owner only.
 */
export function loadOrCreateLocalCredentials(dataDir: string): LocalCredentials {
  const file = path.resolve(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const parsed = CredentialsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid credentials file; delete it to create new local credentials`);
    return { keys: parsed.data.keys, customerTokenSecret: parsed.data.customerTokenSecret, file };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const admin = generateApiKey('admin');
  const service = generateApiKey('service');
  const keys: StoredApiKey[] = [
    { id: 'local-admin', role: 'admin', sha256: hashApiKey(admin) },
    { id: 'local-service', role: 'service', sha256: hashApiKey(service) },
  ];
  const customerTokenSecret = randomBytes(32).toString('base64url');
  writeSecret(file, `${JSON.stringify({ version: 1, keys, customerTokenSecret }, null, 2)}\n`);
  const keysFile = path.resolve(dataDir, 'local-api-keys.txt');
  writeSecret(
    keysFile,
    [
      '# Reco local API keys (development). Send one as `Authorization: Bearer <key>`.',
      '# Only their hashes are kept in credentials.json; this file may be deleted once copied.',
      `RECO_ADMIN_KEY=${admin}`,
      `RECO_SERVICE_KEY=${service}`,
      '',
    ].join('\n'),
  );
  return { keys, customerTokenSecret, file, createdKeysFile: keysFile };
}

function writeSecret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its mode on write
}
