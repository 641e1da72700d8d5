// Face masking geometry: padded face boxes and the coarse block grids (client/src/masking/face/geometry.ts).
import { describe, expect, it } from 'vitest';
import { FACE_PADDING, blockGrid, faceGrid, faceRect, faceRects, frameGrid } from '../../client/src/masking/face/geometry.ts';

describe('faceRect()', () => {
  it('pads the box by at least 25% of its size on every side', () => {
    expect(FACE_PADDING).toBeGreaterThanOrEqual(0.25);
    const rect = faceRect({ xCenter: 0.5, yCenter: 0.5, width: 0.2, height: 0.2 }, 1000, 1000);
    // Box 400..600; padded by ≥ 50 px each side.
    expect(rect).not.toBeNull();
    expect(rect?.x).toBeLessThanOrEqual(350);
    expect(rect?.y).toBeLessThanOrEqual(350);
    expect((rect?.x ?? 0) + (rect?.width ?? 0)).toBeGreaterThanOrEqual(650);
    expect((rect?.y ?? 0) + (rect?.height ?? 0)).toBeGreaterThanOrEqual(650);
  });

  it('pads width and height separately on a non-square frame', () => {
    const rect = faceRect({ xCenter: 0.5, yCenter: 0.5, width: 0.25, height: 0.25 }, 640, 480, 0.25);
    expect(rect).toEqual({ x: 200, y: 150, width: 240, height: 180 });
  });

  it('clamps to the frame and rounds outward', () => {
    const rect = faceRect({ xCenter: 0.05, yCenter: 0.97, width: 0.3, height: 0.3 }, 640, 480);
    expect(rect?.x).toBe(0);
    expect((rect?.y ?? 0) + (rect?.height ?? 0)).toBe(480);
    const fractional = faceRect({ xCenter: 0.5003, yCenter: 0.5003, width: 0.1001, height: 0.1001 }, 640, 480, 0.25);
    expect(Number.isInteger(fractional?.x) && Number.isInteger(fractional?.width)).toBe(true);
  });

  it('returns null for a box entirely outside the frame or with no size', () => {
    expect(faceRect({ xCenter: 2, yCenter: 2, width: 0.1, height: 0.1 }, 640, 480)).toBeNull();
    expect(faceRect({ xCenter: 0.5, yCenter: 0.5, width: 0, height: 0.1 }, 640, 480)).toBeNull();
    expect(faceRect({ xCenter: Number.NaN, yCenter: 0.5, width: 0.1, height: 0.1 }, 640, 480)).toBeNull();
  });
});

describe('block grids', () => {
  it('faceGrid() never has more than 4 blocks across either side', () => {
    for (const [w, h] of [[200, 260], [300, 100], [5, 5], [1, 400], [640, 480]] as const) {
      const grid = faceGrid({ x: 0, y: 0, width: w, height: h });
      expect(Math.max(grid.cols, grid.rows)).toBeLessThanOrEqual(4);
      expect(Math.min(grid.cols, grid.rows)).toBeGreaterThanOrEqual(1);
    }
  });

  it('blockGrid() keeps blocks about square', () => {
    expect(blockGrid(400, 200, 4)).toEqual({ cols: 4, rows: 2 });
    expect(blockGrid(200, 400, 4)).toEqual({ cols: 2, rows: 4 });
  });

  it('frameGrid() reduces a 640x480 frame to 6x4 blocks', () => {
    expect(frameGrid(640, 480)).toEqual({ cols: 6, rows: 4 });
  });
});

describe('faceRects()', () => {
  it('keeps every detection that lands in the frame', () => {
    const rects = faceRects(
      [
        { xCenter: 0.3, yCenter: 0.5, width: 0.1, height: 0.1 },
        { xCenter: 5, yCenter: 5, width: 0.1, height: 0.1 },
        { xCenter: 0.7, yCenter: 0.5, width: 0.1, height: 0.1 },
      ],
      640,
      480,
    );
    expect(rects).toHaveLength(2);
  });
});
