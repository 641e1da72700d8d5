// The remaining facilitator controls in real browsers: muting a whole room and asking one person
// to unmute; bringing everyone back from separate rooms; locking out newcomers; and what the
// parties see while their facilitator is reconnecting.
import { describe, expect, it } from 'vitest';
import { useSharedBrowser } from './support/browser.ts';
import { joinThroughUi, tileOf } from './support/join.ts';
import { clickCardButton, clickColumnButton, createRoom, endedPage, meetingPage, moveWithMenu, UI_TIMEOUT_MS, waitForCardIn, waitForRoom } from './support/meeting-ui.ts';
import { describeAudit, missingAudit } from './support/records.ts';
import { admitBoth, HARMED, pageErrorsOf, RESPONSIBLE, startTrio } from './support/trio.ts';

describe('room-wide facilitator controls', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it('"mute all" mutes both parties in the main room; asked to unmute, the harmed party accepts and is heard again', async () => {
    const trio = await startTrio(suite.browser, people, 'E2E mute all');
    const { facilitator, harmed, meeting, main } = trio;
    await admitBoth(trio);
    const mutedTile = (name: string, muted: boolean) => facilitator.page.locator(`[data-testid="tile"][data-name="${name}"][data-muted="${muted}"]`);
    await Promise.all([mutedTile(HARMED, false).waitFor({ timeout: UI_TIMEOUT_MS }), mutedTile(RESPONSIBLE, false).waitFor({ timeout: UI_TIMEOUT_MS })]);

    await clickColumnButton(facilitator.page, main, 'room-mute-all');
    await Promise.all([mutedTile(HARMED, true).waitFor({ timeout: UI_TIMEOUT_MS }), mutedTile(RESPONSIBLE, true).waitFor({ timeout: UI_TIMEOUT_MS })]);

    await clickCardButton(facilitator.page, HARMED, 'card-ask-unmute-audio');
    const dialog = harmed.page.getByTestId('unmute-request');
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await harmed.page.getByTestId('unmute-accept').click();
    await mutedTile(HARMED, false).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await mutedTile(RESPONSIBLE, true).count(), 'the responsible party stays muted').toBe(1);

    const { missing, log } = await missingAudit(meeting.meetingId, [
      { action: 'room.mutedAll', actorId: facilitator.participantId },
      { action: 'participant.askedToUnmute', actorId: facilitator.participantId, subjectId: harmed.participantId },
    ]);
    expect(missing, `audit log:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed)).toEqual([]);
  });

  it('"bring everyone back" returns a party from a separate room to main; a locked meeting turns away someone who left and comes back', async () => {
    const trio = await startTrio(suite.browser, people, 'E2E gather and lock');
    const { facilitator, harmed, responsible, meeting, main } = trio;
    await admitBoth(trio);
    const room = await createRoom(facilitator.page, 'Shuttle');
    await moveWithMenu(facilitator.page, HARMED, room);
    await waitForRoom(harmed.page, room);

    await facilitator.page.getByTestId('gather-button').click();
    await waitForRoom(harmed.page, main);
    await waitForCardIn(facilitator.page, main, HARMED);
    await tileOf(responsible.page, HARMED).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    const lock = facilitator.page.getByTestId('lock-toggle');
    await lock.click();
    await facilitator.page.locator('[data-testid="lock-toggle"][aria-pressed="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await responsible.page.getByTestId('leave-button').click();
    await responsible.page.getByTestId('left-page').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Opening the link afresh (the left page may still sit on the same URL, where goto would not reload).
    await responsible.page.goto('about:blank');
    await joinThroughUi(responsible, responsible.link);
    await endedPage(responsible.page, 'meeting-locked').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await meetingPage(responsible.page).count(), 'the locked-out party sees no meeting').toBe(0);

    const { missing, log } = await missingAudit(meeting.meetingId, [
      { action: 'meeting.gathered', actorId: facilitator.participantId },
      { action: 'meeting.locked', actorId: facilitator.participantId },
    ]);
    expect(missing, `audit log:\n${describeAudit(log)}`).toEqual([]);
  });

  it('when the facilitator drops, each party stays in their own waiting room and sees "your facilitator is reconnecting"', async () => {
    const trio = await startTrio(suite.browser, people, 'E2E facilitator drops');
    const { facilitator, harmed, responsible, waiting } = trio;
    await facilitator.page.close();
    await Promise.all([
      harmed.page.getByTestId('facilitator-reconnecting').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }),
      responsible.page.getByTestId('facilitator-reconnecting').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }),
    ]);
    expect(await meetingPage(harmed.page).getAttribute('data-room-id')).toBe(waiting.harmed);
    expect(await meetingPage(responsible.page).getAttribute('data-room-id')).toBe(waiting.responsible);
    expect(await tileOf(harmed.page, RESPONSIBLE).count(), 'the harmed party never sees the responsible party').toBe(0);
  });
});
