// One row of a participant card: the state of their microphone or camera and the facilitator's
// controls for it (mute, hard mute, allow, ask to unmute), as decided by cardControls.
import type { ReactElement } from 'react';
import type { BoardCard, MediaKind } from '@common-ground/signalling/protocol';
import { deviceOf, mediaStatus, mediaTone } from './cardLabels.ts';
import type { KindControls } from './cardControls.ts';
import { SoftButton } from './SoftButton.tsx';
import type { ConsoleActions } from './useConsoleActions.ts';

interface CardMediaControlsProps {
  card: BoardCard;
  kind: MediaKind;
  controls: KindControls;
  actions: ConsoleActions;
}

interface ControlButton {
  readonly key: keyof KindControls;
  readonly testId: string;
  readonly text: string;
  readonly title: string;
  readonly onClick: () => void;
}

export function CardMediaControls({ card, kind, controls, actions }: CardMediaControlsProps): ReactElement {
  const status = mediaStatus(kind, card[kind], card.hardMuted[kind]);
  const busy = actions.busy(`media:${card.participantId}:${kind}`);
  const buttons: ControlButton[] = [
    { key: 'mute', testId: `card-mute-${kind}`, text: 'Mute', title: 'Mute now; they can unmute themselves', onClick: () => actions.mute(card, kind, false) },
    { key: 'hardMute', testId: `card-hard-mute-${kind}`, text: 'Hard mute', title: 'Mute and keep muted until you allow it', onClick: () => actions.mute(card, kind, true) },
    { key: 'allow', testId: `card-allow-${kind}`, text: 'Allow', title: 'Let them unmute themselves again', onClick: () => actions.allowUnmute(card, kind) },
    {
      key: 'ask',
      testId: `card-ask-unmute-${kind}`,
      text: kind === 'audio' ? 'Ask to unmute' : 'Ask to turn on',
      title: 'Ask them; they choose',
      onClick: () => actions.askUnmute(card, kind),
    },
  ];
  const visible = buttons.filter((b) => controls[b.key] !== 'hidden');

  return (
    <div className="console-media" role="group" aria-label={`${deviceOf(card.displayName, kind)}: ${status}`}>
      <span className={`console-media__status console-media__status--${mediaTone(card[kind], card.hardMuted[kind])}`} aria-hidden="true">
        {status}
      </span>
      <div className="console-media__buttons">
        {visible.map((b) => (
          <SoftButton
            key={b.key}
            className={`console-chip${b.key === 'hardMute' ? ' console-chip--strong' : ''}`}
            testId={b.testId}
            title={b.title}
            unavailable={busy || controls[b.key] === 'disabled'}
            onClick={b.onClick}
          >
            {b.text}
          </SoftButton>
        ))}
      </div>
    </div>
  );
}
