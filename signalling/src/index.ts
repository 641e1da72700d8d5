export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { TokenService, JOIN_AUDIENCE, TOKEN_ISSUER, TOKEN_ALGORITHM, type JoinIdentity } from './auth/tokens.ts';
export { transition, canConsume, canConsumeProducer, initialRoomState, viewFor, placementOf, restorePlacement } from './room/index.ts';
export type { RoomCommand, RoomState, RosterEntry } from './room/index.ts';
export type { CreatedMeeting, InvitedParticipant } from './meetings/invitations.ts';
export { SnapshotWriter } from './meetings/snapshotWriter.ts';
// Staff, cases, invitations and reporting (the /api router), for tests and other entry points.
export { createApi, type Api, type ApiLimits, type ApiOptions } from './http/api/index.ts';
export type { ApiServices } from './http/api/services.ts';
export { createApp } from './http/app.ts';
export { ensureFirstAdministrator, DEFAULT_ADMIN_EMAIL } from './staff/first-admin.ts';
export { MAX_FAILED_LOGINS, LOCKOUT_MINUTES } from './staff/accounts.ts';
export { MAX_PIN_ATTEMPTS } from './cases/invitations.ts';
export { SESSION_COOKIE, STAFF_AUDIENCE } from './staff/sessions.ts';
export { can, canGlobal, CASE_ACTIONS, GLOBAL_ACTIONS, type CaseAction, type GlobalAction } from './cases/policy.ts';
// Recorded messages.
export { scratchMessagingSettings, type Messaging, type MessagingSettings } from './messages/index.ts';
export { consentText, consentTexts } from './messages/consentTexts.ts';
export { VIEW_COOKIE, PLAY_PATH } from './messages/playback.ts';
export { loadEnv, turnConfig, type Env } from './config.ts';
