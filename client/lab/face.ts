// Face masking lab page (client/lab/face.html): opens the camera, runs createFaceMask on it and shows
// both. Tests and benches drive it through window.faceLab; people click the buttons.
import { createFaceMask, type FaceMaskOptions, type FaceMaskPipeline, type FaceMaskStatus, type FaceMode } from '../src/masking/face/index.ts';

export interface FaceLab {
  /** Opens the (fake) camera once; resolves with its track. */
  openCamera(constraints?: MediaTrackConstraints): Promise<MediaStreamTrack>;
  /** The camera track (after openCamera). */
  camera(): MediaStreamTrack;
  /** Closes any running mask and starts a new one on the camera (synchronously: the output is live at once). */
  mask(mode: FaceMode, options?: FaceMaskOptions): FaceMaskPipeline;
  /** The running mask, if any. */
  pipeline(): FaceMaskPipeline | null;
  /** Every status the running mask reported, oldest first. */
  statuses(): FaceMaskStatus[];
  stop(): void;
}

declare global {
  interface Window {
    faceLab?: FaceLab;
  }
}

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing`);
  return found;
}

const cameraVideo = element('camera', HTMLVideoElement);
const maskedVideo = element('masked', HTMLVideoElement);
const statusLine = element('status', HTMLParagraphElement);

let cameraTrack: MediaStreamTrack | null = null;
let running: { pipeline: FaceMaskPipeline; unsubscribe: () => void } | null = null;
let statuses: FaceMaskStatus[] = [];

function show(status: FaceMaskStatus, mode: FaceMode): void {
  statusLine.textContent = `${mode}: ${status.state}, ${status.fps.toFixed(1)} fps, ${status.msPerFrame.toFixed(1)} ms/frame, ${status.framesOut} out, ${status.framesFullyMasked} fully masked`;
}

const lab: FaceLab = {
  async openCamera(constraints = { width: 640, height: 480 }) {
    if (cameraTrack) return cameraTrack;
    const stream = await navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('no camera track');
    cameraTrack = track;
    cameraVideo.srcObject = stream;
    return track;
  },
  camera() {
    if (!cameraTrack) throw new Error('openCamera() first');
    return cameraTrack;
  },
  mask(mode, options) {
    lab.stop();
    const pipeline = createFaceMask(lab.camera(), mode, options);
    statuses = [];
    const unsubscribe = pipeline.onStatus((status) => {
      statuses.push(status);
      show(status, pipeline.mode);
    });
    running = { pipeline, unsubscribe };
    maskedVideo.srcObject = new MediaStream([pipeline.output]);
    return pipeline;
  },
  pipeline: () => running?.pipeline ?? null,
  statuses: () => statuses,
  stop() {
    if (!running) return;
    running.unsubscribe();
    running.pipeline.close();
    running = null;
    maskedVideo.srcObject = null;
  },
};
window.faceLab = lab;

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-mode]')) {
  button.addEventListener('click', () => {
    const mode = button.dataset.mode as FaceMode;
    lab.openCamera().then(
      () => (running ? running.pipeline.setMode(mode) : lab.mask(mode)),
      (err: unknown) => {
        statusLine.textContent = `camera failed: ${String(err)}`;
      },
    );
  });
}
element('stop', HTMLButtonElement).addEventListener('click', () => lab.stop());
