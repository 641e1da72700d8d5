// Asking for a playback grant and holding it while the player is open.
import { useCallback, useState } from 'react';
import type { PlaybackGrant } from '@common-ground/signalling/protocol';

export type Playback =
  | { readonly status: 'closed' }
  | { readonly status: 'loading' }
  | { readonly status: 'open'; readonly grant: PlaybackGrant; readonly version: number | null }
  | { readonly status: 'error'; readonly error: unknown };

export function usePlayback(request: (version: number | null) => Promise<PlaybackGrant>): { playback: Playback; open: (version?: number | null) => Promise<boolean>; close: () => void } {
  const [playback, setPlayback] = useState<Playback>({ status: 'closed' });
  const open = useCallback(
    async (version: number | null = null): Promise<boolean> => {
      setPlayback({ status: 'loading' });
      try {
        const grant = await request(version);
        setPlayback({ status: 'open', grant, version });
        return true;
      } catch (error) {
        setPlayback({ status: 'error', error });
        return false;
      }
    },
    [request],
  );
  const close = useCallback(() => setPlayback({ status: 'closed' }), []);
  return { playback, open, close };
}
