// The facilitator sets one person's anonymity: the name others see, whether their voice must be
// disguised, whether their camera may be used (and only masked), and who may see and hear them.
// The server enforces every field; this dialog only collects it.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { MaskingPolicy, MediaAudience, type Role, type Side } from '@common-ground/signalling/protocol';
import { AUDIENCE_LABELS } from '../masking/maskLabels.ts';
import '../masking/masking.css';

export interface PolicySubject {
  readonly participantId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly side: Side | null;
  readonly policy: MaskingPolicy;
}

interface PolicyDialogProps {
  subject: PolicySubject;
  onSave: (policy: MaskingPolicy) => void;
  onClose: () => void;
}

const VOICE_CHOICES: Record<MaskingPolicy['voice'], string> = { any: 'Their choice', masked: 'Must be disguised' };
const CAMERA_CHOICES: Record<MaskingPolicy['camera'], string> = { any: 'Their choice', masked: 'Only with their face hidden', off: 'Not used at all' };

export function PolicyDialog({ subject, onSave, onClose }: PolicyDialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<MaskingPolicy>(subject.policy);
  const [pseudonym, setPseudonym] = useState(subject.policy.pseudonym ?? '');
  const ids = { title: useId(), pseudonym: useId(), voice: useId(), camera: useId(), video: useId(), audio: useId() };

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const parsed = MaskingPolicy.safeParse({ ...draft, pseudonym: pseudonym.trim() === '' ? null : pseudonym.trim() });
    if (!parsed.success) return;
    onClose();
    onSave(parsed.data);
  };

  const choose = <K extends keyof MaskingPolicy>(key: K, value: MaskingPolicy[K]): void => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <dialog
      ref={ref}
      className="console-dialog"
      aria-labelledby={ids.title}
      data-testid="policy-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={ids.title} className="console-dialog__title">
        Privacy for {subject.displayName}
      </h2>
      <form className="policy-form" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor={ids.pseudonym}>
            Name others see (leave empty to use “{subject.displayName}”)
          </label>
          <input id={ids.pseudonym} className="field__control" data-testid="policy-pseudonym" maxLength={40} value={pseudonym} onChange={(e) => setPseudonym(e.target.value)} />
        </div>
        <Choice id={ids.voice} label="Voice" testId="policy-voice" value={draft.voice} labels={VOICE_CHOICES} onChange={(v) => choose('voice', v)} />
        <Choice id={ids.camera} label="Camera" testId="policy-camera" value={draft.camera} labels={CAMERA_CHOICES} onChange={(v) => choose('camera', v)} />
        <Choice id={ids.video} label="Who may see their video" testId="policy-video" value={draft.video} labels={AUDIENCE_LABELS} onChange={(v) => choose('video', MediaAudience.parse(v))} />
        <Choice id={ids.audio} label="Who may hear them" testId="policy-audio" value={draft.audio} labels={AUDIENCE_LABELS} onChange={(v) => choose('audio', MediaAudience.parse(v))} />
        <p className="field__hint">Changes apply at once. Facilitators always see their real name and receive their media.</p>
        <div className="console-dialog__actions">
          <button type="button" className="console-button" data-testid="policy-cancel" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="console-button console-button--primary" data-testid="policy-save">
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}

function Choice<V extends string>(props: { id: string; label: string; testId: string; value: V; labels: Record<V, string>; onChange: (value: V) => void }): ReactElement {
  const { id, label, testId, value, labels, onChange } = props;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field__control" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {(Object.keys(labels) as V[]).map((v) => (
          <option key={v} value={v}>
            {labels[v]}
          </option>
        ))}
      </select>
    </div>
  );
}
