// Which Common Ground node this client talks to. When several nodes share a meeting load, a node
// may answer "this meeting lives on another node" (WRONG_NODE, with its URL), and a node may
// vanish; then the client reconnects through one of the alternates the last join listed.

/** Consecutive failures to reach a node before trying an alternate. */
const FAILURES_BEFORE_MOVING = 3;
/** Redirects in a row before giving up (two nodes disagreeing must not loop forever). */
const MAX_REDIRECTS = 5;
/** Handshakes refused for a briefly unavailable database, in a row, before giving up (about a minute). */
const MAX_UNAVAILABLE = 15;

export class NodeRoute {
  /** The node's URL, or undefined for this page's origin. */
  #url: string | undefined;
  /** Other live nodes, from the last join. */
  #alternates: string[] = [];
  #failures = 0;
  #redirects = 0;
  #unavailable = 0;

  constructor(url?: string) {
    this.#url = url;
  }

  get url(): string | undefined {
    return this.#url;
  }

  setAlternates(urls: readonly string[]): void {
    this.#alternates = urls.filter((u) => u !== this.#url);
  }

  /** Connected: the route works, counters start again. */
  connected(): void {
    this.#failures = 0;
    this.#redirects = 0;
    this.#unavailable = 0;
  }

  /**
   * The node could not check our link because its database is briefly unavailable. Returns how long
   * to wait before trying again (growing to 5 s), or null once it has gone on too long.
   */
  databaseUnavailable(): number | null {
    this.#unavailable += 1;
    if (this.#unavailable > MAX_UNAVAILABLE) return null;
    return Math.min(1_000 * this.#unavailable, 5_000);
  }

  /**
   * The current node could not be reached. Returns the alternate to move to once enough attempts
   * failed (the current node goes to the back of the list), or null to keep retrying it.
   */
  unreachable(): string | null {
    this.#failures += 1;
    if (this.#failures < FAILURES_BEFORE_MOVING || this.#alternates.length === 0) return null;
    const next = this.#alternates.shift() as string;
    if (this.#url) this.#alternates.push(this.#url);
    this.#url = next;
    this.#failures = 0;
    return next;
  }

  /** The server sent us to `url`. Returns it, or null when redirected too often in a row. */
  redirected(url: string): string | null {
    this.#redirects += 1;
    if (this.#redirects > MAX_REDIRECTS) return null;
    this.#alternates = this.#alternates.filter((u) => u !== url);
    this.#url = url;
    this.#failures = 0;
    return url;
  }
}
