// The request handlers, one per protocol request: thin adapters from the wire to the room machine
// and the SFU. bind.ts has validated every payload before these run.
import type { RequestHandlers } from './bind.ts';
import { facilitatorHandlers } from './facilitatorHandlers.ts';
import { mediaHandlers } from './mediaHandlers.ts';
import { meetingHandlers } from './meetingHandlers.ts';
import { recordingHandlers } from './recordingHandlers.ts';
import type { Session } from './session.ts';

export type { Session } from './session.ts';

export const handlers: RequestHandlers<Session> = { ...meetingHandlers, ...mediaHandlers, ...facilitatorHandlers, ...recordingHandlers };
