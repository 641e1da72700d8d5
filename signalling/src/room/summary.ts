// How many people a meeting has right now, as staff dashboards show it: counts only, no names.
import type { RoomState } from './state.ts';

export interface PresenceSummary {
  /** People connected (not those whose connection dropped and who are within their grace window). */
  connected: number;
  /** Of those, how many are in a waiting room. */
  waiting: number;
  ended: boolean;
}

export function presenceSummary(state: RoomState): PresenceSummary {
  let connected = 0;
  let waiting = 0;
  for (const p of Object.values(state.participants)) {
    if (!p.connected) continue;
    connected += 1;
    if (state.rooms[p.roomId]?.kind === 'waiting') waiting += 1;
  }
  return { connected, waiting, ended: state.ended };
}

/** True when nobody is in the live session, not even within a reconnect grace window. */
export function isEmpty(state: RoomState): boolean {
  return Object.keys(state.participants).length === 0;
}
