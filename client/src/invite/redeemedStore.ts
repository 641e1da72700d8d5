// Where a redeemed link's join path is kept for this browser tab (sessionStorage), so a reload of
// the link page goes straight back into the meeting instead of meeting "already used". The key is
// a hash of the code: the code itself is not written down anywhere.

async function keyOf(code: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null; // not a secure context: nothing is stored
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `cg-invite:${hex}`;
}

export async function rememberRedeemed(code: string, joinPath: string): Promise<void> {
  const key = await keyOf(code);
  if (!key) return;
  try {
    sessionStorage.setItem(key, joinPath);
  } catch (err) {
    console.warn('[redeemedStore] sessionStorage is not available', err);
  }
}

export async function recallRedeemed(code: string): Promise<string | null> {
  const key = await keyOf(code);
  if (!key) return null;
  try {
    const path = sessionStorage.getItem(key);
    return path && path.startsWith('/join#') ? path : null;
  } catch (err) {
    console.warn('[redeemedStore] sessionStorage is not available', err);
    return null;
  }
}
