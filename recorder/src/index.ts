// Recorded messages: validating uploads (probe), cutting them (trim), and keeping them encrypted at
// rest with range playback (mediaStore over encryptedFile).
export { MediaError, type MediaErrorCode, type MediaErrorOptions } from './errors.ts';
export { caseKey } from './caseKeys.ts';
export { encryptFile, openEncrypted, type EncryptedFileReader } from './encryptedFile.ts';
export { MediaStore, type MediaStoreOptions } from './mediaStore.ts';
export { probeMedia, readMedia, type MediaLimits, type ProbedMedia, type ProbeOptions } from './probe.ts';
export { trimMedia, type TrimOptions, type TrimRange } from './trim.ts';
export { stripMetadata, type StripOptions } from './remux.ts';
export { RtpRecording, DEFAULT_RECORDER_PORTS, RECORDING_FAILED_MESSAGE, sdpFor, type PortRange, type RecordedFile, type RtpKind, type RtpRecordingEvents, type RtpRecordingOptions, type RtpStreamDescription, type RtpTarget } from './rtpRecording.ts';
