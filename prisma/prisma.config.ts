import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI for `prisma generate`. Migrations do not go through the CLI (no native
// engine offline): see scripts/create-migration.ts and src/migrate.ts.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
});
