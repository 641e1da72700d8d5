// The vendored MediaPipe files (client/vendorAssets.ts): every file resolves in node_modules, and
// the face detection glue is rewritten to run without eval under script-src 'self'.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { makeCspSafe, readVendorFile, vendorFiles } from '../../client/vendorAssets.ts';

const CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));

describe('vendorFiles()', () => {
  it('lists the face detection and selfie segmentation files under vendor/mediapipe/<pkg>/', () => {
    const files = [...vendorFiles(CLIENT_DIR).keys()];
    expect(files).toContain('vendor/mediapipe/face_detection/face_detection.js');
    expect(files).toContain('vendor/mediapipe/face_detection/face_detection_short_range.tflite');
    expect(files).toContain('vendor/mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm');
  });
});

describe('makeCspSafe()', () => {
  it('leaves no eval in any served glue script', () => {
    for (const file of vendorFiles(CLIENT_DIR).values()) {
      if (!file.name.endsWith('.js')) continue;
      const text = readVendorFile(file).toString('utf8');
      expect(text, file.name).not.toMatch(/new Function\(|new_\(Function|[^\w.]eval\(/);
    }
  });

  it('refuses a glue script with an eval it does not know', () => {
    expect(() => makeCspSafe('x_wasm_bin.js', Buffer.from('var f=new Function("return 1")'))).toThrow(/still uses eval/);
  });

  it('passes other files through untouched', () => {
    const bytes = Buffer.from('new Function("x")');
    expect(makeCspSafe('model.tflite', bytes)).toBe(bytes);
  });
});
