// Development secrets: generated on first start into DATA_DIR/secrets.json (mode 0600), never
// committed. Configured values (JWT_SECRET, MESSAGE_MASTER_KEY) always win. A secrets file from
// before the master key existed gains one, keeping its JWT secret.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const SecretsFile = z.object({
  jwtSecret: z.string().min(32),
  /** base64 of 32 bytes: the master key message files are encrypted under (per-case keys derive from it). */
  masterKey: z.string().optional(),
});
type SecretsFile = z.infer<typeof SecretsFile>;

export interface Secrets {
  jwtSecret: string;
  masterKey: Buffer;
}

/** A base64 master key of exactly 32 bytes, or an error naming the variable. */
export function parseMasterKey(value: string, source: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

/** The secrets from config, or from DATA_DIR/secrets.json, created (or completed) if missing. */
export function loadOrCreateSecrets(dataDir: string, configured: { jwtSecret?: string | undefined; masterKey?: string | undefined }): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: SecretsFile | undefined;
  if (fs.existsSync(file)) {
    const parsed = SecretsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid secrets file; delete it to regenerate`);
    stored = parsed.data;
  }
  const needsFile = (!configured.jwtSecret && !stored) || (!configured.masterKey && !stored?.masterKey);
  if (needsFile) {
    const next: SecretsFile = {
      jwtSecret: stored?.jwtSecret ?? randomBytes(48).toString('base64url'),
      masterKey: stored?.masterKey ?? randomBytes(32).toString('base64'),
    };
    fs.mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
    stored = next;
  }
  const jwtSecret = configured.jwtSecret ?? stored?.jwtSecret;
  const masterKey = configured.masterKey ? parseMasterKey(configured.masterKey, 'MESSAGE_MASTER_KEY') : stored?.masterKey ? parseMasterKey(stored.masterKey, file) : undefined;
  if (!jwtSecret || !masterKey) throw new Error('secrets could not be loaded');
  return { jwtSecret, masterKey };
}
