// What a new staff password must be: the server's rule (12 to 200 characters), checked before sending.

/** The server's rule (12 to 200 characters). */
export const MIN_PASSWORD = 12;

/** What is wrong with the new password, or null. Pure, for unit tests. */
export function passwordProblem(current: string, next: string, repeat: string): string | null {
  if (next.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters. A few words you will remember work well.`;
  if (next.length > 200) return 'Use at most 200 characters.';
  if (next === current) return 'Choose a password different from the current one.';
  if (next !== repeat) return 'The two new passwords are not the same.';
  return null;
}
