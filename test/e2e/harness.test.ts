// The e2e harness itself: the shared browser, per-person contexts, and the getStats helper.
// Apart from the /join check, these run without the app UI, so a broken harness is told apart
// from a broken product.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeAll, connectToSharedBrowser, newPerson, type Person } from './support/browser.ts';
import { HARNESS_PAGE_TITLE } from './support/control-server.ts';
import { readIncomingMedia, waitForIncomingMedia } from './support/stats.ts';

/** In the page: fake camera and microphone sent from one RTCPeerConnection to another. */
async function startLoopbackCall(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.onicecandidate = (e) => e.candidate && void receiver.addIceCandidate(e.candidate);
  receiver.onicecandidate = (e) => e.candidate && void sender.addIceCandidate(e.candidate);
  for (const track of stream.getTracks()) sender.addTrack(track, stream);
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription!);
}

describe('e2e harness', () => {
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    browser = await connectToSharedBrowser();
  });
  afterEach(() => closeAll(people));
  afterAll(() => browser.close());

  it('the shared Chromium loads a page served on localhost', async () => {
    const person = await newPerson(browser, 'Tester');
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
    const person = await newPerson(browser, 'Tester');
    people.push(person);
    await person.page.goto(inject('controlUrl'));
    expect(await readIncomingMedia(person.page)).toEqual({ videoFramesDecoded: 0, audioPacketsReceived: 0, peerConnections: 0 });

    await person.page.evaluate(startLoopbackCall);
    const media = await waitForIncomingMedia(person.page);

    expect(media.peerConnections).toBe(2);
    expect(media.videoFramesDecoded).toBeGreaterThan(0);
    expect(media.audioPacketsReceived).toBeGreaterThan(0);
  });

  it('each person has their own browser context', async () => {
    const alice = await newPerson(browser, 'Alice');
    const bob = await newPerson(browser, 'Bob');
    people.push(alice, bob);
    await alice.page.goto(inject('controlUrl'));
    await bob.page.goto(inject('controlUrl'));
    await alice.page.evaluate(() => localStorage.setItem('who', 'alice'));
    expect(await bob.page.evaluate(() => localStorage.getItem('who'))).toBeNull();
  });
});
