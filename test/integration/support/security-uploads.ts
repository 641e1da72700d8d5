// A party sending a message file over tus exactly as the browser does, with whatever name and
// claimed type the test chooses, then waiting for the server's verdict on the content.
import fs from 'node:fs';
import type { HttpClient } from './api-harness.ts';
import { consentToRecording, RawTus } from './messages.ts';

export interface Verdict {
  status: string;
  statusReason: string | null;
  /** The versions the message has (a refused file makes none). */
  versions: { mimeType?: string | null }[];
}

/** Creates a `kind` message for `party` and uploads `file` as `name` claiming `claimedType`; resolves with the outcome. */
export async function sendFile(party: HttpClient, base: string, file: string, opts: { kind: 'audio' | 'video'; name: string; claimedType: string }): Promise<{ id: string; verdict: Verdict }> {
  const consentId = await consentToRecording(party);
  const created = await party.post('/api/me/messages', { kind: opts.kind, audience: 'other_side', consentId, origin: 'upload' });
  if (created.status !== 201) throw new Error(`message not created: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  const bytes = fs.readFileSync(file);
  const tus = new RawTus(base, party.bearer);
  // tus-js-client sends the file's name and type as metadata; neither is trusted.
  const start = await tus.create(bytes.length, { messageId: id, filename: opts.name, filetype: opts.claimedType, origin: 'upload' });
  if (start.status !== 201 || !start.location) throw new Error(`upload not created: ${start.status} ${start.text}`);
  const sent = await tus.patch(start.location, 0, bytes);
  if (sent.status !== 204) throw new Error(`upload failed: ${sent.status} ${sent.text}`);
  return { id, verdict: await settled(party, id) };
}

/** Polls the sender's list until the message is no longer uploading or processing. */
async function settled(party: HttpClient, id: string): Promise<Verdict> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await party.get('/api/me/messages');
    const found = (res.body.messages as (Verdict & { id: string })[]).find((m) => m.id === id);
    if (found && found.status !== 'uploading' && found.status !== 'processing') return found;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`message ${id} was never processed`);
}

/** A file that starts like a Windows executable (MZ header, PE signature), padded to `size`. */
export function fakeExecutable(path: string, size = 64 * 1024): string {
  const bytes = Buffer.alloc(size);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  fs.writeFileSync(path, bytes);
  return path;
}
