// Which browser origins may talk to this server. A browser names the page it runs in with the
// `Origin` header; a request without one comes from a tool, not from a page another site controls.
//  - own: the request's own host (same origin), or this server's PUBLIC_URL;
//  - configured: an origin listed in ALLOWED_ORIGINS (e.g. a dev server proxying to us), which
//    alone receives CORS headers (a same-origin request needs none);
//  - foreign: anything else. The HTTP API refuses it (http/app.ts), and so does socket.io on a
//    single node (socket/server.ts).

export type OriginVerdict = 'none' | 'own' | 'configured' | 'foreign';

/** The origin (`scheme://host[:port]`) of a URL, or undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export class OriginPolicy {
  // Normalised origins of PUBLIC_URL and ALLOWED_ORIGINS.
  readonly #configured: Set<string>;
  // The public URL's origin (counts as own, never gets CORS headers it does not need).
  readonly #publicOrigin: string | undefined;

  constructor(opts: { publicUrl?: string | undefined; allowed?: readonly string[] | undefined }) {
    this.#publicOrigin = opts.publicUrl ? originOf(opts.publicUrl) : undefined;
    this.#configured = new Set();
    for (const url of opts.allowed ?? []) {
      const origin = originOf(url);
      if (!origin) throw new Error(`ALLOWED_ORIGINS: "${url}" is not an http(s) origin`);
      this.#configured.add(origin);
    }
  }

  /** Where a request comes from, given its `Origin` and `Host` headers. */
  classify(origin: string | undefined, host: string | undefined): OriginVerdict {
    if (origin === undefined || origin === '') return 'none';
    const normalised = originOf(origin);
    if (!normalised) return 'foreign'; // "null" (sandboxed frames, file:) and anything unparsable
    if (this.#configured.has(normalised)) return 'configured';
    if (normalised === this.#publicOrigin) return 'own';
    if (host && new URL(normalised).host === host.toLowerCase()) return 'own';
    return 'foreign';
  }
}
