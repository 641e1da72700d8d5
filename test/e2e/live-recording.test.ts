// A facilitator records a party's message during a live meeting, in real Chromium: from the
// console card, the party agrees in the consent prompt, a recording indicator is shown to everyone
// in that room and to nobody in the other one, and after Stop the message waits for review as a
// VP8 + Opus WebM (the SFU's RTP remuxed by ffmpeg, never re-encoded).
import { describe, expect, inject, it } from 'vitest';
import { LAPTOP, newPerson, useSharedBrowser } from './support/browser.ts';
import { HARMED, probeReviewedMessage, RESPONSIBLE, reviewMessages, setUpLiveCase } from './support/live-recording.ts';
import { card, clickCardButton, joinMeeting, UI_TIMEOUT_MS, waitForCardIn, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { pageErrorsOf } from './support/trio.ts';

/** How long the message is recorded. */
const RECORD_MS = 4_000;

describe('recording a message in a live meeting', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it('the console records a party who agrees; only their room sees the indicator; the message waits for review as VP8 + Opus', async () => {
    const appUrl = inject('appUrl');
    const live = await setUpLiveCase(appUrl);
    const facilitator = await newPerson(suite.browser, 'Fran Facilitator', LAPTOP);
    const harmed = await newPerson(suite.browser, HARMED);
    const responsible = await newPerson(suite.browser, RESPONSIBLE);
    people.push(facilitator, harmed, responsible);

    await joinMeeting(facilitator, live.links.facilitator);
    const main = await waitForRoomKind(facilitator.page, 'main');
    await Promise.all([joinMeeting(harmed, live.links.harmed), joinMeeting(responsible, live.links.responsible)]);
    const waitingHarmed = await waitForRoomKind(harmed.page, 'waiting');
    await waitForRoomKind(responsible.page, 'waiting');
    await waitForCardIn(facilitator.page, waitingHarmed, HARMED);
    await clickCardButton(facilitator.page, HARMED, 'card-admit');
    await waitForRoom(harmed.page, main);
    await waitForCardIn(facilitator.page, main, HARMED);

    // The facilitator asks to record Sam's message for the other side.
    const control = card(facilitator.page, HARMED).getByTestId('card-recording');
    await control.getByTestId('card-record-audience').selectOption('other_side');
    await control.getByTestId('card-record-start').click();
    await expect.poll(() => control.getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('asked');
    await expect.poll(() => control.getByTestId('card-recording-note').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/has not agreed to be recorded yet/);

    // Sam reads the consent wording and agrees.
    const prompt = harmed.page.getByTestId('consent-prompt');
    await prompt.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await prompt.textContent()).toMatch(/Who may see it/);
    expect(await prompt.textContent()).toMatch(/for the other side, once your facilitator has approved it/);
    await prompt.getByTestId('consent-agree').click();
    await prompt.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    // Everyone in the main room sees it; Alex, in the other side's waiting room, does not.
    const franSees = facilitator.page.getByTestId('recording-indicator');
    const samSees = harmed.page.getByTestId('recording-indicator');
    await franSees.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await samSees.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await franSees.textContent()).toBe(`Recording ${HARMED}\u2019s message`);
    expect(await samSees.textContent()).toBe('Recording your message');
    expect(await harmed.page.getByTestId('recording-status').getAttribute('role')).toBe('status');
    await expect.poll(() => control.getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('recording');
    const started = Date.now();
    await responsible.page.waitForTimeout(1_000);
    expect(await responsible.page.getByTestId('recording-indicator').count()).toBe(0);
    expect(await responsible.page.getByTestId('recording-status').textContent()).toBe('');

    await facilitator.page.waitForTimeout(Math.max(0, RECORD_MS - (Date.now() - started)));
    await control.getByTestId('card-record-stop').click();
    await expect.poll(() => control.getByTestId('card-recording-note').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/Saved/);
    await samSees.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await franSees.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await harmed.page.locator('[data-testid="recording-ended"][data-outcome="saved"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await responsible.page.getByTestId('recording-ended').count()).toBe(0);

    // The message waits for the facilitator's review, as recorded: VP8 + Opus.
    const [message] = await reviewMessages(live);
    expect(message).toMatchObject({ status: 'pending_review', audience: 'other_side', current: { origin: 'live_recording', mimeType: 'video/webm' } });
    const probed = await probeReviewedMessage(live, appUrl, message!.id);
    console.info(`[live-recording e2e] recorded about ${RECORD_MS / 1000} s; the stored file lasts ${probed.durationSeconds.toFixed(2)} s`);
    expect(probed.codecs).toEqual(['opus', 'vp8']);
    expect(probed.durationSeconds).toBeGreaterThan(RECORD_MS / 1000 - 1);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });
});
