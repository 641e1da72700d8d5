// A button that is "disabled" with aria-disabled instead of the disabled attribute: it stays
// focusable, so a button that becomes unavailable after being pressed (Mute, Admit…) does not
// throw keyboard focus back to the top of the page. Clicks are ignored while unavailable.
import type { ButtonHTMLAttributes, ReactElement, ReactNode } from 'react';

interface SoftButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled' | 'type'> {
  unavailable?: boolean;
  testId: string;
  children: ReactNode;
}

export function SoftButton({ unavailable = false, testId, onClick, children, ...rest }: SoftButtonProps): ReactElement {
  return (
    <button
      {...rest}
      type="button"
      data-testid={testId}
      aria-disabled={unavailable || undefined}
      onClick={(event) => {
        if (!unavailable) onClick?.(event);
      }}
    >
      {children}
    </button>
  );
}
