// Drawing the output frames. Camera pixels only ever reach the `work` canvas (which the detector
// reads and which is never captured); the captured `output` canvas only receives finished masked
// composites in a single drawImage, or flat fills. So no capture, whenever it happens, can see an
// unmasked face.
import { faceGrid, frameGrid, type PixelRect } from './geometry.ts';

/** Flat colours: the fail-closed solid frame, and the silhouette's background and figure. */
export const MASK_COLOURS = { solid: '#2e3440', background: '#3b4252', figure: '#88c0d0' } as const;

function canvas2d(width: number, height: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: true });
  if (!ctx) throw new Error('no 2D canvas context');
  return { canvas, ctx };
}

export class FramePainter {
  /** The captured canvas: masked composites only. */
  readonly output: HTMLCanvasElement;
  /** The raw frame, as given to the detector / segmenter, then composited with face masks. */
  readonly work: HTMLCanvasElement;
  readonly width: number;
  readonly height: number;
  /** Context of `output`. */
  readonly #out: CanvasRenderingContext2D;
  /** Context of `work`. */
  readonly #work: CanvasRenderingContext2D;
  /** A few pixels: one per block of a pixelated face or frame. */
  readonly #tiny: ReturnType<typeof canvas2d>;
  /** The silhouette (figure colour, mask as alpha), rendered inside the segmenter's callback. */
  readonly #figure: ReturnType<typeof canvas2d>;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    const out = canvas2d(width, height);
    this.output = out.canvas;
    this.#out = out.ctx;
    const work = canvas2d(width, height);
    this.work = work.canvas;
    this.#work = work.ctx;
    this.#tiny = canvas2d(8, 8);
    this.#figure = canvas2d(width, height);
  }

  /** A flat colour, no camera pixels. */
  paintSolid(): void {
    this.#out.fillStyle = MASK_COLOURS.solid;
    this.#out.fillRect(0, 0, this.width, this.height);
  }

  /** The whole frame reduced to a few blocks, then smoothly enlarged: no face at any size survives. */
  paintPixelated(frame: CanvasImageSource): void {
    const { cols, rows } = frameGrid(this.width, this.height);
    const tiny = this.#shrink(frame, null, cols, rows);
    this.#out.imageSmoothingEnabled = true;
    this.#out.imageSmoothingQuality = 'high';
    this.#out.drawImage(tiny, 0, 0, cols, rows, 0, 0, this.width, this.height);
  }

  /** Copies a frame into the work canvas (scaled to the output size) for analysis. */
  loadWork(frame: CanvasImageSource): void {
    this.#work.globalCompositeOperation = 'copy';
    this.#work.drawImage(frame, 0, 0, this.width, this.height);
    this.#work.globalCompositeOperation = 'source-over';
  }

  /** The work frame with each rectangle pixelated to at most 4 blocks across, then output at once. */
  paintFaces(rects: readonly PixelRect[]): void {
    this.#work.imageSmoothingEnabled = false;
    for (const rect of rects) {
      const { cols, rows } = faceGrid(rect);
      const tiny = this.#shrink(this.work, rect, cols, rows);
      this.#work.drawImage(tiny, 0, 0, cols, rows, rect.x, rect.y, rect.width, rect.height);
    }
    this.#out.drawImage(this.work, 0, 0);
  }

  /** Renders a segmentation mask as a flat figure (call inside the segmenter's results callback). */
  renderFigure(mask: CanvasImageSource): void {
    const ctx = this.#figure.ctx;
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(mask, 0, 0, this.width, this.height);
    // Keep only the mask's alpha: whatever colour it carries is replaced by the flat figure colour.
    ctx.globalCompositeOperation = 'source-in';
    ctx.fillStyle = MASK_COLOURS.figure;
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.globalCompositeOperation = 'source-over';
  }

  /** The last rendered figure on a flat background. */
  paintSilhouette(): void {
    this.#out.fillStyle = MASK_COLOURS.background;
    this.#out.fillRect(0, 0, this.width, this.height);
    this.#out.drawImage(this.#figure.canvas, 0, 0);
  }

  /** Draws a region of `source` (the whole of it if `rect` is null) into cols x rows pixels. */
  #shrink(source: CanvasImageSource, rect: PixelRect | null, cols: number, rows: number): HTMLCanvasElement {
    const { canvas, ctx } = this.#tiny;
    if (canvas.width < cols) canvas.width = cols;
    if (canvas.height < rows) canvas.height = rows;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.globalCompositeOperation = 'copy';
    if (rect) ctx.drawImage(source, rect.x, rect.y, rect.width, rect.height, 0, 0, cols, rows);
    else ctx.drawImage(source, 0, 0, cols, rows);
    ctx.globalCompositeOperation = 'source-over';
    return canvas;
  }
}
