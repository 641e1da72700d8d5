// Helpers for the messages API tests: a party client (join token), raw tus uploads with fetch, and
// playback with the cg_view cookie kept per "browser session".
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { consentText, VIEW_COOKIE } from '@common-ground/signalling';
import type { ApiHarness, HttpClient } from './api-harness.ts';

/** A client sending `participantId`'s join token as a bearer token. */
export function partyClient(h: ApiHarness, meetingId: string, participantId: string, side: 'harmed' | 'responsible'): HttpClient {
  const client = h.client();
  client.bearer = h.tokens.issueJoinToken({ meetingId, participantId, role: 'party', side }, 3600);
  return client;
}

/** Agrees to the current message_recording wording; returns the consent id. */
export async function consentToRecording(client: HttpClient): Promise<string> {
  const res = await client.post('/api/me/consents', { purpose: 'message_recording', textVersion: consentText('message_recording').version });
  if (res.status !== 201) throw new Error(`consent failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

/** A short VP8/Opus WebM (or any ffmpeg output) made at test time. */
export function makeMedia(dir: string, name: string, args: string[]): string {
  const out = path.join(dir, name);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, out]);
  return out;
}

/** The codecs (in stream order) and duration ffprobe reports. */
export function probeStreams(file: string): { codecs: string[]; duration: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out) as { streams: { codec_name: string }[]; format: { duration?: string } };
  return { codecs: json.streams.map((st) => st.codec_name), duration: Number(json.format.duration) };
}

export function videoArgs(seconds: number): string[] {
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=15:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-c:a', 'libopus', '-f', 'webm',
  ];
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface TusReply {
  status: number;
  headers: Headers;
  text: string;
}

/** A raw tus 1.0 client over fetch: create, patch, head. */
export class RawTus {
  readonly #base: string;
  readonly #token: string | undefined;

  constructor(base: string, token: string | undefined) {
    this.#base = base;
    this.#token = token;
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'tus-resumable': '1.0.0', ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}), ...extra };
  }

  async create(size: number, metadata: Record<string, string>): Promise<TusReply & { location: string | null }> {
    const res = await fetch(`${this.#base}/api/uploads`, {
      method: 'POST',
      headers: this.#headers({ 'upload-length': String(size), 'upload-metadata': Object.entries(metadata).map(([k, v]) => `${k} ${b64(v)}`).join(',') }),
    });
    const location = res.headers.get('location');
    return { status: res.status, headers: res.headers, text: await res.text(), location: location ? new URL(location, this.#base).pathname : null };
  }

  async patch(location: string, offset: number, chunk: Uint8Array): Promise<TusReply> {
    const res = await fetch(`${this.#base}${location}`, {
      method: 'PATCH',
      headers: this.#headers({ 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }),
      body: new Blob([new Uint8Array(chunk)]),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  async head(location: string): Promise<TusReply & { offset: number | null }> {
    const res = await fetch(`${this.#base}${location}`, { method: 'HEAD', headers: this.#headers() });
    const offset = res.headers.get('upload-offset');
    return { status: res.status, headers: res.headers, text: '', offset: offset === null ? null : Number(offset) };
  }
}

/** A browser session for playback: keeps the cg_view cookie the server sets. */
export class ViewSession {
  cookie: string | undefined;

  /** Calls `client` (which has the staff cookie or bearer) for a grant, remembering cg_view. */
  async grant(h: ApiHarness, client: HttpClient, grantPath: string, body: unknown = {}): Promise<{ status: number; url: string; body: Record<string, unknown> }> {
    const res = await fetch(`${h.url}${grantPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(client.bearer ? { authorization: `Bearer ${client.bearer}` } : {}),
        cookie: [client.cookie ? `cg_session=${client.cookie}` : '', this.cookie ? `${VIEW_COOKIE}=${this.cookie}` : ''].filter(Boolean).join('; '),
      },
      body: JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name === VIEW_COOKIE && value) this.cookie = value;
    }
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, url: String(json['url'] ?? ''), body: json };
  }

  async fetch(h: ApiHarness, url: string, range?: string): Promise<Response> {
    return fetch(`${h.url}${url}`, { headers: { ...(this.cookie ? { cookie: `${VIEW_COOKIE}=${this.cookie}` } : {}), ...(range ? { range } : {}) } });
  }
}
