// A test-only HTTP server on 127.0.0.1 that lets e2e tests (in vitest workers) ask the app server
// (in the vitest main process) to create meetings, and read what the server recorded. Never part
// of the product.
//   GET  /                        a trivial HTML page, so the harness can be checked without the app
//   POST /meetings                body CreateMeetingInput → CreatedMeeting
//   GET  /meetings/:id/audit      the meeting's audit events, oldest first → AuditRecord[]
//   POST /staff                   body {email, role, displayName} → {email, password} (generated)
//   GET  /media?participant=…     (repeatable) what the SFU produced and consumed for those
//                                 participants, from mediasoup's observer → LedgerSnapshot
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '@common-ground/signalling';
import type { MediaLedger } from './media-ledger.ts';
import type { CreateMeetingInput } from './meetings.ts';

export type MeetingFactory = Pick<RunningServer, 'createMeeting' | 'createStaff' | 'db'>;

/** One audit row as the control server returns it (JSON-safe: no BigInt, ISO time). */
export interface AuditRecord {
  action: string;
  actorId: string | null;
  subjectId: string | null;
  detail: unknown;
  at: string;
}

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export const HARNESS_PAGE_TITLE = 'e2e harness';
const harnessPage = `<!doctype html><html><head><meta charset="utf-8"><title>${HARNESS_PAGE_TITLE}</title></head><body><h1>${HARNESS_PAGE_TITLE}</h1></body></html>`;

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}

function reply(res: http.ServerResponse, status: number, work: Promise<unknown>): void {
  work
    .then((body) => send(res, status, 'application/json', JSON.stringify(body)))
    .catch((err: unknown) => send(res, 500, 'text/plain', err instanceof Error ? err.stack ?? err.message : String(err)));
}

async function auditOf(factory: MeetingFactory, meetingId: string): Promise<AuditRecord[]> {
  const rows = await factory.db.prisma.auditEvent.findMany({ where: { meetingId }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({ action: r.action, actorId: r.actorId, subjectId: r.subjectId, detail: r.detail, at: r.at.toISOString() }));
}

export async function startControlServer(factory: MeetingFactory, ledger: MediaLedger): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    if (req.method === 'GET' && url.pathname === '/') {
      send(res, 200, 'text/html; charset=utf-8', harnessPage);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/meetings') {
      reply(res, 201, readJson(req).then((input) => factory.createMeeting(input as CreateMeetingInput)));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/staff') {
      reply(res, 201, readJson(req).then((input) => factory.createStaff(input as Parameters<MeetingFactory['createStaff']>[0])));
      return;
    }
    const audit = /^\/meetings\/([^/]+)\/audit$/.exec(url.pathname);
    if (req.method === 'GET' && audit) {
      reply(res, 200, auditOf(factory, decodeURIComponent(audit[1]!)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/media') {
      reply(res, 200, Promise.resolve(ledger.snapshot(url.searchParams.getAll('participant'))));
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
