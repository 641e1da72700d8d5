// Signalling under a join storm, printed (never asserted): N socket.io clients with valid join tokens
// connect at once and each asks for the router's capabilities, joins, and creates its receive and
// send transports, as the browser client does. Per request type: request→ack p50/p99; connects; every
// error by protocol code; and how busy the server was (CPU, event loop, mediasoup workers).
//
// Setups, each a server in its own child process (so the clients' CPU is not on the server's event
// loop), all started up front and taken in rotating order every round so noise hits them alike:
//  - floor-io: bare socket.io acking at once (the transport floor on this machine);
//  - floor-ms/101p, floor-ms/wide: socket.io + our SFU adapter only (real routers and transports);
//  - app/101p, app/wide: our server (startServer: token check, database, room machine, SFU) on its
//    default embedded PGlite database;
//  - app-pg/wide: the same on PostgreSQL (a throwaway database on the server of TEST_DATABASE_URL,
//    default postgresql://postgres@127.0.0.1:5432/test; skipped with a note when unreachable).
// "101p" is a range of 101 RTC ports, the size of the default 40000-40100 (moved so it never takes
// ports from a dev server or e2e run on the default range); "wide" has 3,000.
// Shapes: 50 meetings of 4 (facilitator, both parties, a supporter) and 1 meeting of 200.
//
// Run: node --import tsx test/bench/join-storm.ts [--clients 200] [--rounds 3] [--shapes 50x4,1x200]
//        [--setups floor-io,floor-ms/101p,floor-ms/wide,app/101p,app/wide] [--profile]
// --profile: CPU-profiles the app server during each app storm (slows it; for finding bottlenecks):
// the top modules and functions are printed, full profiles go to
// bench-results/join-storm-<round>-<shape>-<setup>.cpuprofile and the JSON to join-storm-profiled.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTarget, type Target } from '../integration/support/databases.ts';
import { ServerChild, type ChildOptions, type Invitee } from './support/join/ipc.ts';
import { runStorm } from './support/join/storm-clients.ts';
import { compare, comparisonTable, errorLines, stormTable, summarizeStorm, type SetupComparison, type StormRecord } from './support/join/storm-report.ts';
import { table } from './support/join/stats.ts';

interface Setup {
  name: string;
  options: ChildOptions;
}

const ALL_SETUPS: Setup[] = [
  { name: 'floor-io', options: { kind: 'floor-io', rtcMinPort: 0, rtcMaxPort: 0 } },
  { name: 'floor-ms/101p', options: { kind: 'floor-mediasoup', rtcMinPort: 43000, rtcMaxPort: 43100 } },
  { name: 'floor-ms/wide', options: { kind: 'floor-mediasoup', rtcMinPort: 44000, rtcMaxPort: 46999 } },
  { name: 'app/101p', options: { kind: 'app', rtcMinPort: 43200, rtcMaxPort: 43300 } },
  { name: 'app/wide', options: { kind: 'app', rtcMinPort: 47000, rtcMaxPort: 49999 } },
  // The same server on PostgreSQL (a throwaway database on TEST_DATABASE_URL's server) instead of PGlite.
  { name: 'app-pg/wide', options: { kind: 'app', rtcMinPort: 50000, rtcMaxPort: 52999 } },
];

/** Which floor each setup is compared with. */
const FLOORS: Record<string, string[]> = {
  'floor-ms/101p': ['floor-io'],
  'floor-ms/wide': ['floor-io'],
  'app/101p': ['floor-io', 'floor-ms/101p'],
  'app/wide': ['floor-io', 'floor-ms/wide'],
  'app-pg/wide': ['floor-io', 'floor-ms/wide', 'app/wide'],
};

const SETTLE_MS = 1_500;
const WARM_UP_CLIENTS = 20;

function parseShape(shape: string, clients: number): { meetings: number; size: number } {
  const match = /^(\d+)x(\d+)$/.exec(shape);
  if (!match) throw new Error(`a shape is MEETINGSxSIZE, e.g. 50x4; got ${shape}`);
  const meetings = Number(match[1]);
  const size = Number(match[2]);
  if (meetings * size !== clients) throw new Error(`shape ${shape} has ${meetings * size} participants, not ${clients}`);
  return { meetings, size };
}

/** An RJ meeting's people: a facilitator (two in big meetings), both parties, then supporters and observers. */
function people(size: number): Invitee[] {
  const facilitators = size > 8 ? 2 : 1;
  const rest: Invitee[] = [
    { displayName: 'Harmed', role: 'party', side: 'harmed' },
    { displayName: 'Responsible', role: 'party', side: 'responsible' },
    { displayName: 'Supporter H', role: 'supporter', side: 'harmed' },
    { displayName: 'Supporter R', role: 'supporter', side: 'responsible' },
    { displayName: 'Observer', role: 'observer', side: null },
  ];
  return Array.from({ length: size }, (_, i) =>
    i < facilitators ? { displayName: `Facilitator ${i + 1}`, role: 'facilitator' as const } : { ...(rest[(i - facilitators) % rest.length] as Invitee), displayName: `P${i}` },
  );
}

/** Tokens for one storm, meetings interleaved (client i is in meeting i mod M). */
async function tokensFor(server: ServerChild, shape: string, round: number, clients: number): Promise<string[]> {
  const { meetings, size } = parseShape(shape, clients);
  const created = await server.createMeetings(Array.from({ length: meetings }, (_, m) => ({ title: `Storm r${round} ${shape} #${m}`, participants: people(size) })));
  const tokens: string[] = [];
  for (let i = 0; i < size; i++) for (const meeting of created) tokens.push(meeting.participants[i]?.token ?? '');
  return tokens;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      shapes: { type: 'string', default: '50x4,1x200' },
      setups: { type: 'string', default: ALL_SETUPS.map((s) => s.name).join(',') },
      profile: { type: 'boolean', default: false },
    },
  });
  const clients = Number(values.clients);
  const rounds = Number(values.rounds);
  const shapes = values.shapes.split(',');
  for (const shape of shapes) parseShape(shape, clients);
  const wanted = values.setups.split(',');
  const setups = ALL_SETUPS.filter((s) => wanted.includes(s.name));
  const outDir = path.resolve('bench-results');
  fs.mkdirSync(outDir, { recursive: true });

  const started = Date.now();
  const servers = new Map<string, ServerChild>();
  const records: StormRecord[] = [];
  const notes: string[] = [];
  let postgres: Target | null = null;
  try {
    for (const setup of setups) {
      let options = setup.options;
      if (setup.name.startsWith('app-pg')) {
        try {
          postgres ??= await makeTarget('postgres');
        } catch (err) {
          notes.push(`${setup.name} skipped: PostgreSQL unreachable (${err instanceof Error ? err.message : String(err)})`);
          continue;
        }
        options = { ...options, databaseUrl: postgres.options.databaseUrl };
      }
      servers.set(setup.name, await ServerChild.start(options));
    }
    // A small unrecorded storm on each, so no recorded one pays for JIT warm-up and first queries.
    for (const server of servers.values()) {
      const storm = await runStorm(server.url, await tokensFor(server, `${WARM_UP_CLIENTS / 4}x4`, 0, WARM_UP_CLIENTS));
      await storm.leave();
    }
    for (let round = 1; round <= rounds; round++) {
      for (const shape of shapes) {
        // Rotate the order every round, so no setup always runs first (or right after the heaviest).
        const order = setups.map((_, i) => setups[(i + round - 1) % setups.length] as Setup);
        for (const setup of order) {
          const server = servers.get(setup.name);
          if (!server) continue;
          const tokens = await tokensFor(server, shape, round, clients);
          const profile = values.profile && setup.options.kind === 'app';
          await sleep(SETTLE_MS);
          await server.resetLoad(profile);
          const clientCpu = process.cpuUsage();
          const storm = await runStorm(server.url, tokens);
          const clientCpuUsed = process.cpuUsage(clientCpu);
          const profileTo = profile ? path.join(outDir, `join-storm-${round}-${shape}-${setup.name.replace('/', '-')}.cpuprofile`) : undefined;
          const { load, profile: top } = await server.load(profileTo);
          await storm.leave();
          const clientCpuMs = Math.round((clientCpuUsed.user + clientCpuUsed.system) / 1000);
          const record: StormRecord = { round, shape, setup: setup.name, summary: summarizeStorm(storm.clients, storm.wallMs), load, clientCpuMs, profile: top };
          records.push(record);
          const s = record.summary;
          process.stderr.write(
            `round ${round} ${shape} ${setup.name}: all requests p50 ${s.allRequests.p50} ms p99 ${s.allRequests.p99} ms, ${s.errorCount} errors, ${s.completed}/${s.clients} completed\n`,
          );
        }
      }
    }
  } finally {
    for (const server of servers.values()) await server.close();
    await postgres?.dispose();
  }

  const comparisons: SetupComparison[] = [];
  for (const shape of shapes) {
    for (const setup of setups) {
      for (const floor of FLOORS[setup.name] ?? []) {
        const row = compare(records, shape, setup.name, floor);
        if (row) comparisons.push(row);
      }
    }
  }
  // The goal per app setup and shape: every round's p99 of all requests ≤ 100 ms and no errors.
  const goal = records
    .filter((r) => r.setup.startsWith('app'))
    .map((r) => ({ round: r.round, shape: r.shape, setup: r.setup, p99Ms: r.summary.allRequests.p99, errors: r.summary.errorCount, met: r.summary.allRequests.p99 <= 100 && r.summary.errorCount === 0 }));
  const result = {
    bench: 'join-storm',
    cores: os.cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    config: { clients, rounds, shapes, setups: setups.map((s) => ({ name: s.name, ...s.options })) },
    method:
      'All clients opened in one tick from this process (socket.io-client, websocket transport); each: connect, meeting.rtpCapabilities, meeting.join, transport.create recv, transport.create send, sequentially. Latency = emit to ack callback in this process. Server in a child process. Fresh meetings and participants for every storm; everyone leaves (meeting.leave) after.',
    notes,
    goal,
    records,
    comparisons,
  };
  // A profiled run is slower: it never replaces the plain run's results.
  const jsonPath = path.join(outDir, values.profile ? 'join-storm-profiled.json' : 'join-storm.json');
  fs.writeFileSync(jsonPath, JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ ...result, records: `${records.length} storms, see ${jsonPath}` }, null, 2));

  console.log(`\nJoin storm: ${clients} clients at once, ${rounds} round(s), ${os.cpus().length} cores. Times in ms, "p50 / p99".`);
  console.log('Each client: connect (token check) → rtpCapabilities → join → recv transport → send transport. Goal: p99 ≤ 100 ms, 0 errors.');
  for (const shape of shapes) {
    console.log(`\n── ${shape} (${shape.split('x')[0]} meeting(s) of ${shape.split('x')[1]}) ──`);
    console.log(stormTable(records.filter((r) => r.shape === shape)));
  }
  console.log('\nAgainst the floors (median over rounds of each round\'s p50/p99 of all requests; x = ratio):');
  console.log(comparisonTable(comparisons));
  const errors = errorLines(records);
  console.log(errors.length === 0 ? '\nNo errors.' : `\nErrors:\n${errors.join('\n')}`);
  for (const note of notes) console.log(`Note: ${note}`);
  const met = goal.filter((g) => g.met).length;
  console.log(`\nGoal (p99 ≤ 100 ms and 0 errors): met in ${met} of ${goal.length} app storms.`);
  for (const r of records.filter((x) => x.profile)) {
    console.log(`\nCPU profile of ${r.setup}, round ${r.round}, ${r.shape}: self time by module, then by function`);
    console.log(table(['self ms', '%', 'module'], (r.profile?.modules ?? []).slice(0, 15).map((p) => [p.selfMs, p.percent, p.fn])));
    console.log(table(['self ms', '%', 'function', 'where'], (r.profile?.functions ?? []).map((p) => [p.selfMs, p.percent, p.fn, p.where])));
  }
  console.log(`\nJSON: ${jsonPath}`);
}

await main();
