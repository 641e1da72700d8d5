// What RoomClient does with each server notification: one entry per notification in the protocol
// table. Payloads are already validated (notifications.ts); this file only routes them.
import type { ParticipantView, SessionEndReason } from '@common-ground/signalling/protocol';
import { withConsentRequest, withRecordingEnded } from '../recording/recordingModel.ts';
import { addNotice, appendChat } from './liveFeed.ts';
import type { NotificationHandlers } from './notifications.ts';
import type { RoomMedia } from './RoomMedia.ts';
import type { SnapshotStore } from './snapshotStore.ts';

/** What the handlers need from RoomClient. */
export interface RoomHandlersHost {
  readonly store: SnapshotStore;
  /** The media side of the current join, or null while it is not set up. */
  media(): RoomMedia | null;
  /** Take a new view: peers, consumers, and our own mute state follow it. */
  applyView(view: ParticipantView): void;
  /** The server ended our session; close everything and do not reconnect. */
  endSession(reason: SessionEndReason): void;
  /** The SFU lost its media: set ours up again. */
  resetMedia(reason: string): void;
}

export function roomHandlers(host: RoomHandlersHost): NotificationHandlers {
  const { store } = host;
  /** Client-side notice ids, so the UI can key and dismiss them. */
  let nextNoticeId = 1;
  return {
    'meeting.view': (view) => host.applyView(view),
    'chat.message': (message) => store.update({ chat: appendChat(store.state.chat, [message]) }),
    'unmute.requested': ({ kind, by }) => store.update({ unmuteRequest: { kind, by } }),
    notice: (payload) => {
      const notice = { ...payload, id: nextNoticeId++, at: Date.now() };
      store.update({ notices: addNotice(store.state.notices, notice) });
    },
    'session.ended': ({ reason }) => host.endSession(reason),
    'consumer.closed': ({ consumerId }) => host.media()?.forgetConsumer(consumerId),
    'producer.closed': ({ producerId }) => host.media()?.producerClosedByServer(producerId),
    'media.reset': ({ reason }) => host.resetMedia(reason),
    'recording.consentRequested': (payload) => store.update({ recording: withConsentRequest(store.state.recording, payload) }),
    'recording.ended': (payload) =>
      store.update({ recording: withRecordingEnded(store.state.recording, payload, store.state.self?.participantId ?? null, Date.now()) }),
  };
}
