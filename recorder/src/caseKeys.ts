// Per-case encryption keys. Each case's files are encrypted with a key derived from the service's
// master key: keys are derived on demand and never stored, so the master key is the only secret to
// keep, and a leaked case key exposes one case only.
import { hkdfSync } from 'node:crypto';

/** HKDF `info`: names what the derived key is for, so the same master key can serve other uses safely. */
const INFO = 'common-ground/message-files/v1';
export const KEY_BYTES = 32;

/** The AES-256 key for one case's message files: HKDF-SHA256(masterKey, salt = caseId). */
export function caseKey(masterKey: Buffer, caseId: string): Buffer {
  if (masterKey.length !== KEY_BYTES) {
    throw new TypeError(`master key must be ${KEY_BYTES} bytes, got ${masterKey.length}`);
  }
  if (caseId.length === 0) throw new TypeError('caseId must not be empty');
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(caseId, 'utf8'), INFO, KEY_BYTES));
}
