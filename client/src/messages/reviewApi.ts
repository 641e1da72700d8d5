// The messages API as a facilitator calls it, with their staff session (api.md, "Staff").
import { z } from 'zod';
import { MessageView, PlaybackGrant } from '@common-ground/signalling/protocol';
import { apiRequest } from '../staff/api.ts';

/** GET /api/cases/:caseId/messages: every message and version of the case. */
export const CaseMessages = z.object({ messages: z.array(MessageView) });
export type CaseMessages = z.infer<typeof CaseMessages>;

const Retention = z.object({ days: z.number().int() });

const enc = encodeURIComponent;
const base = (caseId: string, messageId: string) => `/api/cases/${enc(caseId)}/messages/${enc(messageId)}`;

export const caseMessages = (caseId: string) => apiRequest(`/api/cases/${enc(caseId)}/messages`, { schema: CaseMessages });
export const approveMessage = (caseId: string, messageId: string) => apiRequest(`${base(caseId, messageId)}/approve`, { method: 'POST', body: {}, schema: MessageView });
export const rejectMessage = (caseId: string, messageId: string, reason: string) =>
  apiRequest(`${base(caseId, messageId)}/reject`, { method: 'POST', body: { reason }, schema: MessageView });
export const requestChanges = (caseId: string, messageId: string, note: string) =>
  apiRequest(`${base(caseId, messageId)}/request-changes`, { method: 'POST', body: { note }, schema: MessageView });
export const trimMessage = (caseId: string, messageId: string, startSeconds: number, endSeconds: number) =>
  apiRequest(`${base(caseId, messageId)}/trim`, { method: 'POST', body: { startSeconds, endSeconds }, schema: MessageView });
export const redactMessage = (caseId: string, messageId: string, text: string) =>
  apiRequest(`${base(caseId, messageId)}/redact`, { method: 'POST', body: { text }, schema: MessageView });
export const reviewPlayback = (caseId: string, messageId: string, version: number | null) =>
  apiRequest(`${base(caseId, messageId)}/playback`, { method: 'POST', body: version === null ? {} : { version }, schema: PlaybackGrant });
export const setRetention = (caseId: string, days: number) =>
  apiRequest(`/api/cases/${enc(caseId)}/message-retention`, { method: 'PUT', body: { days }, schema: Retention }).then((a) => a.days);
export const getRetention = (caseId: string) =>
  apiRequest(`/api/cases/${enc(caseId)}/message-retention`, { schema: z.object({ days: z.number().int().nullable() }) }).then((a) => a.days);
