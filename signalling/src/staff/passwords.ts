// Password and PIN hashing with argon2id, and generated secrets people can type.
import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { z } from 'zod';

/** What a staff password must look like. Long beats complex: at least 12 characters. */
export const Password = z.string().min(12, 'use at least 12 characters').max(200);

/**
 * argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 40 ms here, so logins
 * and PIN checks stay quick on a small server. verify() reads the parameters from each hash, so
 * they can be raised later without invalidating stored hashes.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSecret(secret: string): Promise<string> {
  return argon2.hash(secret, ARGON2_OPTIONS);
}

/** Whether `secret` matches `hash`; a malformed hash counts as no match. */
export async function verifySecret(hash: string, secret: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, secret);
  } catch (err) {
    if (err instanceof TypeError) return false; // not an argon2 hash string
    throw err;
  }
}

// A real hash of a random secret, verified against for unknown accounts so that a login for an
// email that does not exist takes as long as one that does.
let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real verification, and always fails. */
export async function verifyNothing(secret: string): Promise<false> {
  dummyHash ??= hashSecret(generatePassword());
  await verifySecret(await dummyHash, secret);
  return false;
}

// No 0/O, 1/l/I: generated passwords are read off a screen and typed.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of four groups of five characters (~117 bits), e.g. `h7Qm2-x9Kpa-...`. */
export function generatePassword(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return groups.join('-');
}

/** A random 6-digit PIN, leading zeros kept. */
export function generatePin(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}
