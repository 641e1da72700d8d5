// What to tell a person when a messages request fails. The server's message is plain language
// for the message codes (api.md), so it is shown as it is; other failures get the staff pages'
// wording, except that a party has no account to sign in to.
import { ApiError } from '../staff/api.ts';
import { errorText, sentence } from '../staff/errorText.ts';

/** Codes whose server message says exactly what is wrong (api.md, "Messages API"). */
export const MESSAGE_CODES = ['CONSENT_REQUIRED', 'NOT_MEDIA', 'WRONG_KIND', 'BAD_RANGE', 'TOO_LARGE', 'TOO_LONG', 'PLAYBACK_REFUSED', 'INVALID_STATE'] as const;

export function messageErrorText(error: unknown, viewer: 'party' | 'staff'): string {
  if (error instanceof ApiError) {
    if ((MESSAGE_CODES as readonly string[]).includes(error.serverCode) && error.message.trim() !== '') return sentence(error.message);
    if (viewer === 'party' && error.code === 'UNAUTHENTICATED') return 'This link no longer opens your messages. Please ask your facilitator for a new link.';
    if (viewer === 'party' && error.code === 'PERMISSION_DENIED' && error.message.trim() !== '') return sentence(error.message);
  }
  if (error instanceof Error && error.name === 'UploadFailure') return error.message;
  return errorText(error);
}
