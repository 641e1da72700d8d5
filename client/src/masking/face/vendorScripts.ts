// Loading the legacy MediaPipe solutions from our own origin (/vendor/mediapipe/..., served and
// built by client/vendorAssets.ts): classic <script> tags, loaded once, and model initialisation
// run one at a time because both solutions pass their wasm factory through the same globals.

/** URL of a vendored MediaPipe file, e.g. vendorUrl('face_detection', 'face_detection.js'). */
export function vendorUrl(dir: string, file: string): string {
  // Vite's base URL; typed loosely so this file also compiles outside Vite's client types.
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base}vendor/mediapipe/${dir}/${file}`;
}

const loadedScripts = new Map<string, Promise<void>>();

/** Adds a classic script tag once per URL; resolves when it has run. */
export function loadScript(url: string): Promise<void> {
  let loading = loadedScripts.get(url);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.crossOrigin = 'anonymous';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(script);
    });
    loadedScripts.set(url, loading);
    // A failed load may be retried by a later pipeline.
    loading.catch(() => loadedScripts.delete(url));
  }
  return loading;
}

let initQueue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every earlier one has settled (solution initialisation shares window globals). */
export function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = initQueue.then(task, task);
  initQueue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/** A global the vendored script defined, or an error naming it. */
export function vendorGlobal<T>(name: string): T {
  const value = (globalThis as unknown as Record<string, unknown>)[name];
  if (typeof value !== 'function') throw new Error(`${name} is not defined; did the vendored script load?`);
  return value as T;
}
