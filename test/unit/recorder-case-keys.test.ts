import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseKey } from '@common-ground/recorder';

const master = randomBytes(32);

describe('caseKey()', () => {
  it('is a stable 32-byte key for the same master key and case', () => {
    const key = caseKey(master, 'case-a');
    expect(key).toHaveLength(32);
    expect(caseKey(master, 'case-a').equals(key)).toBe(true);
  });

  it('differs per case and per master key', () => {
    const keys = ['case-a', 'case-b', 'case-a ', 'Case-a'].map((id) => caseKey(master, id).toString('hex'));
    keys.push(caseKey(randomBytes(32), 'case-a').toString('hex'));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('matches HKDF-SHA256 with salt = caseId and the message-files info (fixed vector)', () => {
    const fixedMaster = Buffer.alloc(32, 7);
    // Pinned so a change to the derivation (which would orphan every stored file) fails loudly.
    expect(caseKey(fixedMaster, '00000000-0000-4000-8000-000000000001').toString('hex')).toBe(PINNED);
  });

  it('refuses a master key that is not 32 bytes, and an empty case id', () => {
    expect(() => caseKey(randomBytes(16), 'case-a')).toThrow(TypeError);
    expect(() => caseKey(master, '')).toThrow(TypeError);
  });
});

const PINNED = '1fe41f0ac6b24c49d1d8d35460536611722a6841015fe5b6dd48f2da84308f83';
