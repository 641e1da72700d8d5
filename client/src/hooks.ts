// React bindings for the stores and meters that live outside components.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { MicLevelMeter } from './media/micLevel.ts';

export interface Store<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The live 0..1 level of a microphone track, or 0 without one. */
export function useMicLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    setLevel(0);
    if (!track) return undefined;
    let meter: MicLevelMeter;
    try {
      meter = new MicLevelMeter(track);
    } catch (err) {
      console.error('[useMicLevel] could not start the level meter', err);
      return undefined;
    }
    const unsubscribe = meter.subscribe(setLevel);
    return () => {
      unsubscribe();
      meter.close();
    };
  }, [track]);
  return level;
}

/** How many of `count` items arrived while the panel showing them was closed. */
export function useUnread(count: number, open: boolean): number {
  const [seen, setSeen] = useState(count);
  useEffect(() => {
    if (open) setSeen(count);
  }, [open, count]);
  return open ? 0 : Math.max(0, count - seen);
}
