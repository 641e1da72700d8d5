// The client the join-time benchmark serves: a copy of the built app (client/dist, from `npm run
// setup` or `npm run build -w client`) with the bare join page (client/lab/bare-join.html) built
// into it by Vite, minified like the app. The app server then serves both from one origin, under
// the same headers and CSP: /join#token=… and /lab/bare-join.html#token=….
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CLIENT_DIR = fileURLToPath(new URL('../../../../client/', import.meta.url));

export const BARE_PAGE_PATH = '/lab/bare-join.html';

export interface CombinedClient {
  dir: string;
  dispose(): void;
}

export async function buildCombinedClient(): Promise<CombinedClient> {
  const appDist = path.join(CLIENT_DIR, 'dist');
  if (!fs.existsSync(path.join(appDist, 'index.html'))) {
    throw new Error(`the client is not built (${appDist}); run \`npm run build -w client\` first`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-join-time-client-'));
  fs.cpSync(appDist, dir, { recursive: true });
  await build({
    configFile: false,
    root: CLIENT_DIR,
    logLevel: 'warn',
    build: {
      outDir: dir,
      emptyOutDir: false,
      assetsDir: 'bare-assets',
      target: 'es2022',
      sourcemap: false,
      rolldownOptions: { input: { 'bare-join': path.join(CLIENT_DIR, 'lab', 'bare-join.html') } },
    },
  });
  if (!fs.existsSync(path.join(dir, BARE_PAGE_PATH))) throw new Error(`vite did not write ${BARE_PAGE_PATH} into ${dir}`);
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
