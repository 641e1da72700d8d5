// On-device face masking: the public entry point (createFaceMask) and its types. See pipeline.ts
// for the fail-closed frame loop and client/vendorAssets.ts for how the models are served.
export { createFaceMask } from './pipeline.ts';
export type { FaceMaskOptions, FrameReport, FaceMaskPipeline, FaceMaskState, FaceMaskStatus, FaceMode } from './types.ts';
