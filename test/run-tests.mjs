#!/usr/bin/env node
// Runs every test project in one vitest run and prints a countable summary.
//
//   node test/run-tests.mjs              all projects (unit, integration, e2e)
//   node test/run-tests.mjs test/unit    extra arguments go to vitest unchanged
//
// vitest prints its usual report to the terminal and writes JSON to test-results/vitest.json.
// From that JSON we print, as the last two lines:
//   Tests ran: N (unit X, integration Y, e2e Z)
//   Tests: N passed, N failed, N skipped
// The exit code is non-zero when a test failed, a test file failed to load, vitest itself failed,
// or no test ran at all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsFile = path.join(root, 'test-results', 'vitest.json');
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const PROJECTS = ['unit', 'integration', 'e2e'];

function runVitest(extraArgs) {
  fs.rmSync(resultsFile, { force: true });
  const args = [
    vitestBin,
    'run',
    '--config',
    'test/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.relative(root, resultsFile)}`,
    ...extraArgs,
  ];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The project a test file belongs to, from its path under test/. */
function projectOf(file) {
  const rel = path.relative(path.join(root, 'test'), file).split(path.sep);
  return PROJECTS.includes(rel[0]) ? rel[0] : 'other';
}

/** Counts per status and per project from vitest's JSON report. */
function summarise(report) {
  const counts = { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
  const ranByProject = Object.fromEntries([...PROJECTS, 'other'].map((p) => [p, 0]));
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    for (const t of tests) {
      if (t.status === 'passed') counts.passed += 1;
      else if (t.status === 'failed') counts.failed += 1;
      else counts.skipped += 1; // pending, skipped, todo
      if (t.status === 'passed' || t.status === 'failed') ranByProject[projectOf(file.name)] += 1;
    }
    // A file that failed without a failed test (import error, failing hook, global setup) still fails.
    const fileFailed = file.status === 'failed' && !tests.some((t) => t.status === 'failed');
    if (fileFailed) {
      counts.brokenFiles += 1;
      console.log(`FAILED TO RUN: ${path.relative(root, file.name)}: ${firstLine(file.message)}`);
    }
  }
  return { counts, ranByProject };
}

function firstLine(text) {
  return String(text ?? 'no message').split('\n')[0].slice(0, 300);
}

const exitCode = runVitest(process.argv.slice(2));

if (!fs.existsSync(resultsFile)) {
  console.log(`\nvitest exited with code ${exitCode} and wrote no results to ${path.relative(root, resultsFile)}`);
  console.log('Tests ran: 0 (unit 0, integration 0, e2e 0)');
  console.log('Tests: 0 passed, 0 failed, 0 skipped');
  process.exit(exitCode === 0 ? 1 : exitCode);
}

const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
const { counts, ranByProject } = summarise(report);
const ran = counts.passed + counts.failed;
const failed = counts.failed + counts.brokenFiles;

console.log('');
if (counts.brokenFiles > 0) console.log(`Test files that failed to run: ${counts.brokenFiles} (each counted as 1 failed)`);
if (ranByProject.other > 0) console.log(`Tests outside unit/integration/e2e: ${ranByProject.other}`);
if (exitCode !== 0) console.log(`vitest exit code: ${exitCode}`);
console.log(`Tests ran: ${ran} (unit ${ranByProject.unit}, integration ${ranByProject.integration}, e2e ${ranByProject.e2e})`);
console.log(`Tests: ${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped`);

if (ran === 0) process.exit(exitCode === 0 ? 1 : exitCode);
if (failed > 0 || exitCode !== 0) process.exit(exitCode === 0 ? 1 : exitCode);
