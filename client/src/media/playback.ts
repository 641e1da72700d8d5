// Starting playback of a media element, with the one expected failure told apart from real ones.

/** Call play(); an AbortError (a newer srcObject replaced this one) is expected and only logged at debug. */
export function startPlayback(element: HTMLMediaElement, context: Record<string, unknown>): void {
  element.play().catch((err: unknown) => {
    if (err instanceof DOMException && err.name === 'AbortError') {
      console.debug('[playback] play() superseded by a newer source', context);
      return;
    }
    console.error('[playback] play() failed', { ...context, err });
  });
}
