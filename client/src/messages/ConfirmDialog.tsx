// A modal question before something that cannot be undone (withdrawing a message). Native
// <dialog>: focus stays inside, Escape cancels, and the safe answer has focus first.
import { useEffect, useId, useRef, type ReactElement } from 'react';

export interface ConfirmRequest {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: () => void }): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`} className="dialog__title">
        {request.title}
      </h2>
      <p id={`${id}-text`} className="dialog__text">
        {request.message}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--secondary" onClick={onClose} autoFocus data-testid="confirm-no">
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          data-testid="confirm-yes"
          onClick={() => {
            onClose();
            request.onConfirm();
          }}
        >
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
