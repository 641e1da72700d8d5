// Always on screen for a participant: what each group in the meeting receives of them right now
// (the server's own account, from the view), and a way to change their masks.
import { useId, useState, type ReactElement } from 'react';
import type { SeenBy } from '@common-ground/signalling/protocol';
import type { MaskedMedia } from './maskedMedia.ts';
import { MaskingControls } from './MaskingControls.tsx';
import { seenByText } from './maskLabels.ts';
import './masking.css';

export function PrivacyStatus({ seenBy, maskedMedia }: { seenBy: readonly SeenBy[]; maskedMedia: MaskedMedia }): ReactElement {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <section className="privacy" aria-label="What others receive of you" data-testid="privacy-status">
      <span className="privacy__title">Your privacy</span>
      {seenBy.map((s) => {
        const { lead, detail } = seenByText(s);
        return (
          <span key={s.group} className="privacy__item" data-testid={`privacy-seen-${s.group}`}>
            <b>{lead}:</b> {detail}
          </span>
        );
      })}
      <button
        type="button"
        className="button button--secondary privacy__change"
        data-testid="privacy-change"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Done' : 'Voice and face masks'}
      </button>
      {open && (
        <div id={panelId} className="privacy__panel">
          <MaskingControls maskedMedia={maskedMedia} />
        </div>
      )}
    </section>
  );
}
