// Initials in a circle, shown when a tile has no video.
import type { ReactElement } from 'react';

/** Up to two initials: first and last word, emoji-safe. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letter = (word: string): string => (Array.from(word)[0] ?? '').toUpperCase();
  return letter(first) + (last ? letter(last) : '');
}

/** A calm hue picked from the name, so the same person keeps the same colour. */
function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

export function Avatar({ name, size = 'large' }: { name: string; size?: 'large' | 'small' }): ReactElement {
  return (
    <div className={`avatar avatar--${size}`} style={{ ['--avatar-hue' as string]: hue(name) }} aria-hidden="true">
      {initials(name)}
    </div>
  );
}
