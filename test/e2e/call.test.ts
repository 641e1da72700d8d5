// Two real people in real Chromium join one meeting through the UI, over the real server and SFU:
// the party waits in a waiting room until the facilitator admits them.
import { describe, expect, inject, it } from 'vitest';
import { newPerson, useSharedBrowser, type Person } from './support/browser.ts';
import { tileOf, waitUntilGone, waitUntilVisible } from './support/join.ts';
import { clickCardButton, joinMeeting, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { createMeeting, participant } from './support/meetings.ts';
import { waitForIncomingMedia } from './support/stats.ts';

describe('a two-person call', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  /**
   * Alice (facilitator) and Bob (a party with no side) in a new meeting: Bob waits until Alice
   * admits him to the main room, then each sees the other's tile.
   */
  async function aliceAndBobInACall(): Promise<{ alice: Person; bob: Person }> {
    const meeting = await createMeeting({
      title: 'E2E call',
      participants: [
        { displayName: 'Alice', role: 'facilitator' },
        { displayName: 'Bob', role: 'party' },
      ],
    });
    const alice = await newPerson(suite.browser, 'Alice');
    const bob = await newPerson(suite.browser, 'Bob');
    people.push(alice, bob);
    await joinMeeting(alice, participant(meeting, 'Alice').link);
    const main = await waitForRoomKind(alice.page, 'main');
    await joinMeeting(bob, participant(meeting, 'Bob').link);
    await waitForRoomKind(bob.page, 'waiting');
    await clickCardButton(alice.page, 'Bob', 'card-admit');
    await waitForRoom(bob.page, main);
    await waitUntilVisible(tileOf(alice.page, 'Bob'));
    await waitUntilVisible(tileOf(bob.page, 'Alice'));
    return { alice, bob };
  }

  it("two browsers join the same meeting through the UI and, once the facilitator admits the party, each receives the other's video and audio", async () => {
    const { alice, bob } = await aliceAndBobInACall();

    const [atAlice, atBob] = await Promise.all([waitForIncomingMedia(alice.page), waitForIncomingMedia(bob.page)]);

    expect(atAlice.videoFramesDecoded, 'video frames Alice decoded').toBeGreaterThan(0);
    expect(atAlice.audioPacketsReceived, 'audio packets Alice received').toBeGreaterThan(0);
    expect(atBob.videoFramesDecoded, 'video frames Bob decoded').toBeGreaterThan(0);
    expect(atBob.audioPacketsReceived, 'audio packets Bob received').toBeGreaterThan(0);
    expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([]);
  });

  it('leaving removes the tile on the other side', async () => {
    const { alice, bob } = await aliceAndBobInACall();

    await bob.page.getByTestId('leave-button').click();

    await waitUntilVisible(bob.page.getByTestId('left-page'));
    await waitUntilGone(tileOf(alice.page, 'Bob'));
    expect(await tileOf(alice.page, 'Bob').count()).toBe(0);
  });

  /** Bob's real token with its signature replaced, so only the server can tell it is forged. */
  async function forgedToken(): Promise<string> {
    const meeting = await createMeeting({ title: 'E2E forged link', participants: [{ displayName: 'Bob', role: 'party' }] });
    const [header, payload, signature] = participant(meeting, 'Bob').token.split('.');
    const forged = (signature ?? '').replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    return `${header}.${payload}.${forged}`;
  }

  it.each([
    ['garbled', async () => 'this-is-not-a-valid-token'],
    ['forged', forgedToken],
  ])('an invalid link (%s token) shows a clear error page, not a stack trace', async (_kind, makeToken) => {
    const visitor = await newPerson(suite.browser, 'Visitor');
    people.push(visitor);
    const { page } = visitor;

    await page.goto(`${inject('appUrl')}/join#token=${await makeToken()}`);
    const errorPage = page.getByTestId('error-page');
    await waitUntilVisible(errorPage);

    expect(await errorPage.getAttribute('data-reason')).toBe('invalid-link');
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/link/i);
    expect(text).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
    expect(text).not.toMatch(/TypeError|ReferenceError|ZodError|Unexpected token/);
    expect(await page.getByTestId('join-button').count()).toBe(0);
    expect(visitor.pageErrors).toEqual([]);
  });
});
