// Rooms and placement: separate rooms, media that follows placement at the SFU, listening in,
// and a reload that returns someone to the room they were in. Three real browsers, the real SFU.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSharedBrowser } from './support/browser.ts';
import { expectReceiving } from './support/expect-media.ts';
import { tileOf, waitUntilGone, waitUntilVisible } from './support/join.ts';
import {
  cardIn,
  clickCardButton,
  clickColumnButton,
  column,
  createRoom,
  currentRoom,
  moveWithKeyboard,
  moveWithMenu,
  reloadAndRejoin,
  UI_TIMEOUT_MS,
  waitForCardIn,
  waitForRoom,
} from './support/meeting-ui.ts';
import { consumersBetween, describeAudit, missingAudit, type LedgerConsumer } from './support/records.ts';
import {
  consumerIdsOf,
  packetTimeline,
  readRtpTotals,
  samplePackets,
  waitForMediaFrom,
  type PacketSample,
} from './support/stats.ts';
import { admitBoth, FACILITATOR, HARMED, pageErrorsOf, RESPONSIBLE, startTrio } from './support/trio.ts';

/** The limit: media between the parties stops within 1 s of the move. */
const STOP_WITHIN_MS = 1_000;
/** Sampling starts this long before the move, so the samples show media flowing first. */
const SAMPLE_LEAD_MS = 600;
/** Sampling goes on this long in all, at 100 ms intervals. */
const SAMPLE_FOR_MS = 3_600;

/** `samples`, extended by sampling on until they cover 1.7 s after `movedAt` (packet counts are cumulative). */
async function sampleOnAfter(page: Page, ids: readonly string[], samples: PacketSample[], movedAt: number): Promise<PacketSample[]> {
  const missing = movedAt + STOP_WITHIN_MS + 700 - (samples.at(-1)?.at ?? 0);
  return missing > 0 ? [...samples, ...(await samplePackets(page, ids, missing))] : samples;
}

/** Fails with the numbers when packets on the sampled tracks did not stop within 1 s of `movedAt`. */
function expectStoppedWithinOneSecond(samples: PacketSample[], movedAt: number, what: string): void {
  const t = packetTimeline(samples, movedAt);
  const last = samples.at(-1);
  expect(t.flowingBefore, `${what}: packets arrived before the move (the measurement was live); ${samples.length} samples`).toBe(true);
  expect(last && last.at - movedAt, `${what}: sampling went on long enough after the move (ms)`).toBeGreaterThan(STOP_WITHIN_MS + 500);
  // Packets certainly arrived after `stillArrivingAfter`; that must be earlier than 1 s after the move.
  const late = t.stillArrivingAfter === null ? null : t.stillArrivingAfter - movedAt;
  const detail = t.lastIncreaseAt === null ? 'no packets after the move' : `last new packets seen ${t.lastIncreaseAt - movedAt} ms after the move, still arriving after ${late} ms`;
  expect(late === null || late < STOP_WITHIN_MS, `${what}: media stops within ${STOP_WITHIN_MS} ms of the move (${detail})`).toBe(true);
}

/** Fails unless every SFU consumer listed was closed, each within 1 s of `movedAt`. */
function expectClosedWithinOneSecond(consumers: LedgerConsumer[], movedAt: number, what: string): void {
  expect(consumers.length, `${what}: SFU consumers that carried it before the move`).toBeGreaterThan(0);
  const open = consumers.filter((c) => c.closedAt === null).map((c) => `${c.kind} ${c.consumerId}`);
  expect(open, `${what}: SFU consumers still open after the move`).toEqual([]);
  const late = consumers.filter((c) => (c.closedAt ?? Infinity) - movedAt > STOP_WITHIN_MS).map((c) => `${c.kind} closed ${(c.closedAt ?? NaN) - movedAt} ms after the move`);
  expect(late, `${what}: SFU consumers closed later than ${STOP_WITHIN_MS} ms after the move`).toEqual([]);
}

describe('rooms', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it("moving a party into a separate room with the keyboard stops media between the parties within 1 s, and the facilitator's media follows the facilitator into that room", async () => {
    const trio = await startTrio(suite.browser, people, 'E2E separate room');
    const { facilitator, harmed, responsible, main } = trio;
    await admitBoth(trio);
    const [flowingToHarmed, flowingToResponsible] = await Promise.all([waitForMediaFrom(harmed.page, RESPONSIBLE), waitForMediaFrom(responsible.page, HARMED)]);
    expectReceiving(flowingToHarmed, 'from the responsible party at the harmed party, before the move');
    expectReceiving(flowingToResponsible, 'from the harmed party at the responsible party, before the move');

    const quiet = await createRoom(facilitator.page, 'Quiet room');
    const idsAtHarmed = await consumerIdsOf(harmed.page, RESPONSIBLE);
    const idsAtResponsible = await consumerIdsOf(responsible.page, HARMED);
    const sfuBefore = {
      toHarmed: await consumersBetween(responsible.participantId, harmed.participantId),
      toResponsible: await consumersBetween(harmed.participantId, responsible.participantId),
    };

    // Sample both parties' packets from each other, in their pages, across the move.
    const move = async (): Promise<number> => {
      await facilitator.page.waitForTimeout(SAMPLE_LEAD_MS);
      return moveWithKeyboard(facilitator.page, RESPONSIBLE, quiet);
    };
    const [firstAtHarmed, firstAtResponsible, movedAt] = await Promise.all([
      samplePackets(harmed.page, idsAtHarmed, SAMPLE_FOR_MS),
      samplePackets(responsible.page, idsAtResponsible, SAMPLE_FOR_MS),
      move(),
    ]);
    // On a loaded machine the keyboard move itself can take long; sample on until the window after it is covered.
    const [atHarmed, atResponsible] = await Promise.all([
      sampleOnAfter(harmed.page, idsAtHarmed, firstAtHarmed, movedAt),
      sampleOnAfter(responsible.page, idsAtResponsible, firstAtResponsible, movedAt),
    ]);

    await waitForRoom(responsible.page, quiet);
    await waitForCardIn(facilitator.page, quiet, RESPONSIBLE);
    expectStoppedWithinOneSecond(atHarmed, movedAt, 'responsible → harmed, at the harmed party');
    expectStoppedWithinOneSecond(atResponsible, movedAt, 'harmed → responsible, at the responsible party');
    const sfuAfter = {
      toHarmed: await consumersBetween(responsible.participantId, harmed.participantId),
      toResponsible: await consumersBetween(harmed.participantId, responsible.participantId),
    };
    expect(sfuAfter.toHarmed.map((c) => c.consumerId).sort(), 'SFU consumers responsible → harmed: none created after the move').toEqual(sfuBefore.toHarmed.map((c) => c.consumerId).sort());
    expect(sfuAfter.toResponsible.map((c) => c.consumerId).sort(), 'SFU consumers harmed → responsible: none created after the move').toEqual(sfuBefore.toResponsible.map((c) => c.consumerId).sort());
    expectClosedWithinOneSecond(sfuAfter.toHarmed, movedAt, 'responsible → harmed at the SFU');
    expectClosedWithinOneSecond(sfuAfter.toResponsible, movedAt, 'harmed → responsible at the SFU');
    await waitUntilGone(tileOf(harmed.page, RESPONSIBLE));
    await waitUntilGone(tileOf(responsible.page, HARMED));

    // The facilitator goes to the separate room: the party there receives them, the one in main no longer does.
    const facilitatorIdsAtHarmed = await consumerIdsOf(harmed.page, FACILITATOR);
    expect(facilitatorIdsAtHarmed.length, "consumers of the facilitator's media at the harmed party, in main").toBeGreaterThan(0);
    await clickColumnButton(facilitator.page, quiet, 'room-join');
    await waitForRoom(facilitator.page, quiet);
    await waitUntilVisible(tileOf(responsible.page, FACILITATOR));
    const fromFacilitator = await waitForMediaFrom(responsible.page, FACILITATOR);
    expectReceiving(fromFacilitator, 'from the facilitator at the responsible party in the separate room');

    await waitUntilGone(tileOf(harmed.page, FACILITATOR));
    const facilitatorToHarmed = await consumersBetween(facilitator.participantId, harmed.participantId);
    expect(facilitatorToHarmed.filter((c) => c.closedAt === null).map((c) => c.kind), "open SFU consumers of the facilitator's media at the harmed party, left in main").toEqual([]);
    const alone = await samplePackets(harmed.page, facilitatorIdsAtHarmed, 2_000);
    expect(packetTimeline(alone, 0).lastIncreaseAt, "time the harmed party, alone in main, last received the facilitator's packets").toBeNull();
    expect(await currentRoom(harmed.page), 'the harmed party stayed in main').toEqual({ id: main, kind: 'main' });

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'room.created', actorId: facilitator.participantId, detail: { roomId: quiet } },
      { action: 'participant.moved', actorId: facilitator.participantId, subjectId: responsible.participantId, detail: { to: quiet } },
      { action: 'participant.moved', actorId: facilitator.participantId, subjectId: facilitator.participantId, detail: { to: quiet } },
    ]);
    expect(missing, `facilitator actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });

  it("a facilitator listening in to a waiting room receives that party's media while the party sees the listening banner, and nothing crosses between the listened room and the main room", async () => {
    const trio = await startTrio(suite.browser, people, 'E2E listen in');
    const { facilitator, harmed, responsible, main, waiting } = trio;
    await clickCardButton(facilitator.page, HARMED, 'card-admit');
    await waitForRoom(harmed.page, main);

    const listen = column(facilitator.page, waiting.responsible).getByTestId('room-listen');
    await listen.click();
    await facilitator.page.locator(`[data-testid="board-column"][data-room-id="${waiting.responsible}"] [data-testid="room-listen"][aria-pressed="true"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    const banner = responsible.page.getByTestId('listening-banner');
    await waitUntilVisible(banner);
    expect(await banner.innerText(), 'the listening banner names the facilitator').toContain(FACILITATOR);
    expect(await harmed.page.getByTestId('listening-banner').count(), 'listening banners in the main room, which nobody listens to').toBe(0);

    await waitUntilVisible(tileOf(facilitator.page, RESPONSIBLE));
    const heard = await waitForMediaFrom(facilitator.page, RESPONSIBLE);
    expectReceiving(heard, 'from the listened-to responsible party at the facilitator');

    // Listening is one way, and only for the facilitator.
    expect((await readRtpTotals(responsible.page)).inboundPackets, 'RTP packets the listened-to waiting party received').toBe(0);
    expect(await consumersBetween(responsible.participantId, harmed.participantId), 'SFU consumers: listened-to responsible → harmed in main').toEqual([]);
    expect(await consumersBetween(harmed.participantId, responsible.participantId), 'SFU consumers: harmed in main → listened-to responsible').toEqual([]);
    expect(await consumersBetween(facilitator.participantId, responsible.participantId), 'SFU consumers: facilitator → listened-to responsible').toEqual([]);

    await listen.click();
    await facilitator.page.locator(`[data-testid="board-column"][data-room-id="${waiting.responsible}"] [data-testid="room-listen"][aria-pressed="false"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    await banner.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await waitUntilGone(tileOf(facilitator.page, RESPONSIBLE));
    const afterStop = await consumersBetween(responsible.participantId, facilitator.participantId);
    expect(afterStop.length, "SFU consumers that carried the responsible party's media to the listening facilitator").toBeGreaterThan(0);
    expect(afterStop.filter((c) => c.closedAt === null).map((c) => c.kind), 'SFU consumers still open after listening stopped').toEqual([]);

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'participant.admitted', actorId: facilitator.participantId, subjectId: harmed.participantId },
      { action: 'facilitator.listenStarted', actorId: facilitator.participantId, detail: { roomId: waiting.responsible } },
      { action: 'facilitator.listenStopped', actorId: facilitator.participantId },
    ]);
    expect(missing, `facilitator actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });

  it('a party who reloads their page and rejoins through the join page is back in the separate room they were in, on their page and on the board', async () => {
    const trio = await startTrio(suite.browser, people, 'E2E reload');
    const { facilitator, harmed, main } = trio;
    await admitBoth(trio);
    const side = await createRoom(facilitator.page, 'Side room');
    await moveWithMenu(facilitator.page, HARMED, side);
    await waitForRoom(harmed.page, side);
    await waitForCardIn(facilitator.page, side, HARMED);

    await reloadAndRejoin(harmed);

    expect(await currentRoom(harmed.page), 'the room the harmed party is in after the reload').toEqual({ id: side, kind: 'separate' });
    await facilitator.page.locator(`[data-testid="board-column"][data-room-id="${side}"] [data-testid="board-card"][data-name="${HARMED}"][data-connected="true"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await cardIn(facilitator.page, main, HARMED).count(), 'cards of the harmed party in the main room column').toBe(0);
    expect(await tileOf(harmed.page, RESPONSIBLE).count(), 'tiles of the responsible party (in main) at the reloaded harmed party').toBe(0);

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'room.created', actorId: facilitator.participantId, detail: { roomId: side } },
      { action: 'participant.moved', actorId: facilitator.participantId, subjectId: harmed.participantId, detail: { to: side } },
    ]);
    expect(missing, `facilitator actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed)).toEqual([]);
  });
});
