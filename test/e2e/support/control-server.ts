// A test-only HTTP server on 127.0.0.1 that lets e2e tests (in vitest workers) ask the app server
// (in the vitest main process) to create meetings. Never part of the product.
//   GET  /          a trivial HTML page, so the harness can be checked without the app
//   POST /meetings  body CreateMeetingInput → CreatedMeeting
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '@common-ground/signalling';
import type { CreateMeetingInput } from './meetings.ts';

export type MeetingFactory = Pick<RunningServer, 'createMeeting'>;

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

export async function startControlServer(factory: MeetingFactory): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      send(res, 200, 'text/html; charset=utf-8', harnessPage);
      return;
    }
    if (req.method === 'POST' && req.url === '/meetings') {
      readJson(req)
        .then((input) => factory.createMeeting(input as CreateMeetingInput))
        .then((meeting) => send(res, 201, 'application/json', JSON.stringify(meeting)))
        .catch((err: unknown) => send(res, 500, 'text/plain', err instanceof Error ? err.stack ?? err.message : String(err)));
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
