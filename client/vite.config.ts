// Vite build for the browser client. The shared protocol is a linked workspace package whose
// "exports" point at TypeScript source: Vite treats linked packages as source (not pre-bundled),
// so it compiles them like our own files and no extra option is needed.
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';
import { vendorAssets } from './vendorAssets.ts';

/** The signalling server (express + socket.io) that serves the app in production. */
const SIGNALLING_ORIGIN = 'http://localhost:3000';

// The server refuses browser requests from other origins (ALLOWED_ORIGINS); through the dev proxy
// the page and the server are one site, so the proxy presents the server's own origin.
const proxy: Record<string, ProxyOptions> = {
  '/socket.io': { target: SIGNALLING_ORIGIN, ws: true, changeOrigin: true, headers: { origin: SIGNALLING_ORIGIN } },
  '/api': { target: SIGNALLING_ORIGIN, changeOrigin: true, headers: { origin: SIGNALLING_ORIGIN } },
};

export default defineConfig({
  // vendorAssets: the face-detection and segmentation models and wasm, and ffmpeg.wasm, served from
  // node_modules under /vendor/ in dev and copied into dist/vendor/ on build (never from a CDN).
  plugins: [react(), vendorAssets()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks, so an app change does not re-download the media stack.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // The live meeting's stack only; other packages (tus-js-client, @ffmpeg/ffmpeg: the messages
            // page) stay with the lazily loaded pages that use them, off the join link's first load.
            {
              name: 'media',
              test: /node_modules[\\/](mediasoup-client|socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io|sdp-transform|h264-profile-level-id|awaitqueue|fake-mediastreamtrack|events-alias|debug|ms|supports-color)[\\/]/,
            },
          ],
        },
      },
    },
  },
  // @ffmpeg/ffmpeg starts its worker from a URL relative to its own module; pre-bundling would move
  // the module away from worker.js (we pass our vendored worker's URL anyway, see vendorAssets.ts).
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
  server: { proxy },
  preview: { proxy },
});
