// A modal confirmation for actions that cannot be undone (remove someone, end the meeting).
// Native <dialog>: focus stays inside, Escape cancels, and the safe answer has focus first.
import { useEffect, useRef, type ReactElement } from 'react';

export interface ConfirmRequest {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
}

interface ConfirmDialogProps {
  request: ConfirmRequest;
  onClose: () => void;
}

export function ConfirmDialog({ request, onClose }: ConfirmDialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // Return focus to whatever opened the dialog, if it is still on the page.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const confirm = (): void => {
    onClose();
    request.onConfirm();
  };

  return (
    <dialog
      ref={ref}
      className="console-dialog"
      aria-labelledby="console-dialog-title"
      aria-describedby="console-dialog-message"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="console-dialog-title" className="console-dialog__title">
        {request.title}
      </h2>
      <p id="console-dialog-message">{request.message}</p>
      <div className="console-dialog__actions">
        <button type="button" className="button button--secondary" data-testid="confirm-no" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" data-testid="confirm-yes" onClick={confirm}>
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
