// Recorded messages end to end, in real Chromium with fake camera and microphone, against the real
// server: consent, recording in the browser (watched back before sending), resumable upload, the
// facilitator's review (trim, approve, ask for changes), view-only playback bound to the viewer's
// browser session, the audit of the view, and what the sender sees at every step.
import { describe, expect, it, inject } from 'vitest';
import { newPerson, useSharedBrowser } from './support/browser.ts';
import {
  auditFor,
  decodedFrames,
  HARMED,
  messageRow,
  MESSAGES_UI_TIMEOUT_MS,
  openMessages,
  openReview,
  PROCESSING_TIMEOUT_MS,
  recordTake,
  reviewRow,
  sendAndGetId,
  setUpMessagesCase,
  signedInStaff,
  startMessage,
  waitForStatus,
} from './support/messages.ts';
import { pageErrorsOf } from './support/trio.ts';

/**
 * Recordings, uploads, ffprobe and trims on a shared 2-core machine, with a sender's page that
 * polls every 10 s when nothing is moving (as designed): more than the default 60 s can be needed.
 */
const RECORDING_TEST_MS = 150_000;
const TEXT_TEST_MS = 90_000;

describe('recorded messages', () => {
  const shared = useSharedBrowser();

  it('the harmed party records a video message with consent, watches it back and sends it; the facilitator trims and approves it; the responsible party plays it (frames decoded); the same playback URL is refused in another browser session; the audit log shows the view and the sender sees "viewed"', async () => {
    const { browser, people } = shared;
    const kase = await setUpMessagesCase(browser, people);
    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const h = harmed.page;

    // From the join page's Messages link, which carries the same token.
    await h.goto(`${inject('appUrl')}/join#token=${kase.harmedToken}`);
    await h.getByTestId('join-messages-link').click();
    await h.getByTestId('message-new').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(new URL(h.url()).pathname).toBe('/messages');

    // Consent (with the separate, optional training use), then the live preview before recording.
    await startMessage(h, 'video', { training: true });
    await h.getByTestId('recorder-preview').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    await expect.poll(() => h.getByTestId('recorder-preview').evaluate((v) => (v as HTMLVideoElement).videoWidth), { timeout: MESSAGES_UI_TIMEOUT_MS }).toBeGreaterThan(0);
    expect(await h.getByTestId('message-send').isDisabled(), 'nothing to send before a take is kept').toBe(true);

    // A first take, watched back, then re-recorded; the second take is kept.
    await recordTake(h, 2);
    expect(await decodedFrames(h.getByTestId('recorder-playback')), 'the take plays back').toBeGreaterThan(0);
    await h.getByTestId('recorder-rerecord').click();
    await h.getByTestId('recorder-preview').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    await recordTake(h, 5);
    expect(await decodedFrames(h.getByTestId('recorder-playback'))).toBeGreaterThan(0);
    await h.getByTestId('recorder-keep').click();
    const id = await sendAndGetId(h);
    const sent = messageRow(h, id);
    expect(await sent.getAttribute('data-direction')).toBe('sent');
    await waitForStatus(sent, 'pending_review');
    expect(await h.getByTestId(`message-status-${id}`).textContent()).toBe('Waiting for review');

    // The facilitator plays it, trims it into a new version, and approves that.
    const f = kase.facilitator.page;
    await openReview(kase.facilitator, kase.caseId);
    const row = reviewRow(f, id);
    await row.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await row.getAttribute('data-status')).toBe('pending_review');
    await row.getByTestId('review-play').click();
    const reviewPlayer = row.getByTestId('review-player');
    expect(await decodedFrames(reviewPlayer), 'the facilitator’s player decodes the video').toBeGreaterThan(0);
    expect(await row.getByTestId('review-version-1').textContent()).toMatch(/recorded in the browser/);
    // The start from the player's position (paused at 1 s), the end typed.
    await reviewPlayer.evaluate((el) => {
      const v = el as HTMLVideoElement;
      v.pause();
      v.currentTime = 1;
    });
    await row.getByTestId('review-trim-start-now').click();
    expect(await row.getByTestId('review-trim-start').inputValue()).toBe('1');
    await row.getByTestId('review-trim-end').fill('3.5');
    await row.getByTestId('review-trim').click();
    await row.getByTestId('review-version-2').waitFor({ state: 'visible', timeout: PROCESSING_TIMEOUT_MS });
    expect(await row.getByTestId('review-version-2').textContent()).toMatch(/trimmed by a facilitator/);
    await waitForStatus(row, 'pending_review');
    await row.getByTestId('review-approve').click();
    await waitForStatus(row, 'delivered', MESSAGES_UI_TIMEOUT_MS);
    await waitForStatus(sent, 'delivered');

    // The responsible party: a neutral notice only, then the message, view-only, with a reply option.
    const responsible = await newPerson(browser, 'Alex');
    people.push(responsible);
    const r = responsible.page;
    await openMessages(responsible, kase.responsibleToken);
    const notice = r.getByTestId('inbox-notice');
    await notice.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await notice.textContent()).toBe('You have a new message');
    const received = messageRow(r, id);
    expect(await received.getAttribute('data-direction')).toBe('received');
    expect(await received.getByTestId(`message-reply-${id}`).isVisible(), 'replies are allowed for this one').toBe(true);
    await received.getByTestId(`message-play-${id}`).click();
    const player = r.getByTestId('message-player');
    await player.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await player.getAttribute('controlslist')).toBe('nodownload noremoteplayback');
    expect(await player.evaluate((v) => (v as HTMLVideoElement).disablePictureInPicture)).toBe(true);
    expect(await decodedFrames(player), 'the responsible party’s player decodes the approved video').toBeGreaterThan(0);
    const duration = await player.evaluate((v) => (v as HTMLVideoElement).duration);
    expect(duration, 'the delivered version is the trimmed one (2.5 s)').toBeLessThan(4);

    // The playback URL works in this browser session only.
    const src = await player.getAttribute('src');
    expect(src).toMatch(/^\/api\/play\//);
    const appUrl = new URL(r.url()).origin;
    const own = await responsible.context.request.get(`${appUrl}${src}`, { headers: { range: 'bytes=0-99' } });
    expect(own.status(), 'the same session may fetch it').toBe(206);
    const stranger = await newPerson(browser, 'Someone else');
    people.push(stranger);
    const refused = await stranger.context.request.get(`${appUrl}${src}`);
    expect(refused.status(), 'another browser session is refused').toBe(403);
    expect(refused.headers()['content-type']).toMatch(/json/);

    // The sender sees "viewed"; the audit log has the view.
    await waitForStatus(sent, 'viewed');
    expect(await h.getByTestId(`message-status-${id}`).textContent()).toBe('Viewed');
    expect(await h.getByTestId(`message-withdraw-${id}`).count(), 'a viewed message can no longer be withdrawn').toBe(0);
    const coordinator = await signedInStaff('coordinator', 'Cora Coordinator');
    const actions = await auditFor(coordinator, kase.caseId, id);
    expect(actions).toContain('message.viewed');
    expect(actions).toContain('message.approved');

    expect(pageErrorsOf(harmed, responsible, kase.facilitator)).toEqual([]);
  }, RECORDING_TEST_MS);

  it('a person who declines consent records nothing: no camera or microphone is opened and no message exists', async () => {
    const { browser, people } = shared;
    const kase = await setUpMessagesCase(browser, people);
    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const h = harmed.page;
    await h.addInitScript(() => {
      const devices = navigator.mediaDevices;
      const original = devices.getUserMedia.bind(devices);
      (window as unknown as { __gum: number }).__gum = 0;
      devices.getUserMedia = (constraints) => {
        (window as unknown as { __gum: number }).__gum += 1;
        return original(constraints);
      };
    });
    await openMessages(harmed, kase.harmedToken);
    await h.getByTestId('message-new').click();
    await h.getByTestId('message-kind-video').click();
    await h.getByTestId('consent-dialog').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    await h.getByTestId('consent-decline').click();
    await h.getByTestId('message-composer').waitFor({ state: 'detached', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await h.getByTestId('message-done').textContent()).toMatch(/Nothing was recorded/);
    expect(await h.evaluate(() => (window as unknown as { __gum: number }).__gum), 'getUserMedia calls').toBe(0);
    expect(await h.getByTestId('message-row').count()).toBe(0);
    const stored = await fetch(`${inject('appUrl')}/api/me/consents`, { headers: { authorization: `Bearer ${kase.harmedToken}` } });
    expect(((await stored.json()) as { consents: unknown[] }).consents, 'no consent record was made').toEqual([]);
    expect(pageErrorsOf(harmed)).toEqual([]);
  });

  it('a text message with "no reply wanted": approved, read by the other side, who is offered no reply', async () => {
    const { browser, people } = shared;
    const kase = await setUpMessagesCase(browser, people);
    const responsible = await newPerson(browser, 'Alex');
    people.push(responsible);
    const r = responsible.page;
    await openMessages(responsible, kase.responsibleToken);
    await startMessage(r, 'text');
    const words = 'I am sorry for what I did. I do not expect an answer.';
    await r.getByTestId('message-text').fill(words);
    await r.getByTestId('message-no-reply').check();
    const id = await sendAndGetId(r);
    const sent = messageRow(r, id);
    await waitForStatus(sent, 'pending_review', MESSAGES_UI_TIMEOUT_MS);
    expect(await r.getByTestId(`message-text-${id}`).textContent()).toBe(words);

    const f = kase.facilitator.page;
    await openReview(kase.facilitator, kase.caseId);
    const row = reviewRow(f, id);
    await row.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await row.getByTestId('review-text').textContent()).toBe(words);
    await row.getByTestId('review-approve').click();
    await waitForStatus(row, 'delivered', MESSAGES_UI_TIMEOUT_MS);

    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const h = harmed.page;
    await openMessages(harmed, kase.harmedToken);
    const received = messageRow(h, id);
    await received.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await h.getByTestId('inbox-notice').textContent(), 'the notice names no one and quotes nothing').toBe('You have a new message');
    expect(await h.getByTestId(`message-text-${id}`).count(), 'the text shows once it is opened').toBe(0);
    await received.getByTestId(`message-play-${id}`).click();
    await expect.poll(() => h.getByTestId(`message-text-${id}`).textContent(), { timeout: MESSAGES_UI_TIMEOUT_MS }).toBe(words);
    expect(await received.getAttribute('data-status')).toBe('viewed');
    expect(await h.getByTestId(`message-reply-${id}`).count(), 'no reply option').toBe(0);
    await h.getByTestId('inbox-notice').waitFor({ state: 'detached', timeout: MESSAGES_UI_TIMEOUT_MS });
    await waitForStatus(sent, 'viewed');

    expect(pageErrorsOf(harmed, responsible, kase.facilitator)).toEqual([]);
  }, TEXT_TEST_MS);

  it('the facilitator asks for changes to a voice message; the sender sees the note, records a new version, and it comes back for review as version 2', async () => {
    const { browser, people } = shared;
    const kase = await setUpMessagesCase(browser, people);
    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const h = harmed.page;
    await openMessages(harmed, kase.harmedToken);
    await startMessage(h, 'audio', { audience: 'other_side' });
    await recordTake(h, 2);
    await h.getByTestId('recorder-keep').click();
    const id = await sendAndGetId(h);
    const sent = messageRow(h, id);
    await waitForStatus(sent, 'pending_review');

    const f = kase.facilitator.page;
    await openReview(kase.facilitator, kase.caseId);
    const row = reviewRow(f, id);
    await row.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    const note = 'Please leave out the name of the street.';
    await row.getByTestId('review-reason').fill(note);
    await row.getByTestId('review-request-changes').click();
    await waitForStatus(row, 'changes_requested', MESSAGES_UI_TIMEOUT_MS);

    await waitForStatus(sent, 'changes_requested');
    expect(await h.getByTestId(`message-status-${id}`).textContent()).toBe('Changes requested');
    expect(await h.getByTestId(`message-reason-${id}`).textContent()).toContain(note);
    await h.getByTestId(`message-new-version-${id}`).click();
    await recordTake(h, 2);
    await h.getByTestId('recorder-keep').click();
    await h.getByTestId('message-send').click();
    await h.getByTestId('message-composer').waitFor({ state: 'detached', timeout: MESSAGES_UI_TIMEOUT_MS });
    await waitForStatus(sent, 'pending_review');

    await waitForStatus(row, 'pending_review');
    await row.getByTestId('review-version-2').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    await row.getByTestId('review-play').click();
    const player = row.getByTestId('review-player');
    await player.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
    expect(await player.evaluate((el) => el.tagName)).toBe('AUDIO');
    await row.getByTestId('review-approve').click();
    await waitForStatus(row, 'delivered', MESSAGES_UI_TIMEOUT_MS);

    expect(pageErrorsOf(harmed, kase.facilitator)).toEqual([]);
  }, RECORDING_TEST_MS);
});
