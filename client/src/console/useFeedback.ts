// The console's two voices: polite announcements of what happened ("Alex moved to Main room") for
// screen readers, and the latest failure, shown until the facilitator dismisses it.
import { useCallback, useMemo, useRef, useState } from 'react';

export interface FeedbackMessage {
  /** Changes with every message, so a repeated text is announced again. */
  readonly id: number;
  readonly text: string;
}

export interface Feedback {
  readonly announcement: FeedbackMessage | null;
  readonly failure: FeedbackMessage | null;
  announce(text: string): void;
  fail(text: string): void;
  dismissFailure(): void;
}

export function useFeedback(): Feedback {
  const counter = useRef(0);
  const [announcement, setAnnouncement] = useState<FeedbackMessage | null>(null);
  const [failure, setFailure] = useState<FeedbackMessage | null>(null);
  const announce = useCallback((text: string) => setAnnouncement({ id: ++counter.current, text }), []);
  const fail = useCallback((text: string) => setFailure({ id: ++counter.current, text }), []);
  const dismissFailure = useCallback(() => setFailure(null), []);
  return useMemo(
    () => ({ announcement, failure, announce, fail, dismissFailure }),
    [announcement, failure, announce, fail, dismissFailure],
  );
}
