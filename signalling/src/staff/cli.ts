// `npm run staff:create -w signalling -- --email ann@example.org --role administrator [--name "Ann Lee"]`
//
// Creates a staff account in the database the server uses (DATABASE_URL, or PGlite in DATA_DIR)
// and prints its generated password once; it must be changed at first sign-in. With the embedded
// database, stop the server first: PGlite allows one process at a time.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@common-ground/prisma';
import { z } from 'zod';
import { AuditLog } from '../cases/audit.ts';
import { ServiceError } from '../cases/errors.ts';
import { loadEnv } from '../config.ts';
import { createLogger } from '../logger.ts';
import { StaffAccounts } from './accounts.ts';

const Args = z.object({
  email: z.email(),
  role: z.enum(['facilitator', 'coordinator', 'administrator']),
  name: z.string().trim().min(1).max(100).optional(),
});

const USAGE = 'usage: npm run staff:create -w signalling -- --email <email> --role <facilitator|coordinator|administrator> [--name "<display name>"]';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } }, strict: true });
  const args = Args.safeParse(values);
  if (!args.success) {
    process.stderr.write(`${z.prettifyError(args.error)}\n${USAGE}\n`);
    return 2;
  }
  const env = loadEnv();
  // npm runs workspace scripts in the workspace folder; resolve DATA_DIR where npm was invoked, like `npm start`.
  const dataDir = path.resolve(process.env['INIT_CWD'] ?? process.cwd(), env.DATA_DIR);
  const logger = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: path.join(dataDir, 'pglite'), logger });
  try {
    const accounts = new StaffAccounts(db.prisma, new AuditLog(db.prisma));
    const { email, role, name } = args.data;
    const { staff, password } = await accounts.create({ email, role, displayName: name ?? email.split('@')[0] ?? email }, 'system');
    process.stdout.write(
      `Created ${staff.role} ${staff.email} (${staff.id}).\nPassword (shown once; it must be changed at first sign-in): ${password}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
