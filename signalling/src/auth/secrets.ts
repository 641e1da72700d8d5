// Development secrets: generated on first start into DATA_DIR (mode 0600), never committed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const SecretsFile = z.object({ jwtSecret: z.string().min(32) });

/** The JWT secret from config, or from DATA_DIR/secrets.json, created if missing. */
export function loadOrCreateJwtSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    const parsed = SecretsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid secrets file; delete it to regenerate`);
    return parsed.data.jwtSecret;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const jwtSecret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, JSON.stringify({ jwtSecret }, null, 2), { mode: 0o600, flag: 'wx' });
  return jwtSecret;
}
