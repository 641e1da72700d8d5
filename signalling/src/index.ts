export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { TokenService, JOIN_AUDIENCE, TOKEN_ISSUER, TOKEN_ALGORITHM, type JoinIdentity } from './auth/tokens.ts';
export { transition, canConsume, initialRoomState, viewFor } from './room/index.ts';
export type { RoomCommand, RoomState, RosterEntry } from './room/index.ts';
export type { CreatedMeeting, InvitedParticipant } from './meetings/invitations.ts';
