// Values that global-setup.ts provides to every e2e test through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** playwright-core endpoint of the one Chromium shared by all e2e tests. */
    browserWsEndpoint: string;
    /** Base URL of the app server under test, e.g. http://127.0.0.1:43121. */
    appUrl: string;
    /** Base URL of the test-only control server (see control-server.ts). */
    controlUrl: string;
  }
}

export {};
