// Where ffmpeg.wasm is loaded from: our own origin, under Vite's base (client/vendorAssets.ts serves
// these in dev and copies them into dist/vendor/ffmpeg/ on build). Absolute URLs, because the
// worker resolves the core's URL against its own location.

export interface FfmpegAssetUrls {
  /** @ffmpeg/ffmpeg's module worker. */
  worker: string;
  /** The single-thread core's ESM glue. */
  core: string;
  wasm: string;
}

export function ffmpegAssetUrls(pageUrl: string = document.baseURI): FfmpegAssetUrls {
  // Vite's base URL; typed loosely so this file also compiles outside Vite's client types.
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  const url = (file: string) => new URL(`${base}vendor/ffmpeg/${file}`, pageUrl).href;
  return { worker: url('ffmpeg/worker.js'), core: url('core/ffmpeg-core.js'), wasm: url('core/ffmpeg-core.wasm') };
}
