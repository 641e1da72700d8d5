// One session per join link: the user's devices and the RoomClient that will use them. Created
// outside React so that StrictMode's double effects and re-renders never open a second socket.
import type { JoinToken } from './joinToken.ts';
import { MaskedMedia } from './masking/maskedMedia.ts';
import { LocalMedia } from './media/localMedia.ts';
import { RoomClient } from './media/RoomClient.ts';

export interface Session {
  readonly join: JoinToken;
  readonly localMedia: LocalMedia;
  /** What leaves the device: the camera and microphone through the masks the person chose or must use. */
  readonly maskedMedia: MaskedMedia;
  readonly room: RoomClient;
}

/** Sessions by token. */
const sessions = new Map<string, Session>();

export function openSession(join: JoinToken): Session {
  const existing = sessions.get(join.token);
  if (existing) return existing;
  const localMedia = new LocalMedia({ micOn: join.claims.role !== 'observer', cameraOn: true });
  const maskedMedia = new MaskedMedia(localMedia, `cg.masks.${join.claims.participantId}`);
  const room = new RoomClient({ token: join.token, localMedia, maskedMedia });
  const session: Session = { join, localMedia, maskedMedia, room };
  sessions.set(join.token, session);
  // Connect now, not after React's first commit: the socket and the device load overlap rendering.
  room.connect();
  window.addEventListener('pagehide', () => room.close(), { once: true });
  return session;
}
