// Every /api route (from signalling/src/http/api/*-routes.ts and index.ts), what it needs to be
// reached, and a valid body where it reads one: the material fuzz-requests.ts breaks.

export type Auth = 'staff' | 'party' | 'public';
export type Param = 'caseId' | 'otherCaseId' | 'partyId' | 'meetingId' | 'invitationId' | 'staffId' | 'code' | 'token' | 'messageId' | 'consentId';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Express path under /api, with `:name` parameters. */
  path: string;
  auth: Auth;
  /** A valid body, when the route reads one. */
  body?: Record<string, unknown>;
  /** The route's schema accepts `{}`: a body fault alone does not make the request fail. */
  emptyBodyOk?: boolean;
  /** The route validates its query string strictly. */
  query?: boolean;
  /** Changes that would stop the fuzzing staff from working: never sent with a valid body. */
  dangerous?: boolean;
}

const uuid = '00000000-0000-4000-8000-000000000000';

/** The routes, in the order of the route files. */
export const ROUTES: RouteSpec[] = [
  // auth-routes.ts
  { method: 'POST', path: '/auth/login', auth: 'public', body: { email: 'nobody@example.org', password: 'not the password' } },
  { method: 'POST', path: '/auth/logout', auth: 'staff', dangerous: true },
  { method: 'GET', path: '/auth/me', auth: 'staff' },
  { method: 'POST', path: '/auth/password', auth: 'staff', body: { currentPassword: 'wrong password', newPassword: 'a much longer new passphrase 42' } },
  // invitation-routes.ts
  { method: 'GET', path: '/invitations/:code', auth: 'public' },
  { method: 'POST', path: '/invitations/:code/redeem', auth: 'public', body: { pin: '000000' }, emptyBodyOk: true, dangerous: true },
  // message-routes.ts (consent texts, playback, the party's own consents and messages)
  { method: 'GET', path: '/consent-texts', auth: 'public' },
  { method: 'GET', path: '/play/:token', auth: 'public' },
  // me-routes.ts
  { method: 'GET', path: '/me', auth: 'party' },
  { method: 'GET', path: '/me/meetings', auth: 'party' },
  { method: 'GET', path: '/me/export', auth: 'party' },
  { method: 'GET', path: '/me/consents', auth: 'party' },
  { method: 'POST', path: '/me/consents', auth: 'party', body: { purpose: 'training_use', textVersion: 'not-a-version' } },
  { method: 'POST', path: '/me/consents/:consentId/withdraw', auth: 'party', dangerous: true },
  { method: 'GET', path: '/me/messages', auth: 'party' },
  { method: 'POST', path: '/me/messages', auth: 'party', body: { kind: 'text', audience: 'facilitators', consentId: uuid, text: 'hello' } },
  { method: 'POST', path: '/me/messages/:messageId/versions', auth: 'party', body: { text: 'again' }, emptyBodyOk: true },
  { method: 'POST', path: '/me/messages/:messageId/withdraw', auth: 'party' },
  { method: 'POST', path: '/me/messages/:messageId/upload-failed', auth: 'party', body: { reason: 'network' } },
  { method: 'POST', path: '/me/messages/:messageId/open', auth: 'party' },
  { method: 'POST', path: '/me/messages/:messageId/playback', auth: 'party', body: { version: 1 }, emptyBodyOk: true },
  // staff-routes.ts
  { method: 'GET', path: '/staff', auth: 'staff', query: true },
  { method: 'POST', path: '/staff', auth: 'staff', body: { email: 'fuzz.new@example.org', displayName: 'Fuzz New', role: 'facilitator' } },
  { method: 'PATCH', path: '/staff/:staffId', auth: 'staff', body: { displayName: 'Renamed' }, dangerous: true },
  { method: 'POST', path: '/staff/:staffId/reset-password', auth: 'staff', dangerous: true },
  // case-routes.ts
  { method: 'GET', path: '/cases', auth: 'staff', query: true },
  {
    method: 'POST', path: '/cases', auth: 'staff',
    body: { crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'low', referredOn: '2026-02-03' },
  },
  { method: 'GET', path: '/cases/:caseId', auth: 'staff' },
  { method: 'PATCH', path: '/cases/:caseId', auth: 'staff', body: { crimeType: 'Criminal damage' } },
  { method: 'POST', path: '/cases/:caseId/risk', auth: 'staff', body: { level: 'medium', note: 'reviewed' } },
  { method: 'PUT', path: '/cases/:caseId/facilitators', auth: 'staff', body: { staffIds: [] }, dangerous: true },
  { method: 'GET', path: '/cases/:caseId/audit', auth: 'staff', query: true },
  // party-routes.ts
  { method: 'GET', path: '/cases/:caseId/parties', auth: 'staff' },
  { method: 'POST', path: '/cases/:caseId/parties', auth: 'staff', body: { side: 'harmed', role: 'supporter', name: 'Fuzz Supporter', pseudonym: 'Friend' } },
  { method: 'GET', path: '/cases/:caseId/parties/:partyId', auth: 'staff' },
  { method: 'PATCH', path: '/cases/:caseId/parties/:partyId', auth: 'staff', body: { contactNotes: 'call after six' } },
  { method: 'GET', path: '/cases/:caseId/parties/:partyId/export', auth: 'staff' },
  // meeting-routes.ts
  { method: 'GET', path: '/cases/:caseId/meetings', auth: 'staff' },
  { method: 'POST', path: '/cases/:caseId/meetings', auth: 'staff', body: { kind: 'conference', title: 'Fuzz meeting' } },
  { method: 'GET', path: '/cases/:caseId/meetings/:meetingId', auth: 'staff' },
  { method: 'PATCH', path: '/cases/:caseId/meetings/:meetingId', auth: 'staff', body: { title: 'Renamed meeting' } },
  { method: 'POST', path: '/cases/:caseId/meetings/:meetingId/participants', auth: 'staff', body: { partyId: uuid } },
  { method: 'POST', path: '/cases/:caseId/meetings/:meetingId/invitations', auth: 'staff', body: { participantId: uuid }, dangerous: true },
  { method: 'POST', path: '/cases/:caseId/invitations/:invitationId/revoke', auth: 'staff', dangerous: true },
  { method: 'POST', path: '/cases/:caseId/meetings/:meetingId/join', auth: 'staff' },
  { method: 'PUT', path: '/cases/:caseId/meetings/:meetingId/feedback', auth: 'staff', body: { effectiveForHarmed: 'yes', effectiveForResponsible: 'unsure' } },
  // review-routes.ts
  { method: 'GET', path: '/cases/:caseId/messages', auth: 'staff' },
  { method: 'POST', path: '/cases/:caseId/messages/:messageId/approve', auth: 'staff' },
  { method: 'POST', path: '/cases/:caseId/messages/:messageId/reject', auth: 'staff', body: { reason: 'no' } },
  { method: 'POST', path: '/cases/:caseId/messages/:messageId/request-changes', auth: 'staff', body: { note: 'shorter' } },
  { method: 'POST', path: '/cases/:caseId/messages/:messageId/trim', auth: 'staff', body: { startSeconds: 0, endSeconds: 1 } },
  { method: 'POST', path: '/cases/:caseId/messages/:messageId/redact', auth: 'staff', body: { text: 'redacted' } },
  { method: 'POST', path: '/cases/:caseId/messages/:messageId/playback', auth: 'staff', body: { version: 1 }, emptyBodyOk: true },
  { method: 'PUT', path: '/cases/:caseId/message-retention', auth: 'staff', body: { days: 30 } },
  { method: 'GET', path: '/cases/:caseId/message-retention', auth: 'staff' },
  // report-routes.ts
  { method: 'GET', path: '/reports/summary', auth: 'staff', query: true },
  { method: 'GET', path: '/reports/cases.csv', auth: 'staff', query: true },
  { method: 'GET', path: '/reports/summary.csv', auth: 'staff', query: true },
];

/** Paths the client serves (http/app.ts SPA_ROUTES) and a static file of the test's client build. */
export const SPA_PATHS = ['/', '/join', '/messages', '/left', '/i/abcdefghijklmnopqrstuvwx', '/staff', '/staff/cases/1'];
export const STATIC_FILE = '/assets/app.js';

/** Whether a request (method and raw path) is aimed at `route`. */
export function aimsAt(route: RouteSpec, method: string, path: string): boolean {
  const pattern = new RegExp(`^/api${route.path.replace(/:\w+/g, '[^/?]+')}(\\?.*)?$`);
  return method === route.method && pattern.test(path);
}

export function paramsOf(path: string): Param[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as Param);
}
