#!/usr/bin/env node
// Builds the mediasoup 3.8.4 worker offline and caches it outside the repo.
//
// mediasoup 3.8.4 vendors every worker dependency, but its gyp and abseil need two one-line fixes
// for Python 3.10+ and glibc 2.34+ (see ../shared/MEDIASOUP-OFFLINE.md). We copy the package's
// worker/ tree to a temporary folder, apply the patches there, run make, and store the binary in
// ~/.cache/common-ground/mediasoup-worker/<version>-<patch hash>/. The binary is then copied to
// where mediasoup looks for it by default (worker/out/Release/mediasoup-worker), so a later
// `npm install` that wipes it costs only a copy.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('mediasoup/package.json'));
const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

/** Each patch: a file under worker/, the exact text to find, and its replacement. */
const PATCHES = [
  {
    file: 'deps/gyp/pylib/gyp/common.py',
    find: 'class OrderedSet(collections.MutableSet):',
    replace: 'class OrderedSet(collections.abc.MutableSet):',
  },
  {
    file: 'deps/gyp/pylib/gyp/common.py',
    find: '\nimport collections\n',
    replace: '\nimport collections\nimport collections.abc\n',
  },
  {
    file: 'deps/libwebrtc/deps/abseil-cpp/abseil-cpp/absl/debugging/failure_signal_handler.cc',
    find: 'std::max(SIGSTKSZ, 65536)',
    replace: 'std::max<size_t>(SIGSTKSZ, 65536)',
  },
];

const patchHash = createHash('sha256').update(JSON.stringify(PATCHES)).digest('hex').slice(0, 12);
const cacheRoot = process.env.CG_WORKER_CACHE_DIR
  ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'common-ground', 'mediasoup-worker');
const cacheDir = path.join(cacheRoot, `${version}-${patchHash}`);
const cachedBin = path.join(cacheDir, 'mediasoup-worker');
const installedBin = path.join(pkgDir, 'worker', 'out', 'Release', 'mediasoup-worker');

function log(msg) {
  process.stdout.write(`[build-worker] ${msg}\n`);
}

function applyPatch(workerDir, patch) {
  const file = path.join(workerDir, patch.file);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(patch.find)) {
    throw new Error(`patch target not found in ${patch.file}: ${patch.find}`);
  }
  const patched = text.split(patch.find).join(patch.replace);
  fs.writeFileSync(file, patched);
}

function build() {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mediasoup-worker-${version}-`));
  const workerDir = path.join(tmp, 'worker');
  log(`building mediasoup ${version} worker in ${workerDir} (takes about 4 minutes on 2 cores)`);
  fs.cpSync(path.join(pkgDir, 'worker'), workerDir, { recursive: true });
  fs.rmSync(path.join(workerDir, 'out'), { recursive: true, force: true });
  for (const patch of PATCHES) applyPatch(workerDir, patch);
  const jobs = String(Math.max(1, os.cpus().length));
  execFileSync('make', ['-C', workerDir, 'PYTHON=python3', `CORES=${jobs}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, MEDIASOUP_BUILDTYPE: 'Release' },
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${cachedBin}.partial`;
  fs.copyFileSync(path.join(workerDir, 'out', 'Release', 'mediasoup-worker'), partial);
  fs.chmodSync(partial, 0o755);
  fs.renameSync(partial, cachedBin);
  fs.rmSync(tmp, { recursive: true, force: true });
  log(`built and cached ${cachedBin} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function install() {
  fs.mkdirSync(path.dirname(installedBin), { recursive: true });
  fs.copyFileSync(cachedBin, installedBin);
  fs.chmodSync(installedBin, 0o755);
  log(`installed ${installedBin}`);
}

if (fs.existsSync(cachedBin)) {
  log(`cache hit: ${cachedBin}`);
} else {
  build();
}
install();
