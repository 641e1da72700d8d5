// Free text that people type into the live meeting (names, room names, chat): trimmed, bounded,
// and without control characters, which nobody types and the database cannot always store
// (PostgreSQL refuses NUL in text and JSON).
import { z } from 'zod';

/** C0 controls and DEL. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, but tabs and line breaks are allowed. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line of 1..max characters: a name. */
export const singleLine = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !CONTROL.test(s), 'must not contain control characters');

/** 1..max characters that may span lines: a chat message. */
export const multiLine = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !CONTROL_BUT_LINES.test(s), 'must not contain control characters');
