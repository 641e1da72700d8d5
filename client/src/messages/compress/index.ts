// Compressing uploads on the device (ffmpeg.wasm): see compressForUpload.ts.
export { compressForUpload, transcodeFile, type CompressProgress, type CompressResult, type CompressStage } from './compressForUpload.ts';
export { AUDIO_ONLY_NOTICE, planUpload, type CompressKind, type CompressOptions, type UploadPlan } from './args.ts';
export { CompressError, type CompressErrorCode } from './errors.ts';
