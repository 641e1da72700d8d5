// The shared zod protocol: what each request, response and notification accepts and rejects.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ErrorBody,
  ProtocolError,
  notifications,
  requests,
  type NotificationName,
  type RequestName,
} from '@common-ground/signalling/protocol';
import {
  chatMessage,
  dtlsParameters,
  peer,
  rtpCapabilities,
  rtpParameters,
  transportOptions,
  validNotifications,
  validRequests,
  view,
} from './fixtures/protocol-examples.ts';

const requestNames = Object.keys(requests) as RequestName[];
const notificationNames = Object.keys(notifications) as NotificationName[];

function parseRequest(name: RequestName, payload: unknown) {
  return requests[name].req.safeParse(payload);
}

/** The issues of a failed parse as `{path, code}`, so a test can name the field that failed. */
function issuesOf(result: z.ZodSafeParseResult<unknown>) {
  expect(result.success, 'expected the payload to be rejected').toBe(false);
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), code: i.code }));
}

const id65 = 'x'.repeat(65);

describe('the request table', () => {
  it.each(requestNames)('%s accepts its valid example payload', (name) => {
    expect(parseRequest(name, validRequests[name]).success).toBe(true);
  });

  it.each(requestNames)('%s rejects an unknown top-level key (schemas are strict)', (name) => {
    const issues = issuesOf(parseRequest(name, { ...validRequests[name], sneaky: true }));
    expect(issues).toContainEqual({ path: '', code: 'unrecognized_keys' });
  });

  it.each(requestNames)('%s rejects a payload that is not an object', (name) => {
    for (const payload of [null, undefined, 'join', 42, []]) {
      expect(parseRequest(name, payload).success).toBe(false);
    }
  });
});

describe('meeting.join', () => {
  const join = (payload: object) => requests['meeting.join'].req.safeParse({ ...validRequests['meeting.join'], ...payload });

  it('trims whitespace around the display name', () => {
    const result = join({ displayName: '  Alice  ' });
    expect(result.success && result.data.displayName).toBe('Alice');
  });

  it('rejects an empty display name with a zod issue on displayName', () => {
    expect(issuesOf(join({ displayName: '' }))).toEqual([{ path: 'displayName', code: 'too_small' }]);
  });

  it('rejects a display name of only spaces', () => {
    expect(issuesOf(join({ displayName: '    ' }))).toEqual([{ path: 'displayName', code: 'too_small' }]);
  });

  it('accepts a 64-character display name and rejects a 500-character one', () => {
    expect(join({ displayName: 'a'.repeat(64) }).success).toBe(true);
    expect(issuesOf(join({ displayName: 'a'.repeat(500) }))).toEqual([{ path: 'displayName', code: 'too_big' }]);
  });

  it('rejects a missing rtpCapabilities with an issue on rtpCapabilities', () => {
    const issues = issuesOf(parseRequest('meeting.join', { displayName: 'Alice' }));
    expect(issues).toEqual([{ path: 'rtpCapabilities', code: 'invalid_type' }]);
  });

  it('passes unknown fields inside rtpCapabilities through for mediasoup to check', () => {
    const result = join({ rtpCapabilities: { ...rtpCapabilities, fecMechanisms: [] } });
    expect(result.success && result.data.rtpCapabilities).toHaveProperty('fecMechanisms', []);
  });

  it('rejects rtpCapabilities with more than 64 codecs', () => {
    const codecs = Array.from({ length: 65 }, () => rtpCapabilities.codecs[0]);
    expect(issuesOf(join({ rtpCapabilities: { codecs } }))).toEqual([{ path: 'rtpCapabilities.codecs', code: 'too_big' }]);
  });
});

describe('meeting.rtpCapabilities and meeting.leave', () => {
  it.each(['meeting.rtpCapabilities', 'meeting.leave'] as const)('%s takes an empty object and nothing else', (name) => {
    expect(parseRequest(name, {}).success).toBe(true);
    expect(issuesOf(parseRequest(name, { meetingId: 'm-1' }))).toEqual([{ path: '', code: 'unrecognized_keys' }]);
  });
});

describe('transport.create', () => {
  it.each(['send', 'recv'])('accepts direction %s', (direction) => {
    expect(parseRequest('transport.create', { direction }).success).toBe(true);
  });

  it("rejects direction 'sideways' with an issue on direction", () => {
    expect(issuesOf(parseRequest('transport.create', { direction: 'sideways' }))).toEqual([
      { path: 'direction', code: 'invalid_value' },
    ]);
  });

  it('rejects a missing direction', () => {
    expect(issuesOf(parseRequest('transport.create', {}))).toEqual([{ path: 'direction', code: 'invalid_value' }]);
  });
});

describe('transport.connect', () => {
  const connect = (payload: object) => parseRequest('transport.connect', { ...validRequests['transport.connect'], ...payload });

  it('rejects dtlsParameters without any fingerprint', () => {
    expect(issuesOf(connect({ dtlsParameters: { ...dtlsParameters, fingerprints: [] } }))).toEqual([
      { path: 'dtlsParameters.fingerprints', code: 'too_small' },
    ]);
  });

  it("rejects a DTLS role other than auto, client or server", () => {
    expect(issuesOf(connect({ dtlsParameters: { ...dtlsParameters, role: 'both' } }))).toEqual([
      { path: 'dtlsParameters.role', code: 'invalid_value' },
    ]);
  });

  it('rejects a transportId over 64 characters and an empty one', () => {
    expect(issuesOf(connect({ transportId: id65 }))).toEqual([{ path: 'transportId', code: 'too_big' }]);
    expect(issuesOf(connect({ transportId: '' }))).toEqual([{ path: 'transportId', code: 'too_small' }]);
  });
});

describe('producer.create', () => {
  const produce = (payload: object) => parseRequest('producer.create', { ...validRequests['producer.create'], ...payload });

  it('accepts kind audio and kind video', () => {
    expect(produce({ kind: 'audio' }).success).toBe(true);
    expect(produce({ kind: 'video' }).success).toBe(true);
  });

  it("rejects kind 'screen' with an issue on kind", () => {
    expect(issuesOf(produce({ kind: 'screen' }))).toEqual([{ path: 'kind', code: 'invalid_value' }]);
  });

  it('rejects rtpParameters with an empty codec list', () => {
    expect(issuesOf(produce({ rtpParameters: { ...rtpParameters, codecs: [] } }))).toEqual([
      { path: 'rtpParameters.codecs', code: 'too_small' },
    ]);
  });

  it('rejects more than 8 encodings', () => {
    const encodings = Array.from({ length: 9 }, (_, i) => ({ ssrc: i + 1 }));
    expect(issuesOf(produce({ rtpParameters: { ...rtpParameters, encodings } }))).toEqual([
      { path: 'rtpParameters.encodings', code: 'too_big' },
    ]);
  });

  it('rejects a transportId over 64 characters', () => {
    expect(issuesOf(produce({ transportId: id65 }))).toEqual([{ path: 'transportId', code: 'too_big' }]);
  });
});

describe('producer.close, producer.pause and producer.resume', () => {
  it.each(['producer.close', 'producer.pause', 'producer.resume'] as const)(
    '%s rejects a producerId over 64 characters or not a string',
    (name) => {
      expect(parseRequest(name, { producerId: 'x'.repeat(64) }).success).toBe(true);
      expect(issuesOf(parseRequest(name, { producerId: id65 }))).toEqual([{ path: 'producerId', code: 'too_big' }]);
      expect(issuesOf(parseRequest(name, { producerId: 7 }))).toEqual([{ path: 'producerId', code: 'invalid_type' }]);
    },
  );
});

describe('consumer.create and consumer.resume', () => {
  it('consumer.create rejects a missing producerId', () => {
    expect(issuesOf(parseRequest('consumer.create', { transportId: 't-1' }))).toEqual([
      { path: 'producerId', code: 'invalid_type' },
    ]);
  });

  it('consumer.resume rejects a consumerId over 64 characters', () => {
    expect(issuesOf(parseRequest('consumer.resume', { consumerId: id65 }))).toEqual([
      { path: 'consumerId', code: 'too_big' },
    ]);
  });
});

describe('responses', () => {
  it('transport.create answers with ICE, DTLS and candidate details', () => {
    expect(requests['transport.create'].res.safeParse(transportOptions).success).toBe(true);
    const { iceCandidates: _dropped, ...withoutCandidates } = transportOptions;
    expect(issuesOf(requests['transport.create'].res.safeParse(withoutCandidates))).toEqual([
      { path: 'iceCandidates', code: 'invalid_type' },
    ]);
  });

  it('transport.create answers with TURN servers that carry a username and credential', () => {
    expect(requests['transport.create'].res.safeParse({ ...transportOptions, iceServers: [] }).success).toBe(true);
    const withoutCredential = { ...transportOptions, iceServers: [{ urls: ['turn:turn.example.org'], username: 'bob' }] };
    expect(issuesOf(requests['transport.create'].res.safeParse(withoutCredential))).toEqual([
      { path: 'iceServers.0.credential', code: 'invalid_type' },
    ]);
  });

  it('meeting.join answers with the meeting, the participant\'s view and their chat history', () => {
    const res = { meeting: { id: 'meeting-1', title: 'Case 12' }, view, chat: [chatMessage] };
    expect(requests['meeting.join'].res.safeParse(res).success).toBe(true);
    expect(issuesOf(requests['meeting.join'].res.safeParse({ ...res, meeting: { id: 'meeting-1' } }))).toEqual([
      { path: 'meeting.title', code: 'invalid_type' },
    ]);
  });

  it('participant.move rejects a room id that is not a plain slug', () => {
    expect(issuesOf(requests['participant.move'].req.safeParse({ participantId: 'bob', roomId: '../main' }))).toEqual([
      { path: 'roomId', code: 'invalid_format' },
    ]);
  });

  it('chat.send rejects an empty or over-long message', () => {
    expect(requests['chat.send'].req.safeParse({ roomId: null, text: '   ' }).success).toBe(false);
    expect(requests['chat.send'].req.safeParse({ roomId: null, text: 'x'.repeat(2001) }).success).toBe(false);
  });

  it('participant.mute requires an explicit hard flag', () => {
    expect(issuesOf(requests['participant.mute'].req.safeParse({ participantId: 'bob', kind: 'audio' }))).toEqual([
      { path: 'hard', code: 'invalid_type' },
    ]);
  });

  it('consumer.create answers with the producer owner and a media kind', () => {
    const res = { consumerId: 'c-1', producerId: 'p-1', participantId: 'bob', kind: 'audio', rtpParameters };
    expect(requests['consumer.create'].res.safeParse(res).success).toBe(true);
    expect(issuesOf(requests['consumer.create'].res.safeParse({ ...res, participantId: undefined }))).toEqual([
      { path: 'participantId', code: 'invalid_type' },
    ]);
  });
});

describe('notifications', () => {
  it.each(notificationNames)('%s parses its valid example payload', (name) => {
    expect(notifications[name].safeParse(validNotifications[name]).success).toBe(true);
  });

  it('session.ended rejects a reason outside removed, meeting-ended and replaced', () => {
    expect(issuesOf(notifications['session.ended'].safeParse({ reason: 'kicked' }))).toEqual([{ path: 'reason', code: 'invalid_value' }]);
  });

  it('meeting.view rejects a peer whose role does not exist', () => {
    const payload = { ...view, peers: [{ ...peer, role: 'admin' }] };
    expect(issuesOf(notifications['meeting.view'].safeParse(payload))).toEqual([{ path: 'peers.0.role', code: 'invalid_value' }]);
  });

  it('meeting.view rejects a board card without a connection state', () => {
    const { connected: _c, ...card } = view.board!.participants[0]!;
    const payload = { ...view, board: { ...view.board!, participants: [card] } };
    expect(issuesOf(notifications['meeting.view'].safeParse(payload))).toEqual([{ path: 'board.participants.0.connected', code: 'invalid_type' }]);
  });
});

describe('ProtocolError', () => {
  it('toBody() returns exactly the code and the message', () => {
    const err = new ProtocolError('PERMISSION_DENIED', 'a party cannot admit');
    expect(err.toBody()).toStrictEqual({ code: 'PERMISSION_DENIED', message: 'a party cannot admit' });
    expect(ErrorBody.safeParse(err.toBody()).success).toBe(true);
  });

  it('is an Error named ProtocolError that carries its code', () => {
    const err = new ProtocolError('NOT_FOUND', 'no such transport');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ProtocolError');
    expect(err.code).toBe('NOT_FOUND');
  });

  it('ErrorBody rejects a code outside the vocabulary', () => {
    expect(issuesOf(ErrorBody.safeParse({ code: 'TEAPOT', message: 'short and stout' }))).toEqual([
      { path: 'code', code: 'invalid_value' },
    ]);
  });
});
