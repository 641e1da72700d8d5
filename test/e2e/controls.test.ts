// Facilitator controls and their effect on real media: hard mute, a party's time-out, removing
// someone, and ending the meeting; each action must show up in the audit log.
import { describe, expect, it } from 'vitest';
import { newPerson, useSharedBrowser } from './support/browser.ts';
import { expectReceiving } from './support/expect-media.ts';
import { tileOf, waitUntilGone, waitUntilVisible } from './support/join.ts';
import {
  card,
  clickCardButton,
  endedPage,
  meetingPage,
  notices,
  UI_TIMEOUT_MS,
  waitForCardIn,
  waitForRoom,
  waitForRoomKind,
} from './support/meeting-ui.ts';
import { describeAudit, mediaLedger, missingAudit } from './support/records.ts';
import { consumerIdsOfKind, packetTimeline, samplePackets, waitForMediaFrom } from './support/stats.ts';
import { admitBoth, HARMED, pageErrorsOf, RESPONSIBLE, startTrio } from './support/trio.ts';

/** How long the other side watches a hard-muted party's audio after they tried to unmute. */
const MUTED_WATCH_MS = 2_000;

describe('facilitator controls', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it("a hard-muted party's audio stays paused at the SFU and silent at the other party when they try to unmute, until the facilitator allows it", async () => {
    const trio = await startTrio(suite.browser, people, 'E2E hard mute');
    const { facilitator, harmed, responsible } = trio;
    await admitBoth(trio);
    const before = await waitForMediaFrom(responsible.page, HARMED);
    expectReceiving(before, 'from the harmed party at the responsible party, before the mute');
    const audioIds = await consumerIdsOfKind(responsible.page, HARMED, 'audio');
    const videoIds = await consumerIdsOfKind(responsible.page, HARMED, 'video');
    expect(audioIds.length, "audio consumers of the harmed party's microphone at the responsible party").toBe(1);
    expect(videoIds.length, "video consumers of the harmed party's camera at the responsible party").toBe(1);

    await clickCardButton(facilitator.page, HARMED, 'card-hard-mute-audio');
    const mic = harmed.page.getByTestId('toggle-mic');
    await harmed.page.locator('[data-testid="toggle-mic"][data-hard-muted="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await mic.isDisabled(), "the hard-muted party's microphone toggle is disabled").toBe(true);
    await responsible.page.locator(`[data-testid="tile"][data-name="${HARMED}"][data-muted="true"]`).waitFor({ timeout: UI_TIMEOUT_MS });

    // The party tries anyway; the other side then watches the harmed party's audio and video.
    await mic.click({ force: true });
    const [audio, video] = await Promise.all([
      samplePackets(responsible.page, audioIds, MUTED_WATCH_MS),
      samplePackets(responsible.page, videoIds, MUTED_WATCH_MS),
    ]);
    expect(Object.keys(audio.at(-1)?.byTrack ?? {}).length, "the hard-muted party's audio consumer still has stats to measure").toBe(1);
    const lastAudio = packetTimeline(audio, 0).lastIncreaseAt;
    expect(lastAudio, `audio packets from the hard-muted party arrived at the other party ${lastAudio === null ? '' : `${lastAudio - audio[0]!.at} ms into the watch`}`).toBeNull();
    expect(packetTimeline(video, 0).lastIncreaseAt, "video from the hard-muted party kept flowing (the connection is live)").not.toBeNull();
    expect(await harmed.page.locator('[data-testid="toggle-mic"]').getAttribute('data-hard-muted'), 'toggle-mic data-hard-muted after trying to unmute').toBe('true');
    expect(await tileOf(responsible.page, HARMED).getAttribute('data-muted'), "the harmed party's tile at the other party after they tried to unmute").toBe('true');
    const ledger = await mediaLedger([harmed.participantId]);
    const harmedAudio = ledger.producers.filter((p) => p.participantId === harmed.participantId && p.kind === 'audio' && p.closedAt === null);
    expect(harmedAudio.map((p) => p.paused), "the harmed party's open audio producers at the SFU: paused?").toEqual([true]);

    // Allowed again, the party turns their microphone on and is heard.
    await clickCardButton(facilitator.page, HARMED, 'card-allow-audio');
    await harmed.page.locator('[data-testid="toggle-mic"][data-hard-muted="false"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await mic.isDisabled(), 'the microphone toggle after the facilitator allowed unmuting').toBe(false);
    await mic.click();
    await responsible.page.locator(`[data-testid="tile"][data-name="${HARMED}"][data-muted="false"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    const resumed = await samplePackets(responsible.page, await consumerIdsOfKind(responsible.page, HARMED, 'audio'), 1_500);
    expect(packetTimeline(resumed, 0).lastIncreaseAt, 'time audio packets from the harmed party arrived after they unmuted again').not.toBeNull();

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'participant.hardMuted', actorId: facilitator.participantId, subjectId: harmed.participantId, detail: { kind: 'audio' } },
      { action: 'participant.unmuteAllowed', actorId: facilitator.participantId, subjectId: harmed.participantId, detail: { kind: 'audio' } },
    ]);
    expect(missing, `facilitator actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });

  it("a party's break button takes them to a time-out room the facilitator is told about and sees on the board, and pressing it again brings them back to the main room", async () => {
    const trio = await startTrio(suite.browser, people, 'E2E time-out');
    const { facilitator, harmed, responsible, main } = trio;
    await admitBoth(trio);
    await waitUntilVisible(tileOf(harmed.page, RESPONSIBLE));

    const breakButton = responsible.page.getByTestId('break-button');
    expect(await breakButton.getAttribute('data-on'), 'break-button before the break').toBe('false');
    expect(await facilitator.page.getByTestId('break-button').count(), 'break buttons offered to the facilitator').toBe(0);
    await breakButton.click();
    const timeoutRoom = await waitForRoomKind(responsible.page, 'timeout');
    await responsible.page.locator('[data-testid="break-button"][data-on="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitUntilVisible(notices(facilitator.page, 'timeout').filter({ hasText: RESPONSIBLE }));
    const timeoutColumn = facilitator.page.locator(`[data-testid="board-column"][data-room-kind="timeout"][data-room-id="${timeoutRoom}"]`);
    await timeoutColumn.locator(`[data-testid="board-card"][data-name="${RESPONSIBLE}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    await waitUntilGone(tileOf(harmed.page, RESPONSIBLE));

    await breakButton.click();
    await waitForRoom(responsible.page, main);
    await responsible.page.locator('[data-testid="break-button"][data-on="false"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitUntilVisible(notices(facilitator.page, 'back').filter({ hasText: RESPONSIBLE }));
    await waitForCardIn(facilitator.page, main, RESPONSIBLE);
    await waitUntilVisible(tileOf(harmed.page, RESPONSIBLE));

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'participant.admitted', actorId: facilitator.participantId, subjectId: harmed.participantId },
      { action: 'participant.admitted', actorId: facilitator.participantId, subjectId: responsible.participantId },
      { action: 'participant.timeout', actorId: responsible.participantId, subjectId: responsible.participantId },
      { action: 'participant.timeoutEnded', actorId: responsible.participantId, subjectId: responsible.participantId },
    ]);
    expect(missing, `actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });

  it('a removed party lands on the removed page and their link is refused afterwards; ending the meeting shows everyone left the meeting-ended page', async () => {
    const trio = await startTrio(suite.browser, people, 'E2E remove and end');
    const { facilitator, harmed, responsible } = trio;
    await admitBoth(trio);
    await waitUntilVisible(tileOf(harmed.page, RESPONSIBLE));

    await clickCardButton(facilitator.page, RESPONSIBLE, 'card-remove');
    await facilitator.page.getByTestId('confirm-yes').click();
    const removedAt = Date.now();
    await waitUntilVisible(endedPage(responsible.page, 'removed'));
    await waitUntilGone(card(facilitator.page, RESPONSIBLE));
    await waitUntilGone(tileOf(harmed.page, RESPONSIBLE));

    // Reopening the link in a fresh browser gets the removed page, never the meeting.
    const again = await newPerson(suite.browser, RESPONSIBLE);
    people.push(again);
    await again.page.goto(responsible.link);
    const refused = endedPage(again.page, 'removed');
    const joinButton = again.page.getByTestId('join-button');
    await refused.or(joinButton).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if (!(await refused.isVisible())) {
      // The handshake starts when the page opens, so the refusal can replace the join page at any
      // moment, even while we click. The click is best effort; the assertion is the removed page.
      await Promise.race([refused.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }), joinButton.click({ timeout: UI_TIMEOUT_MS }).catch(() => undefined)]);
    }
    await waitUntilVisible(refused);
    expect(await meetingPage(again.page).count(), 'meeting pages shown to the removed link').toBe(0);
    const ledger = await mediaLedger([responsible.participantId]);
    expect(ledger.producers.filter((p) => p.createdAt >= removedAt).map((p) => p.kind), 'SFU producers created for the removed party after removal').toEqual([]);

    await facilitator.page.getByTestId('end-meeting').click();
    await facilitator.page.getByTestId('confirm-yes').click();
    await Promise.all([waitUntilVisible(endedPage(facilitator.page, 'meeting-ended')), waitUntilVisible(endedPage(harmed.page, 'meeting-ended'))]);

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'participant.removed', actorId: facilitator.participantId, subjectId: responsible.participantId },
      { action: 'meeting.ended', actorId: facilitator.participantId },
    ]);
    expect(missing, `facilitator actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed, responsible, again)).toEqual([]);
  });
});
