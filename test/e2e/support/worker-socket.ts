// Holds back one answer on a page's signalling WebSocket, so a test can put a server event (the
// worker dying) exactly while the page waits for it. Frames are socket.io over engine.io text:
// a request is `42<id>["name",payload]`, its answer `43<id>[ack]`, a notification `42["name",payload]`.
import type { BrowserContext } from 'playwright-core';

export interface HeldAnswer {
  /** Resolves with the held answer's text once the page's first `request` was answered (and held). */
  readonly held: Promise<string>;
  /** Resolves when a `notification` from the server has been passed on to the page. */
  readonly notified: Promise<void>;
  /** Passes the held answer on to the page. */
  release(): void;
}

/**
 * Routes the context's socket.io WebSocket through the test: everything is forwarded as it is,
 * except the answer to the page's first `request`, which waits for release(). Install before the
 * page opens the socket.
 */
export async function holdFirstAnswer(context: BrowserContext, request: string, notification: string): Promise<HeldAnswer> {
  let onHeld!: (text: string) => void;
  let onNotified!: () => void;
  const held = new Promise<string>((resolve) => (onHeld = resolve));
  const notified = new Promise<void>((resolve) => (onNotified = resolve));
  let releaseHeld: (() => void) | null = null;
  let released = false;
  let ackId: string | null = null;
  let done = false;

  await context.routeWebSocket(/\/socket\.io\//, (page) => {
    const server = page.connectToServer();
    page.onMessage((message) => {
      if (typeof message === 'string' && ackId === null && !done) {
        const match = new RegExp(`^42(\\d+)\\["${request.replace('.', '\\.')}"`).exec(message);
        if (match) ackId = match[1]!;
      }
      server.send(message);
    });
    server.onMessage((message) => {
      if (typeof message === 'string' && ackId !== null && !done && message.startsWith(`43${ackId}[`)) {
        done = true;
        releaseHeld = () => page.send(message);
        if (released) releaseHeld();
        onHeld(message);
        return;
      }
      page.send(message);
      if (typeof message === 'string' && message.startsWith(`42["${notification}"`)) onNotified();
    });
  });

  return {
    held,
    notified,
    release() {
      if (released) return;
      released = true;
      releaseHeld?.();
    },
  };
}
