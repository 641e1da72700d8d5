// The shared Chromium (launched once in global-setup.ts) and one fresh context per simulated person.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

declare global {
  interface Window {
    /** Every RTCPeerConnection the page created, recorded by the init script below. */
    __pcs?: RTCPeerConnection[];
  }
}

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions thrown in the page, for assertions and failure messages. */
  pageErrors: Error[];
}

/** Connects to the one browser all e2e tests share. Close the returned Browser to disconnect. */
export function connectToSharedBrowser(): Promise<Browser> {
  return chromium.connect(inject('browserWsEndpoint'));
}

/** Runs in the page before any of its scripts: records each RTCPeerConnection into window.__pcs. */
function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  if (!Native || window.__pcs) return;
  const pcs: RTCPeerConnection[] = [];
  window.__pcs = pcs;
  class RecordedPeerConnection extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      pcs.push(this);
    }
  }
  window.RTCPeerConnection = RecordedPeerConnection;
}

/** A small laptop: the default screen of a simulated person. */
export const SMALL_LAPTOP = { width: 1024, height: 720 } as const;
/** A common laptop, e.g. for a facilitator running the console. */
export const LAPTOP = { width: 1440, height: 900 } as const;

/** A new person: their own browser context (cookies, storage, fake camera permission) and page. */
export async function newPerson(browser: Browser, name: string, viewport: { width: number; height: number } = SMALL_LAPTOP): Promise<Person> {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    viewport,
  });
  await context.addInitScript(recordPeerConnections);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  return { name, context, page, pageErrors };
}

/** Closes every person's context; safe to call from afterEach with the people a test made. */
export async function closeAll(people: Person[]): Promise<void> {
  await Promise.all(people.splice(0).map((p) => p.context.close()));
}

/**
 * Registers the hooks of a suite that uses the shared Chromium (call inside `describe`): connect
 * once, close everyone's browser contexts after each test, disconnect at the end.
 */
export function useSharedBrowser(): { readonly browser: Browser; readonly people: Person[] } {
  let browser: Browser | undefined;
  const people: Person[] = [];
  beforeAll(async () => {
    browser = await connectToSharedBrowser();
  });
  afterEach(() => closeAll(people));
  afterAll(() => browser?.close());
  return {
    get browser(): Browser {
      if (!browser) throw new Error('the shared browser is used before beforeAll connected it');
      return browser;
    },
    people,
  };
}
