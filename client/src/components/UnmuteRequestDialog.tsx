// A facilitator asks us to unmute (or turn the camera on). The person chooses; nothing changes
// until they do. A modal <dialog>, so focus stays in it; focus starts on "no" and Escape means "no".
import { useEffect, useId, useRef, type ReactElement } from 'react';
import type { MediaKind } from '@common-ground/signalling/protocol';
import './dialog.css';

interface UnmuteRequestDialogProps {
  request: { readonly kind: MediaKind; readonly by: string };
  onAnswer: (accept: boolean) => void;
}

const TEXT: Record<MediaKind, { ask: string; accept: string; decline: string }> = {
  audio: { ask: 'would like you to unmute your microphone.', accept: 'Unmute', decline: 'Stay muted' },
  video: { ask: 'would like you to turn your camera on.', accept: 'Turn camera on', decline: 'Keep camera off' },
};

export function UnmuteRequestDialog({ request, onAnswer }: UnmuteRequestDialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const text = TEXT[request.kind];

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      data-testid="unmute-request"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault(); // Escape: answer "no" ourselves so the state follows
        onAnswer(false);
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {request.kind === 'audio' ? 'Unmute your microphone?' : 'Turn your camera on?'}
      </h2>
      <p id={bodyId} className="dialog__text">
        {request.by} {text.ask} It is your choice.
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--secondary" data-testid="unmute-decline" onClick={() => onAnswer(false)}>
          {text.decline}
        </button>
        <button type="button" className="button button--primary" data-testid="unmute-accept" onClick={() => onAnswer(true)}>
          {text.accept}
        </button>
      </div>
    </dialog>
  );
}
