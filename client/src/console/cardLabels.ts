// Words on a participant card: badges, media state, connection state. Plain functions so the
// card and its tests agree on the text.
import type { BoardCard, MediaKind, Role, Side } from '@common-ground/signalling/protocol';
import { roleLabel } from '../roles.ts';

export type MediaState = BoardCard['audio'];

export function sideLabel(side: Side | null): string | null {
  if (side === 'harmed') return 'Harmed side';
  if (side === 'responsible') return 'Responsible side';
  return null;
}

/** "Participant · Harmed side", "Facilitator", "Observer · Responsible side"… */
export function roleBadge(person: { role: Role; side: Side | null }): string {
  const side = sideLabel(person.side);
  return side ? `${roleLabel(person.role)} · ${side}` : roleLabel(person.role);
}

const DEVICE: Record<MediaKind, string> = { audio: 'Mic', video: 'Camera' };

/** "Mic on", "Camera muted", "Mic hard-muted"… A hard mute wins over the producer state. */
export function mediaStatus(kind: MediaKind, state: MediaState, hardMuted: boolean): string {
  if (hardMuted) return `${DEVICE[kind]} hard-muted`;
  if (state === 'on') return `${DEVICE[kind]} on`;
  if (state === 'muted') return `${DEVICE[kind]} muted`;
  return `${DEVICE[kind]} off`;
}

/** The status word's tone, for styling. */
export function mediaTone(state: MediaState, hardMuted: boolean): 'on' | 'off' | 'blocked' {
  if (hardMuted) return 'blocked';
  return state === 'on' ? 'on' : 'off';
}

/** The group label of a card's control row: "Alex's microphone". */
export function deviceOf(name: string, kind: MediaKind): string {
  return `${name}’s ${kind === 'audio' ? 'microphone' : 'camera'}`;
}

/** A short badge for a video tile: the side for a party, the role for everyone else. */
export function tileBadge(person: { role: Role; side: Side | null }): string {
  if (person.role === 'party') return sideLabel(person.side) ?? roleLabel(person.role);
  return roleLabel(person.role);
}
