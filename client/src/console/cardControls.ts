// Which controls a participant card offers, as data, so the rules are testable without React.
// They follow the server: facilitators cannot be hard-muted or removed; admitting is only from a
// waiting room; "allow" only exists while a hard mute is in force.
import type { BoardCard, MediaKind, RoomInfo } from '@common-ground/signalling/protocol';

/** hidden: not rendered; disabled: rendered but not usable now; enabled: usable. */
export type ControlState = 'hidden' | 'disabled' | 'enabled';

export interface KindControls {
  readonly mute: ControlState;
  readonly hardMute: ControlState;
  readonly allow: ControlState;
  readonly ask: ControlState;
}

export interface CardControls {
  /** The facilitator's own card: no media controls (the toolbar does that), no remove. */
  readonly isSelf: boolean;
  readonly admit: boolean;
  readonly remove: boolean;
  /** Null when the card gets no media controls. */
  readonly media: { readonly [K in MediaKind]: KindControls } | null;
}

export type ControllableCard = Pick<BoardCard, 'participantId' | 'role' | 'audio' | 'video' | 'hardMuted'>;

export function cardControls(card: ControllableCard, room: Pick<RoomInfo, 'kind'>, selfId: string): CardControls {
  const isSelf = card.participantId === selfId;
  const isFacilitator = card.role === 'facilitator';
  return {
    isSelf,
    admit: room.kind === 'waiting' && !isFacilitator,
    remove: !isSelf && !isFacilitator,
    media: isSelf ? null : { audio: kindControls(card, 'audio'), video: kindControls(card, 'video') },
  };
}

export function kindControls(card: ControllableCard, kind: MediaKind): KindControls {
  const state = card[kind];
  const hard = card.hardMuted[kind];
  const isFacilitator = card.role === 'facilitator';
  return {
    // Muting only does something while they are sending.
    mute: state === 'on' ? 'enabled' : 'disabled',
    // A hard mute also works before they turn it on (it stops them turning it on).
    hardMute: isFacilitator || hard ? 'hidden' : 'enabled',
    allow: hard && !isFacilitator ? 'enabled' : 'hidden',
    // Asking makes sense while it is off or muted; it also lifts a hard mute.
    ask: state === 'on' && !hard ? 'disabled' : 'enabled',
  };
}
