// The e2e harness itself: the shared browser, per-person contexts, and the getStats helper.
// Apart from the /join check, these run without the app UI, so a broken harness is told apart
// from a broken product.
import { describe, expect, inject, it } from 'vitest';
import { newPerson, useSharedBrowser } from './support/browser.ts';
import { HARNESS_PAGE_TITLE } from './support/control-server.ts';
import { createMeeting } from './support/meetings.ts';
import { auditEvents, mediaLedger } from './support/records.ts';
import {
  packetTimeline,
  readIncomingMedia,
  readRtpTotals,
  readTrackMedia,
  samplePackets,
  waitForIncomingMedia,
} from './support/stats.ts';

/** In the page: fake camera and microphone sent from one RTCPeerConnection to another. */
async function startLoopbackCall(): Promise<string[]> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.onicecandidate = (e) => e.candidate && void receiver.addIceCandidate(e.candidate);
  receiver.onicecandidate = (e) => e.candidate && void sender.addIceCandidate(e.candidate);
  const received: string[] = [];
  receiver.ontrack = (e) => received.push(e.track.id);
  for (const track of stream.getTracks()) sender.addTrack(track, stream);
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription!);
  return received;
}

describe('e2e harness', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it('the shared Chromium loads a page served on localhost', async () => {
    const person = await newPerson(suite.browser, 'Tester');
    people.push(person);
    await person.page.goto(inject('controlUrl'));
    expect(await person.page.title()).toBe(HARNESS_PAGE_TITLE);
  });

  it('the app server serves the built client as an HTML page at /join', async () => {
    const res = await fetch(`${inject('appUrl')}/join`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('getStats of recorded peer connections shows decoded fake video and received fake audio', async () => {
    const person = await newPerson(suite.browser, 'Tester');
    people.push(person);
    await person.page.goto(inject('controlUrl'));
    expect(await readIncomingMedia(person.page)).toEqual({ videoFramesDecoded: 0, audioPacketsReceived: 0, peerConnections: 0 });

    await person.page.evaluate(startLoopbackCall);
    const media = await waitForIncomingMedia(person.page);

    expect(media.peerConnections).toBe(2);
    expect(media.videoFramesDecoded).toBeGreaterThan(0);
    expect(media.audioPacketsReceived).toBeGreaterThan(0);
  });

  it('per-track stats: inbound-rtp trackIdentifier is the receiving track id, and sampling sees packets arrive', async () => {
    const person = await newPerson(suite.browser, 'Tester');
    people.push(person);
    await person.page.goto(inject('controlUrl'));
    const trackIds = await person.page.evaluate(startLoopbackCall);
    expect(trackIds).toHaveLength(2);
    await waitForIncomingMedia(person.page);

    const media = await readTrackMedia(person.page, trackIds);
    expect(media.found).toBe(2);
    expect(media.videoFramesDecoded).toBeGreaterThan(0);
    expect(media.audioPackets).toBeGreaterThan(0);
    expect((await readTrackMedia(person.page, ['no-such-track'])).found).toBe(0);
    expect((await readRtpTotals(person.page)).outboundPackets).toBeGreaterThan(0);
    const samples = await samplePackets(person.page, trackIds, 600);
    expect(packetTimeline(samples, 0).lastIncreaseAt).not.toBeNull();
  });

  it('the control server reads a meeting\'s audit log and the media ledger from the app server', async () => {
    const meeting = await createMeeting({ title: 'E2E harness records', participants: [{ displayName: 'Bob', role: 'party' }] });
    const log = await auditEvents(meeting.meetingId);
    expect(log.map((r) => r.action)).toContain('meeting.created');
    expect(await mediaLedger([meeting.participants[0]!.participantId])).toEqual({ producers: [], consumers: [] });
  });

  it('each person has their own browser context', async () => {
    const alice = await newPerson(suite.browser, 'Alice');
    const bob = await newPerson(suite.browser, 'Bob');
    people.push(alice, bob);
    await alice.page.goto(inject('controlUrl'));
    await bob.page.goto(inject('controlUrl'));
    await alice.page.evaluate(() => localStorage.setItem('who', 'alice'));
    expect(await bob.page.evaluate(() => localStorage.getItem('who'))).toBeNull();
  });
});
