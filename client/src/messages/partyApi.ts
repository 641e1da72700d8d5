// The messages API as a party calls it, with their join token as the bearer (api.md, "Parties").
// Every answer is checked against the shared protocol's schemas before a page sees it.
import { z } from 'zod';
import {
  ConsentText,
  ConsentView,
  MaskingPolicy,
  MessageView,
  PlaybackGrant,
  type ConsentPurpose,
  type NewMessageInput,
  type NewVersionInput,
} from '@common-ground/signalling/protocol';
import { apiRequest, type Caller } from '../staff/api.ts';

export const MessageLimits = z.object({ maxBytes: z.number(), maxDurationSeconds: z.number() });
export type MessageLimits = z.infer<typeof MessageLimits>;

/** GET /api/me/messages: sent and received together. */
export const PartyMessages = z.object({
  messages: z.array(MessageView),
  limits: MessageLimits,
  otherSide: z.object({ label: z.string() }),
  canSendToOtherSide: z.boolean(),
  /** The facilitator's masking policy for this person, when the server says it: a floor for recordings. */
  policy: MaskingPolicy.optional(),
});
export type PartyMessages = z.infer<typeof PartyMessages>;

const ConsentTexts = z.object({ texts: z.array(ConsentText) });
const Consents = z.object({ consents: z.array(ConsentView) });

const enc = encodeURIComponent;
const party = (token: string): Caller => ({ kind: 'participant', token });

export const consentTexts = () => apiRequest('/api/consent-texts', { schema: ConsentTexts, caller: { kind: 'anyone' } }).then((a) => a.texts);
export const myConsents = (token: string) => apiRequest('/api/me/consents', { schema: Consents, caller: party(token) }).then((a) => a.consents);
export const giveConsent = (token: string, purpose: ConsentPurpose, textVersion: string) =>
  apiRequest('/api/me/consents', { method: 'POST', body: { purpose, textVersion }, schema: ConsentView, caller: party(token) });

export const myMessages = (token: string, signal?: AbortSignal) =>
  apiRequest('/api/me/messages', { schema: PartyMessages, caller: party(token), ...(signal ? { signal } : {}) });
export const sendMessage = (token: string, body: z.input<typeof NewMessageInput>) =>
  apiRequest('/api/me/messages', { method: 'POST', body, schema: MessageView, caller: party(token) });
export const sendVersion = (token: string, messageId: string, body: z.input<typeof NewVersionInput>) =>
  apiRequest(`/api/me/messages/${enc(messageId)}/versions`, { method: 'POST', body, schema: MessageView, caller: party(token) });
export const withdrawMessage = (token: string, messageId: string) =>
  apiRequest(`/api/me/messages/${enc(messageId)}/withdraw`, { method: 'POST', schema: MessageView, caller: party(token) });
export const reportUploadFailed = (token: string, messageId: string, reason: string) =>
  apiRequest(`/api/me/messages/${enc(messageId)}/upload-failed`, { method: 'POST', body: { reason }, schema: MessageView, caller: party(token) });
export const partyPlayback = (token: string, messageId: string) =>
  apiRequest(`/api/me/messages/${enc(messageId)}/playback`, { method: 'POST', body: {}, schema: PlaybackGrant, caller: party(token) });
/** A recipient opens a delivered text message: that is its view (the text comes back with it). */
export const openMessage = (token: string, messageId: string) =>
  apiRequest(`/api/me/messages/${enc(messageId)}/open`, { method: 'POST', body: {}, schema: MessageView, caller: party(token) });
export const withdrawConsent = (token: string, consentId: string) =>
  apiRequest(`/api/me/consents/${enc(consentId)}/withdraw`, { method: 'POST', body: {}, schema: ConsentView, caller: party(token) });
