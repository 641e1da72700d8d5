// Lets a participant card on the facilitator's board reach the meeting's recordings without
// threading them through every board component.
import { createContext } from 'react';
import type { RecordingInfo } from '@common-ground/signalling/protocol';
import type { RoomClient } from '../media/RoomClient.ts';

export interface RecordingContextValue {
  /** Every recording and request in the meeting (a facilitator's view). */
  readonly recordings: readonly RecordingInfo[];
  readonly request: RoomClient['request'];
}

export const RecordingContext = createContext<RecordingContextValue | null>(null);
