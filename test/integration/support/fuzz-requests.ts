// A seeded, repeatable generator of malformed HTTP requests over every /api route (fuzz-routes.ts)
// and the client's static and SPA paths, a raw sender (node:http, so paths reach the server
// byte for byte), and the check every answer must pass.
import http from 'node:http';
import fc from 'fast-check';
import { PROTOTYPE_NAMES } from './fuzz-events.ts';
import { paramsOf, ROUTES, SPA_PATHS, STATIC_FILE, type Param, type RouteSpec } from './fuzz-routes.ts';

/**
 * error: must be a typed JSON error (4xx). any: anything but a server error (a valid request with
 * odd but acceptable text may succeed). static: the client page or file, or a typed 4xx. options:
 * express answers OPTIONS itself with the allowed methods. tus: the upload protocol's own answers.
 */
export type Expect = 'error' | 'any' | 'static' | 'options' | 'tus';

export type HttpCategory =
  | 'bad-auth' | 'bad-json' | 'too-large' | 'bad-content' | 'bad-body' | 'hostile-values' | 'bad-id' | 'foreign-id'
  | 'bad-query' | 'wrong-method' | 'unknown-path' | 'headers' | 'static' | 'options' | 'tus';

export interface FuzzRequest {
  category: HttpCategory;
  expect: Expect;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Real values for the route parameters and the credentials, from the test's fixtures. */
export interface HttpWorld {
  params: Record<Param, string>;
  /** Staff session cookies (facilitator of the case, coordinator, administrator). */
  staffCookies: string[];
  /** Bearer join tokens of parties of the case. */
  partyBearers: string[];
  /** Cookies and bearers that must all be refused. */
  badCookies: string[];
  badBearers: string[];
  sessionCookieName: string;
}

type Headers = Record<string, string>;

export interface HttpReply {
  status: number;
  contentType: string;
  text: string;
}

const hostileSegment = fc.oneof(
  fc.constantFrom('..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%00', 'a%00b', '%E0%A4%A', '%', '%%', '%ZZ', '.%2e', '~root', 'null', 'undefined', '-1', '0', '1e9', 'x'.repeat(300), 'NaN', '%F0%9F%99%82', '%C0%AE%C0%AE', "'%20OR%201=1--", '%3Cscript%3E', 'CON', 'a;b', 'a,b'),
  fc.constantFrom(...PROTOTYPE_NAMES.map(encodeURIComponent)),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.uuid(),
);

const hostileText = fc.oneof(
  fc.constantFrom('a\u0000b', '\u0000', 'name\u0000', '\u0000\u0000\u0000', '\u0001\u001f', 'tab\there', 'line\nbreak', '\u202eevil', '\ud800', "'; DROP TABLE \"Case\"; --", '../../../etc/passwd', '<img src=x onerror=alert(1)>', '${7*7}', '{{7*7}}', '   ', '', 'x'.repeat(5_000), '🙂'.repeat(100)),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const badJson = fc.constantFrom('{', '{"a":', "{'a':1}", '{"a":1,}', 'undefined', 'NaN', '[1,2', '{"a":"\\u00"}', '\u0000', '{"a":1}{"b":2}', '--', '{"__proto__":', 'tru', '"unterminated');
const nonObjectJson = fc.constantFrom('[]', '[{}]', '"text"', '42', 'null', 'true', '[[[[[[]]]]]]');

function fill(route: RouteSpec, params: Record<Param, string>, override: Partial<Record<Param, string>> = {}): string {
  return `/api${route.path.replace(/:(\w+)/g, (_, name: string) => override[name as Param] ?? params[name as Param] ?? 'missing')}`;
}

function json(body: unknown, extra: Record<string, string> = {}): Pick<FuzzRequest, 'headers' | 'body'> {
  return { headers: { 'content-type': 'application/json', ...extra }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** Adds a key by definition, so `__proto__` stays a plain own key in the JSON. */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export function generateRequests(world: HttpWorld, seed: number, count: number): FuzzRequest[] {
  const p = world.params;
  const auth = (route: RouteSpec, valid: boolean): fc.Arbitrary<Headers> => {
    const cookie = (c: string): Headers => ({ cookie: `${world.sessionCookieName}=${c}` });
    const bearer = (b: string): Headers => ({ authorization: `Bearer ${b}` });
    if (valid) {
      if (route.auth === 'party') return fc.constantFrom(...world.partyBearers).map(bearer);
      return fc.constantFrom(...world.staffCookies).map(cookie);
    }
    // A party's bearer on a staff route, a staff cookie on a party route, or nothing that verifies.
    return fc.oneof(
      fc.constant<Headers>({}),
      fc.constantFrom(...world.badCookies).map(cookie),
      fc.constantFrom(...world.badBearers).map(bearer),
      fc.constantFrom(...(route.auth === 'staff' ? world.partyBearers.map(bearer) : world.staffCookies.map(cookie))),
      fc.constantFrom<Headers>({ authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: 'Bearer' }, { authorization: 'Bearer a b c' }, { cookie: 'cg_session' }, { cookie: `${world.sessionCookieName}=; ${world.sessionCookieName}=x` }),
    );
  };
  const authed = ROUTES.filter((r) => r.auth !== 'public');
  const withBody = ROUTES.filter((r) => r.body);
  const withParams = ROUTES.filter((r) => paramsOf(r.path).length > 0);
  const base = (route: RouteSpec) => (route.body ? json(route.body) : { headers: {} as Record<string, string> });
  const req = (category: HttpCategory, expect: Expect, method: string, path: string, parts: Pick<FuzzRequest, 'headers' | 'body'>, extra: Record<string, string> = {}): FuzzRequest =>
    ({ category, expect, method, path, headers: { ...parts.headers, ...extra }, ...(parts.body === undefined ? {} : { body: parts.body }) });

  const badAuth = fc.constantFrom(...authed).chain((r) => auth(r, false).map((a) => req('bad-auth', 'error', r.method, fill(r, p), base(r), a)));
  const anyAuth = (r: RouteSpec): fc.Arbitrary<Headers> => (r.auth === 'public' ? fc.constant<Headers>({}) : fc.oneof(auth(r, true), auth(r, false)));
  const badJsonReq = fc.constantFrom(...ROUTES).chain((r) => fc.tuple(badJson, anyAuth(r)).map(([b, a]) => req('bad-json', 'error', r.method, fill(r, p), json(b), a)));
  const tooLarge = fc.tuple(fc.constantFrom(...ROUTES), fc.integer({ min: 70_000, max: 400_000 })).chain(([r, n]) =>
    anyAuth(r).map((a) => req('too-large', 'error', r.method, fill(r, p), json({ text: 'x'.repeat(n) }), a)));
  const badContent = fc.constantFrom(...withBody).chain((r) => {
    // A body the JSON parser skips (the route then sees `{}`), or one it refuses to read.
    const skipped = fc.constantFrom<Headers>({ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'application/xml' });
    const refused = fc.constantFrom<Headers>({ 'content-type': 'application/json; charset=bogus' }, { 'content-type': 'application/json; charset=utf-32' }, { 'content-type': 'application/json', 'content-encoding': 'bogus' }, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, { 'content-type': 'application/json', 'content-encoding': 'deflate, br' });
    const headers = r.emptyBodyOk ? refused : fc.oneof(skipped, refused);
    return fc.tuple(headers, auth(r, true)).map(([h, a]) => req('bad-content', 'error', r.method, fill(r, p), { headers: h, body: JSON.stringify(r.body) }, a));
  });
  const badBody = fc.constantFrom(...withBody).chain((r) =>
    fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'id', 'role', 'isAdmin', 'caseId', 'staffId', '$where'), fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in (r.body ?? {})))), fc.jsonValue({ maxDepth: 2 }), nonObjectJson, fc.boolean(), auth(r, true))
      .map(([key, value, other, asObject, a]) => req('bad-body', 'error', r.method, fill(r, p), json(asObject ? withKey(r.body!, key, value) : other), a)));
  const hostileValues = fc.constantFrom(...withBody.filter((r) => !r.dangerous)).chain((r) => {
    const fields = Object.keys(r.body!).filter((k) => typeof r.body![k] === 'string');
    if (fields.length === 0) return fc.tuple(fc.jsonValue({ maxDepth: 3 }), auth(r, true)).map(([v, a]) => req('hostile-values', 'any', r.method, fill(r, p), json(withKey(r.body!, Object.keys(r.body!)[0]!, v)), a));
    return fc.tuple(fc.constantFrom(...fields), hostileText, auth(r, true)).map(([f, v, a]) => req('hostile-values', 'any', r.method, fill(r, p), json(withKey(r.body!, f, v)), a));
  });
  const badId = fc.constantFrom(...withParams).chain((r) => {
    const names = paramsOf(r.path);
    return fc.tuple(fc.constantFrom(...names), hostileSegment, fc.oneof(auth(r, true), auth(r, false)))
      .map(([name, v, a]) => req('bad-id', 'error', r.method, fill(r, p, { [name]: v }), base(r), a));
  });
  // The facilitator's cookie on a case they are not assigned to: every case route, dangerous ones included.
  const caseRoutes = ROUTES.filter((r) => r.path.startsWith('/cases/:caseId'));
  const foreignId = fc.constantFrom(...caseRoutes).map((r) => req('foreign-id', 'error', r.method, fill(r, p, { caseId: p.otherCaseId }), base(r), { cookie: `${world.sessionCookieName}=${world.staffCookies[0]}` }));
  const badQueryString = fc.oneof(
    fc.constantFrom('status=nope', 'status=open&status=closed', 'mine=yes', 'role=god', 'includeDisabled=1', 'limit=0', 'limit=-5', 'limit=1e9', 'limit=abc', 'beforeId=1%00', 'beforeId=99999999999999999999', 'from=2026-13', 'to=2026-1', 'from=2027-01&to=2026-01', 'from=1900-01&to=2026-01', 'a[b]=c', '__proto__[x]=1', 'constructor=1', '%E0%A4%A=1', `x=${'q'.repeat(3000)}`),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 30 }).map((k) => `zz${encodeURIComponent(k)}=1`),
  );
  const badQuery = fc.tuple(fc.constantFrom(...ROUTES.filter((r) => r.query)), badQueryString).chain(([r, q]) =>
    auth(r, true).map((a) => req('bad-query', 'error', r.method, `${fill(r, p)}?${q}`, base(r), a)));
  const methodsByPath = new Map<string, Set<string>>();
  for (const r of ROUTES) methodsByPath.set(r.path, (methodsByPath.get(r.path) ?? new Set()).add(r.method));
  const wrongMethod = fc.tuple(fc.constantFrom(...ROUTES), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'PROPFIND', 'PURGE'))
    .filter(([r, m]) => !methodsByPath.get(r.path)!.has(m) && !(m === 'GET' && r.path === '/cases/:caseId/meetings/:meetingId/join'))
    .chain(([r, m]) => anyAuth(r).map((a) => req('wrong-method', 'error', m, fill(r, p), base(r), a)));
  const unknownPath = fc.tuple(
    fc.constantFrom('/api/', '/api/cases/', `/api/cases/${p.caseId}/`, '/api/me/', '/api/staff/x/', '/api/auth/', '/api/../', '/api/%2e%2e/', '/api//', '/api/uploadsx/', '/api/reports/'),
    fc.oneof(hostileSegment, fc.constantFrom('admin', 'debug', 'graphql', '.env', 'config.json', '..%2f..%2fpackage.json', 'etc/passwd')),
    fc.constantFrom('GET', 'POST'),
  ).filter(([prefix, seg]) => !['/api/cases/', '/api/staff/x/'].includes(prefix) || !/^[0-9a-f-]{36}$/.test(seg))
    .chain(([prefix, seg, m]) => fc.oneof(fc.constant<Headers>({}), fc.constantFrom(...world.staffCookies).map((c): Headers => ({ cookie: `${world.sessionCookieName}=${c}` })))
      .map((a) => req('unknown-path', 'error', m, `${prefix}${seg}/zz`, { headers: {} }, a)));
  const headerAbuse = fc.constantFrom<Headers>(
    { cookie: `a=${'c'.repeat(6_000)}` },
    { cookie: Array.from({ length: 200 }, (_, i) => `k${i}=v${i}`).join('; ') },
    { cookie: `${world.sessionCookieName}=j:{"staffId":"x","sv":1}` },
    { cookie: `${world.sessionCookieName}=s:forged.signature` },
    { 'x-forwarded-for': 'not-an-ip, , 999.999.1.1' },
    { 'x-forwarded-host': 'evil.example' },
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { range: 'bytes=0-1,2-3,5-' },
    { accept: '*/*;q=abc, text/html;;' },
    { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    { 'if-none-match': '*', 'if-modified-since': 'yesterday' },
    { authorization: `Bearer ${'t'.repeat(5_000)}` },
    { 'x-http-method-override': 'DELETE' },
  );
  const headers = fc.tuple(fc.constantFrom(...authed), headerAbuse).chain(([r, h]) =>
    auth(r, false).map((a) => req('headers', 'error', r.method, fill(r, p), base(r), { ...h, ...a, ...('cookie' in h && 'cookie' in a ? { cookie: `${a.cookie}; ${h.cookie}` } : {}) })));
  const staticReq = fc.oneof(
    fc.constantFrom('/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%5c..%5cwindows%5cwin.ini', '/%00', '/index.html%00.js', '/assets/', '/assets/missing.js', '/.env', '/.git/config', '/i/%E0%A4%A', '/staff/%E0%A4%A', '/i/', '/i/a/b', '/%', `/${'p'.repeat(4_000)}`, STATIC_FILE, `${STATIC_FILE}?v=%E0`, '/favicon.ico', '/socket.io.js'),
    fc.tuple(fc.constantFrom(...SPA_PATHS), hostileSegment).map(([s, seg]) => `${s.replace(/\/$/, '')}/${seg}`),
  ).chain((path) => fc.constantFrom('GET', 'POST', 'DELETE').map((m) => req('static', 'static', m, path, { headers: {} })));
  const options = fc.constantFrom(...ROUTES).chain((r) => anyAuth(r).map((a) => req('options', 'options', 'OPTIONS', fill(r, p), { headers: {} }, a)));
  const tusHeaders = fc.constantFrom<Headers>(
    {},
    { 'tus-resumable': '0.2.2' },
    { 'tus-resumable': '1.0.0', 'upload-length': '-1' },
    { 'tus-resumable': '1.0.0', 'upload-length': 'abc' },
    { 'tus-resumable': '1.0.0', 'upload-length': '99999999999999999999' },
    { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': 'messageId !!!' },
    { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': `messageId ${Buffer.from('__proto__').toString('base64')}` },
    { 'tus-resumable': '1.0.0', 'upload-offset': '-5', 'content-type': 'application/offset+octet-stream' },
    { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'text/plain' },
  );
  const tus = fc.tuple(fc.constantFrom('POST', 'PATCH', 'HEAD', 'DELETE', 'GET', 'PUT'), fc.oneof(fc.constant(''), hostileSegment.map((s) => `/${s}`)), tusHeaders, fc.oneof(fc.constant<Headers>({}), auth({ method: 'GET', path: '', auth: 'party' }, true), auth({ method: 'GET', path: '', auth: 'party' }, false)))
    .map(([m, id, h, a]) => req('tus', 'tus', m, `/api/uploads${id}`, { headers: h, ...(m === 'PATCH' ? { body: Buffer.alloc(16) } : {}) }, a));

  const request: fc.Arbitrary<FuzzRequest> = fc.oneof(
    { arbitrary: badAuth, weight: 12 },
    { arbitrary: badJsonReq, weight: 10 },
    { arbitrary: tooLarge, weight: 3 },
    { arbitrary: badContent, weight: 7 },
    { arbitrary: badBody, weight: 15 },
    { arbitrary: hostileValues, weight: 12 },
    { arbitrary: badId, weight: 12 },
    { arbitrary: foreignId, weight: 5 },
    { arbitrary: badQuery, weight: 6 },
    { arbitrary: wrongMethod, weight: 6 },
    { arbitrary: unknownPath, weight: 5 },
    { arbitrary: headers, weight: 5 },
    { arbitrary: staticReq, weight: 6 },
    { arbitrary: options, weight: 2 },
    { arbitrary: tus, weight: 5 },
  );
  // A sweep first, so every route is hit whatever the seed: malformed JSON, then refused credentials.
  const sweep = ROUTES.flatMap((r) => fc.sample(fc.tuple(fc.oneof(badJson, nonObjectJson.filter((j) => !j.startsWith('['))), r.auth === 'public' ? fc.constant<Headers>({}) : auth(r, false)), { seed: seed + 1, numRuns: 1 })
    .flatMap(([b, a]) => [req('bad-json', 'error', r.method, fill(r, p), json(b), r.auth === 'public' ? {} : fc.sample(auth(r, true), { seed, numRuns: 1 })[0]), r.auth === 'public' ? req('too-large', 'error', r.method, fill(r, p), json({ text: 'y'.repeat(80_000) })) : req('bad-auth', 'error', r.method, fill(r, p), base(r), a)]));
  return [...sweep, ...fc.sample(request, { seed, numRuns: count - sweep.length })];
}

/** Sends `r` as it is (no URL normalisation), with a time limit. */
export function send(base: string, r: FuzzRequest, timeoutMs = 20_000): Promise<HttpReply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined && !('transfer-encoding' in headers)) headers['content-length'] = Buffer.byteLength(r.body);
    const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

export function describeRequest(r: FuzzRequest, index: number): string {
  const body = r.body === undefined ? '' : ` body=${JSON.stringify(r.body.toString().slice(0, 120))}${r.body.length > 120 ? `…(${r.body.length})` : ''}`;
  const headers = JSON.stringify(r.headers, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 60)}…(${v.length})` : v));
  return `#${index} [${r.category}] ${r.method} ${r.path.slice(0, 160)} ${headers}${body}`;
}

/** Internals that must never reach a caller: stack frames, source paths, database and driver text. */
export const HTTP_LEAK = /\n\s+at |node_modules|\/work\/|[\\/]src[\\/]\w+\.ts|\.ts:\d+|file:\/\/|prisma|invocation|SQLSTATE|duplicate key|violates|syntax error at|ECONNREFUSED|relation "|root:x:0:0|"workspaces"/i;

function typedError(reply: HttpReply): string | undefined {
  if (!reply.contentType.includes('application/json')) return `a ${reply.status} that is not JSON (${reply.contentType || 'no content type'}): ${reply.text.slice(0, 120)}`;
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    return `a ${reply.status} whose JSON does not parse: ${reply.text.slice(0, 120)}`;
  }
  const { ok, error } = (body ?? {}) as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (typeof error?.code !== 'string' || !/^[A-Z][A-Z_]*[A-Z]$/.test(error.code)) return `a ${reply.status} without a typed error code: ${reply.text.slice(0, 160)}`;
  if (error.code === 'INTERNAL') return `INTERNAL with ${reply.status}`;
  if (typeof error.message !== 'string' || error.message.trim() === '') return `a ${reply.status} ${error.code} without a message`;
  if (ok !== undefined && ok !== false) return `a ${reply.status} error body saying ok: ${String(ok)}`;
  return undefined;
}

/** What is wrong with `reply` to `r`, if anything. */
export function checkReply(r: FuzzRequest, reply: HttpReply): string | undefined {
  if (reply.status >= 500) return `server error ${reply.status}: ${reply.text.slice(0, 200)}`;
  if (HTTP_LEAK.test(reply.text)) return `internals in the answer: ${reply.text.slice(0, 300)}`;
  const isError = reply.status >= 400;
  switch (r.expect) {
    case 'error':
      return isError ? typedError(reply) : `accepted with ${reply.status} although malformed`;
    case 'any':
      return isError ? typedError(reply) : undefined;
    case 'static':
      if (reply.status === 200 && /text\/html|javascript/.test(reply.contentType)) return undefined;
      return isError ? typedError(reply) : `unexpected ${reply.status} ${reply.contentType}`;
    case 'options':
      // express answers OPTIONS with the route's allowed methods (200, text/plain) once auth passed.
      if (reply.status === 200 || reply.status === 204) return undefined;
      return isError ? typedError(reply) : `unexpected ${reply.status}`;
    case 'tus':
      // The tus protocol's own refusals (e.g. 412 "Tus-Resumable Required") are plain text by its
      // specification; the server's own refusals carry the typed JSON body.
      if (!isError) return `accepted with ${reply.status} although malformed`;
      if (reply.text.trim().startsWith('{')) {
        const typed = typedError({ ...reply, contentType: 'application/json' });
        if (typed) return typed;
      }
      return undefined;
  }
}

/** Whether a tus answer carries JSON under another content type (reported, not failed). */
export function mislabelledJson(reply: HttpReply): boolean {
  return reply.text.trim().startsWith('{') && !reply.contentType.includes('application/json');
}
