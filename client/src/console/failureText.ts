// Turns a failed facilitator action into one calm sentence for the alert region. Server messages
// are already written for people; client-side failures get their own words.
import { RequestError } from '../media/request.ts';

/** Client-side failure codes, in words. Protocol codes use the server's message. */
const CLIENT_REASONS: Partial<Record<RequestError['code'], string>> = {
  DISCONNECTED: 'you are offline at the moment; try again once the connection is back',
  TIMEOUT: 'the server did not answer in time; please try again',
  INVALID_RESPONSE: 'the server sent an answer we could not read; please try again',
  INTERNAL: 'something went wrong on the server; please try again',
  MEETING_ENDED: 'the meeting has ended',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "Could not move Alex: Alex can only wait in their own side's waiting room." */
export function failureText(action: string, err: unknown): string {
  if (err instanceof RequestError) {
    const reason = CLIENT_REASONS[err.code] ?? (err.message.trim() || err.code);
    return sentence(`Could not ${action}: ${reason}`);
  }
  return sentence(`Could not ${action}: something unexpected went wrong; please try again`);
}
