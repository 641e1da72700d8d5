// The two models, loaded from /vendor/mediapipe/...: the legacy face detector (model 'short', CPU
// inference) for face-blur, and selfie segmentation for silhouette. Each is warmed up with a blank
// frame before it counts as ready, so the first real frame is not spent loading the graph.
import type { FaceDetection, Options as FaceDetectionOptions, Results as FaceResults } from '@mediapipe/face_detection';
import type { Options as SegmentationOptions, Results as SegmentationResults, SelfieSegmentation } from '@mediapipe/selfie_segmentation';
import type { NormalizedBox } from './geometry.ts';
import { SolutionRunner, type LegacySolution } from './solutionRunner.ts';
import { loadScript, oneAtATime, vendorGlobal, vendorUrl } from './vendorScripts.ts';

export type FaceDetector = SolutionRunner<FaceResults, NormalizedBox[]>;
export type Segmenter = SolutionRunner<SegmentationResults, true>;

/** Options the legacy solutions read but their .d.ts omit. Never set minDetectionConfidence (it aborts the graph). */
type LegacyFaceOptions = FaceDetectionOptions & { useCpuInference: boolean };
type LegacySegmentationOptions = SegmentationOptions & { useCpuInference: boolean };

function blankFrame(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const ctx = canvas.getContext('2d');
  if (ctx) ctx.fillRect(0, 0, 64, 64);
  return canvas;
}

async function warmUp<R>(solution: LegacySolution<R>): Promise<LegacySolution<R>> {
  await solution.send({ image: blankFrame() });
  return solution;
}

async function loadFaceDetection(): Promise<LegacySolution<FaceResults>> {
  await loadScript(vendorUrl('face_detection', 'face_detection.js'));
  const Ctor = vendorGlobal<typeof FaceDetection>('FaceDetection');
  return oneAtATime(async () => {
    const detector = new Ctor({ locateFile: (file) => vendorUrl('face_detection', file) });
    const options: LegacyFaceOptions = { model: 'short', selfieMode: false, useCpuInference: true };
    detector.setOptions(options);
    detector.onResults(() => undefined);
    await detector.initialize();
    return warmUp(detector);
  });
}

async function loadSelfieSegmentation(): Promise<LegacySolution<SegmentationResults>> {
  await loadScript(vendorUrl('selfie_segmentation', 'selfie_segmentation.js'));
  const Ctor = vendorGlobal<typeof SelfieSegmentation>('SelfieSegmentation');
  return oneAtATime(async () => {
    const segmenter = new Ctor({ locateFile: (file) => vendorUrl('selfie_segmentation', file) });
    // 1: the landscape model, made for video calls (and faster). CPU inference: software WebGL is slower.
    const options: LegacySegmentationOptions = { modelSelection: 1, selfieMode: false, useCpuInference: true };
    segmenter.setOptions(options);
    segmenter.onResults(() => undefined);
    await segmenter.initialize();
    return warmUp(segmenter);
  });
}

/** Face boxes of one frame, normalised to the frame; every detection, whatever its score. */
export function startFaceDetector(): FaceDetector {
  return new SolutionRunner(loadFaceDetection, (results) =>
    results.detections.map(({ boundingBox: b }) => ({ xCenter: b.xCenter, yCenter: b.yCenter, width: b.width, height: b.height })),
  );
}

/** Selfie segmentation; `draw` renders the mask inside the results callback (where it is valid). */
export function startSegmenter(draw: (mask: CanvasImageSource) => void): Segmenter {
  return new SolutionRunner(loadSelfieSegmentation, (results) => {
    draw(results.segmentationMask);
    return true as const;
  });
}
