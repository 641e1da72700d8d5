// Pure geometry of the masks: a detector's normalised face box padded and clamped to a pixel
// rectangle, and the coarse block grids used to pixelate a face or the whole frame.

/** A face box as the detector reports it, normalised to 0..1 of the frame. */
export interface NormalizedBox {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
}

/** An integer pixel rectangle inside the frame. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Grid {
  cols: number;
  rows: number;
}

/** Padding added on every side of a face box, as a fraction of the box's width / height (≥ 0.25). */
export const FACE_PADDING = 0.35;
/** Blocks across a masked face: at most 4 (see BROWSER-MEDIA-OFFLINE.md: 4 blocks defeat both detectors). */
export const FACE_BLOCKS_ACROSS = 4;
/** Blocks across the whole frame for the frame-blur / fail-closed mask (smoothed when drawn). */
export const FRAME_BLOCKS_ACROSS = 6;

/** The padded face box in pixels, clamped to the frame and rounded outward; null if nothing is left. */
export function faceRect(box: NormalizedBox, frameWidth: number, frameHeight: number, padding = FACE_PADDING): PixelRect | null {
  const values = [box.xCenter, box.yCenter, box.width, box.height];
  if (!values.every(Number.isFinite) || box.width <= 0 || box.height <= 0) return null;
  const halfW = (box.width / 2 + box.width * padding) * frameWidth;
  const halfH = (box.height / 2 + box.height * padding) * frameHeight;
  const cx = box.xCenter * frameWidth;
  const cy = box.yCenter * frameHeight;
  const x0 = Math.max(0, Math.floor(cx - halfW));
  const y0 = Math.max(0, Math.floor(cy - halfH));
  const x1 = Math.min(frameWidth, Math.ceil(cx + halfW));
  const y1 = Math.min(frameHeight, Math.ceil(cy + halfH));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Square-ish blocks with at most `maxAcross` blocks across the rectangle's wider side. */
export function blockGrid(width: number, height: number, maxAcross: number): Grid {
  const across = Math.max(1, Math.floor(maxAcross));
  if (width >= height) return { cols: across, rows: Math.max(1, Math.floor((across * height) / width)) };
  return { cols: Math.max(1, Math.floor((across * width) / height)), rows: across };
}

/** The grid that pixelates one padded face. */
export function faceGrid(rect: PixelRect): Grid {
  return blockGrid(rect.width, rect.height, FACE_BLOCKS_ACROSS);
}

/** The grid that pixelates the whole frame. */
export function frameGrid(frameWidth: number, frameHeight: number): Grid {
  return blockGrid(frameWidth, frameHeight, FRAME_BLOCKS_ACROSS);
}

/** The face rectangles of one frame: every detection, padded; none are dropped for low scores. */
export function faceRects(boxes: readonly NormalizedBox[], frameWidth: number, frameHeight: number): PixelRect[] {
  return boxes.map((box) => faceRect(box, frameWidth, frameHeight)).filter((rect): rect is PixelRect => rect !== null);
}
