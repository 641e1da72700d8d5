export * from './state.ts';
export * from './commands.ts';
export { transition, canConsume, visiblePeers, peerInfo } from './machine.ts';
