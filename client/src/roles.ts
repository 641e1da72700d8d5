// How roles are named to people. "Party" is our word, not theirs: they see "Participant".
import type { Role } from '@common-ground/signalling/protocol';

const LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  party: 'Participant',
  supporter: 'Supporter',
  observer: 'Observer',
};

const JOINING_AS: Record<Role, string> = {
  facilitator: 'You are joining as the facilitator.',
  party: 'You are joining as a participant.',
  supporter: 'You are joining as a supporter.',
  observer: 'You are joining as an observer. Your microphone starts off.',
};

export function roleLabel(role: Role): string {
  return LABELS[role];
}

export function joiningAs(role: Role): string {
  return JOINING_AS[role];
}

/** Roles worth a badge on a video tile (a participant needs none). */
export function showsRoleBadge(role: Role): boolean {
  return role !== 'party';
}
