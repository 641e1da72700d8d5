// What a dragged participant card carries. Only a private MIME type is set (no text/plain), so a
// card dropped on a text field never pastes anything.
export const PARTICIPANT_MIME = 'application/x-common-ground-participant';

/** The parts of DataTransfer we use (so tests can pass a plain object). */
export interface DragCarrier {
  readonly types: readonly string[];
  setData(format: string, data: string): void;
  getData(format: string): string;
}

export function writeParticipant(carrier: DragCarrier, participantId: string): void {
  carrier.setData(PARTICIPANT_MIME, participantId);
}

/** Whether a drag carries a participant card (readable during dragover, unlike the data). */
export function carriesParticipant(types: readonly string[]): boolean {
  return types.includes(PARTICIPANT_MIME);
}

/** The dragged participant's id, or null for anything else (files, text, links). */
export function readParticipant(carrier: DragCarrier): string | null {
  if (!carriesParticipant(carrier.types)) return null;
  const id = carrier.getData(PARTICIPANT_MIME).trim();
  return id === '' ? null : id;
}
