// Anonymous participation in the room machine: each person's masking policy, what a producer must
// declare to be accepted, who may receive which kind of someone's media, the name each viewer sees,
// and what a person is told the others receive of them. Pure, like the rest of the machine.
import {
  OPEN_POLICY,
  ProtocolError,
  isVideoMask,
  isVoiceMask,
  type MaskingPolicy,
  type MediaAudience,
  type MediaKind,
  type ProducerMasking,
  type Role,
  type SeenBy,
  type Side,
} from '../protocol/index.ts';
import type { RoomCommand, RoomEffect, Transition } from './commands.ts';
import { audit, canConsume, requireFacilitator, updateParticipant } from './placement-rules.ts';
import type { ParticipantState, ProducerState, RosterEntry, RoomState } from './state.ts';

type Cmd<K extends RoomCommand['type']> = Extract<RoomCommand, { type: K }>;

export function policyOf(state: RoomState, participantId: string): MaskingPolicy {
  return state.policies[participantId] ?? OPEN_POLICY;
}

/** The typed refusal for a producer the policy does not accept, or null when it complies. */
export function produceRefusal(policy: MaskingPolicy, kind: MediaKind, masking: ProducerMasking): ProtocolError | null {
  if (kind === 'audio') {
    if (!isVoiceMask(masking)) return new ProtocolError('BAD_REQUEST', `'${masking}' is not a voice mask`);
    if (policy.voice === 'masked' && masking === 'off') {
      return new ProtocolError('MASKING_REQUIRED', 'your facilitator asked for your voice to be disguised: choose a voice mask to speak');
    }
    return null;
  }
  if (!isVideoMask(masking)) return new ProtocolError('BAD_REQUEST', `'${masking}' is not a video mask`);
  if (policy.camera === 'off') return new ProtocolError('CAMERA_NOT_ALLOWED', 'your facilitator set this meeting so that your camera is not used');
  if (policy.camera === 'masked' && masking === 'off') {
    return new ProtocolError('MASKING_REQUIRED', 'your facilitator asked for your face to be hidden: choose a face mask to use your camera');
  }
  return null;
}

function complies(policy: MaskingPolicy, producer: ProducerState): boolean {
  return produceRefusal(policy, producer.kind, producer.masking) === null;
}

/** Whether someone with `consumer`'s role and side is in `audience` for `owner`'s media. */
export function audienceAllows(audience: MediaAudience, consumer: { role: Role; side: Side | null }, owner: { side: Side | null }): boolean {
  switch (audience) {
    case 'everyone':
      return true;
    case 'facilitators':
      return consumer.role === 'facilitator';
    case 'own-side':
      return consumer.role === 'facilitator' || (owner.side !== null && consumer.side === owner.side);
  }
}

/** Placement (same room or listening in) and the owner's visibility policy for this producer's kind. */
export function canConsumeProducer(state: RoomState, consumerId: string, ownerId: string, producerId: string): boolean {
  if (!canConsume(state, consumerId, ownerId)) return false;
  const consumer = state.participants[consumerId];
  const owner = state.participants[ownerId];
  const producer = owner?.producers[producerId];
  if (!consumer || !owner || !producer) return false;
  return audienceAllows(policyOf(state, ownerId)[producer.kind], consumer, owner);
}

/** The name `viewerId` sees for `who`: facilitators and the person themselves see their own name. */
export function nameSeenBy(state: RoomState, viewerId: string, who: RosterEntry): string {
  if (viewerId === who.participantId || state.participants[viewerId]?.role === 'facilitator') return who.displayName;
  return publicName(state, who);
}

/** The name everyone but facilitators sees: the pseudonym when one is set. */
export function publicName(state: RoomState, who: RosterEntry): string {
  return policyOf(state, who.participantId).pseudonym ?? who.displayName;
}

/** A facilitator sets someone's policy (present or not). Producers that no longer comply close at once. */
export function setPolicy(state: RoomState, cmd: Cmd<'setPolicy'>): Transition<RoomState> {
  requireFacilitator(state, cmd.actorId);
  const who = state.participants[cmd.participantId] ?? state.roster[cmd.participantId];
  if (!who || state.removed.includes(cmd.participantId)) throw new ProtocolError('NOT_FOUND', 'that person is not part of this meeting');
  if (who.role === 'facilitator') throw new ProtocolError('BAD_REQUEST', 'facilitators are always shown as themselves');
  let next: RoomState = { ...state, policies: { ...state.policies, [cmd.participantId]: cmd.policy } };
  const effects: RoomEffect[] = [
    { type: 'persist', change: { kind: 'policy', participantId: cmd.participantId, policy: cmd.policy } },
    audit(cmd.actorId, 'participant.policy', cmd.participantId, { policy: cmd.policy }),
  ];
  const present = next.participants[cmd.participantId];
  const failing = present ? Object.values(present.producers).filter((p) => !complies(cmd.policy, p)) : [];
  if (failing.length > 0) {
    const gone = new Set(failing.map((p) => p.producerId));
    next = updateParticipant(next, cmd.participantId, (p) => ({
      ...p,
      producers: Object.fromEntries(Object.entries(p.producers).filter(([id]) => !gone.has(id))),
    }));
    for (const { producerId } of failing) {
      effects.push(
        { type: 'closeProducer', participantId: cmd.participantId, producerId },
        { type: 'notify', audience: { to: 'participant', participantId: cmd.participantId }, event: 'producer.closed', payload: { producerId, reason: 'policy' } },
      );
    }
  }
  return { state: next, effects };
}

/** Someone standing for each group of people who could share a room with `self`. */
function groupsFor(self: ParticipantState): { group: SeenBy['group']; as: { role: Role; side: Side | null } }[] {
  const facilitators = { group: 'facilitators' as const, as: { role: 'facilitator' as const, side: null } };
  if (!self.side) return [{ group: 'others', as: { role: 'observer', side: null } }, facilitators];
  const other: Side = self.side === 'harmed' ? 'responsible' : 'harmed';
  return [
    { group: 'other-side', as: { role: 'party', side: other } },
    { group: 'own-side', as: { role: 'supporter', side: self.side } },
    facilitators,
  ];
}

/** What each group receives of `self` right now: the name, the video and the voice. */
export function seenBy(state: RoomState, self: ParticipantState): SeenBy[] {
  const policy = policyOf(state, self.participantId);
  const sending = (kind: MediaKind): ProducerState | undefined =>
    Object.values(self.producers).find((p) => p.kind === kind && !p.paused);
  const video = sending('video');
  const audio = sending('audio');
  return groupsFor(self).map(({ group, as }) => ({
    group,
    name: as.role === 'facilitator' ? self.displayName : publicName(state, self),
    video: video && audienceAllows(policy.video, as, self) ? seenVideo(video.masking) : 'none',
    audio: audio && audienceAllows(policy.audio, as, self) ? seenVoice(audio.masking) : 'none',
  }));
}

function seenVideo(masking: ProducerMasking): SeenBy['video'] {
  if (masking === 'off') return 'clear';
  return isVideoMask(masking) ? masking : 'none';
}

function seenVoice(masking: ProducerMasking): SeenBy['audio'] {
  if (masking === 'off') return 'clear';
  return isVoiceMask(masking) ? masking : 'none';
}
