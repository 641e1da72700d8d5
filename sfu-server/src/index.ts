export { Sfu, type SfuEvents } from './sfu.ts';
export { MeetingMedia, type ConsumePolicy, type ConsumerInfo, type RtpIngest, type TransportInfo } from './meetingMedia.ts';
export { RecordingTap, type RecordingTapEvents, type RecordingTarget, type TapCloseReason, type TapStats, type TappedStream } from './recordingTap.ts';
export { SfuError, type SfuErrorCode } from './errors.ts';
export { defaultSfuConfig, type SfuConfig } from './config.ts';
export type { Logger } from './logger.ts';
export type { Direction } from './peerMedia.ts';
export type { types as MediaTypes } from 'mediasoup';
