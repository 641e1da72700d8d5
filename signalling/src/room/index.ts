export * from './state.ts';
export * from './commands.ts';
export { transition } from './machine.ts';
export { canConsume, waitingRoomId, timeoutRoomId } from './placement-rules.ts';
export { separateRoomId } from './placement.ts';
export { viewFor, board, peerInfo, roomInfo } from './views.ts';
export { chatHistory } from './chat.ts';
export { canConsumeProducer, policyOf, produceRefusal, publicName } from './masking.ts';
export { recordingSubject, recordingsSeenBy } from './recording.ts';
