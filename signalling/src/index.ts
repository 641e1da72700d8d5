export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { TokenService, JOIN_AUDIENCE, TOKEN_ISSUER, TOKEN_ALGORITHM, type JoinIdentity } from './auth/tokens.ts';
export { transition, canConsume, initialRoomState } from './room/index.ts';
export type { CreatedMeeting, InvitedParticipant } from './meetings/invitations.ts';
