// Reads the join token from the link's fragment (`/join#token=…`) and decodes its claims for
// display only. The server verifies the signature; nothing here is trusted for access.
import { Role } from '@common-ground/signalling/protocol';

export interface JoinClaims {
  readonly meetingId: string;
  readonly participantId: string;
  readonly role: Role;
  /** The suggested display name, if the facilitator set one. */
  readonly name: string | null;
}

export interface JoinToken {
  readonly token: string;
  readonly claims: JoinClaims;
}

/** The token and its claims, or null when the fragment holds nothing usable. */
export function readJoinToken(hash: string): JoinToken | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (!token) return null;
  const claims = decodeClaims(token);
  return claims ? { token, claims } : null;
}

function decodeClaims(token: string): JoinClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  let json: unknown;
  try {
    json = JSON.parse(base64UrlDecode(payload));
  } catch (err) {
    console.warn('[joinToken] the token payload is not base64url JSON', err);
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { mid, sub, role, name } = json as Record<string, unknown>;
  const parsedRole = Role.safeParse(role);
  if (typeof mid !== 'string' || typeof sub !== 'string' || !parsedRole.success) return null;
  return {
    meetingId: mid,
    participantId: sub,
    role: parsedRole.data,
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : null,
  };
}

function base64UrlDecode(input: string): string {
  const base64 = input.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(input.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
