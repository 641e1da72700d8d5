// Parties arrive in their own side's waiting room, apart: nothing of either reaches the other
// until a facilitator brings them into the main room. Three real browsers, the real SFU.
import { describe, expect, it } from 'vitest';
import { useSharedBrowser } from './support/browser.ts';
import { expectReceiving } from './support/expect-media.ts';
import { tileOf, waitUntilVisible } from './support/join.ts';
import {
  chatMessages,
  clickCardButton,
  dragCardTo,
  openChat,
  sendRoomChat,
  UI_TIMEOUT_MS,
  waitForCardIn,
  waitForRoom,
} from './support/meeting-ui.ts';
import { consumersBetween, describeAudit, mediaLedger, missingAudit } from './support/records.ts';
import { readRtpTotals, waitForMediaFrom, waitForOutgoingMedia } from './support/stats.ts';
import { FACILITATOR, HARMED, pageErrorsOf, RESPONSIBLE, startTrio } from './support/trio.ts';

/** How long both parties are watched while they wait. */
const WAITING_WATCH_MS = 2_500;

describe('waiting rooms', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it("parties waiting in their own side's waiting rooms send media but receive no RTP at all and have no SFU consumer of each other; once admitted (card-admit and drag) each receives the other's video and audio", async () => {
    const trio = await startTrio(suite.browser, people, 'E2E waiting rooms');
    const { facilitator, harmed, responsible, main, waiting } = trio;

    // Apart: each in their own side's waiting room, told to wait.
    expect(waiting.harmed, 'the two sides wait in different rooms').not.toBe(waiting.responsible);
    await waitUntilVisible(harmed.page.getByTestId('waiting-message'));
    await waitUntilVisible(responsible.page.getByTestId('waiting-message'));

    // Both are producing: their own outbound RTP grows while they wait.
    const [harmedSending, responsibleSending] = await Promise.all([waitForOutgoingMedia(harmed.page), waitForOutgoingMedia(responsible.page)]);
    expect(harmedSending.outboundPackets, 'RTP packets the waiting harmed party sent').toBeGreaterThan(0);
    expect(responsibleSending.outboundPackets, 'RTP packets the waiting responsible party sent').toBeGreaterThan(0);

    // ...and nothing arrives at either of them, from anyone, across a few seconds.
    const before = await Promise.all([readRtpTotals(harmed.page), readRtpTotals(responsible.page)]);
    await harmed.page.waitForTimeout(WAITING_WATCH_MS);
    const after = await Promise.all([readRtpTotals(harmed.page), readRtpTotals(responsible.page)]);
    expect(before[0].inboundPackets, 'RTP packets the waiting harmed party received (start of watch)').toBe(0);
    expect(after[0].inboundPackets, 'RTP packets the waiting harmed party received (end of watch)').toBe(0);
    expect(before[1].inboundPackets, 'RTP packets the waiting responsible party received (start of watch)').toBe(0);
    expect(after[1].inboundPackets, 'RTP packets the waiting responsible party received (end of watch)').toBe(0);
    expect(after[0].outboundPackets, 'the harmed party kept sending during the watch').toBeGreaterThan(before[0].outboundPackets);
    expect(after[1].outboundPackets, 'the responsible party kept sending during the watch').toBeGreaterThan(before[1].outboundPackets);
    expect(await tileOf(harmed.page, RESPONSIBLE).count(), "tiles of the responsible party on the harmed party's page").toBe(0);
    expect(await tileOf(responsible.page, HARMED).count(), "tiles of the harmed party on the responsible party's page").toBe(0);

    // At the SFU: both have producers, and no consumer ever carried one party's media to the other.
    const ledger = await mediaLedger([harmed.participantId, responsible.participantId]);
    const producersOf = (id: string) => ledger.producers.filter((p) => p.participantId === id).map((p) => p.kind).sort();
    expect(producersOf(harmed.participantId), 'SFU producers of the waiting harmed party').toEqual(['audio', 'video']);
    expect(producersOf(responsible.participantId), 'SFU producers of the waiting responsible party').toEqual(['audio', 'video']);
    expect(await consumersBetween(responsible.participantId, harmed.participantId), 'SFU consumers: responsible → harmed while waiting').toEqual([]);
    expect(await consumersBetween(harmed.participantId, responsible.participantId), 'SFU consumers: harmed → responsible while waiting').toEqual([]);

    // Admission: the harmed party with the card's Admit button, the responsible party by drag and drop.
    await clickCardButton(facilitator.page, HARMED, 'card-admit');
    await waitForRoom(harmed.page, main);
    await dragCardTo(facilitator.page, RESPONSIBLE, main);
    await waitForRoom(responsible.page, main);
    await waitForCardIn(facilitator.page, main, HARMED);
    await waitForCardIn(facilitator.page, main, RESPONSIBLE);
    await harmed.page.getByTestId('waiting-message').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });

    await waitUntilVisible(tileOf(harmed.page, RESPONSIBLE));
    await waitUntilVisible(tileOf(responsible.page, HARMED));
    const [atHarmed, atResponsible] = await Promise.all([waitForMediaFrom(harmed.page, RESPONSIBLE), waitForMediaFrom(responsible.page, HARMED)]);
    expectReceiving(atHarmed, 'from the responsible party at the harmed party, after admission');
    expectReceiving(atResponsible, 'from the harmed party at the responsible party, after admission');

    const { missing, log } = await missingAudit(trio.meeting.meetingId, [
      { action: 'participant.admitted', actorId: facilitator.participantId, subjectId: harmed.participantId },
      { action: 'participant.admitted', actorId: facilitator.participantId, subjectId: responsible.participantId },
    ]);
    expect(missing, `facilitator actions missing from the audit log; the log was:\n${describeAudit(log)}`).toEqual([]);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });

  it("a facilitator's chat message to one waiting room reaches the party waiting there and not the party in the other waiting room", async () => {
    const trio = await startTrio(suite.browser, people, 'E2E waiting-room chat');
    const { facilitator, harmed, responsible, waiting } = trio;
    const forHarmed = 'Thank you for waiting, we will start in a few minutes.';
    const forResponsible = 'Hello, I will be with you shortly.';

    await sendRoomChat(facilitator.page, waiting.harmed, forHarmed);
    await openChat(harmed.page);
    await waitUntilVisible(chatMessages(harmed.page, FACILITATOR).filter({ hasText: forHarmed }));

    // A second message, to the other waiting room, arrives after the first would have: once it is
    // there, the first one has certainly not been delivered to this party.
    await sendRoomChat(facilitator.page, waiting.responsible, forResponsible);
    await openChat(responsible.page);
    await waitUntilVisible(chatMessages(responsible.page, FACILITATOR).filter({ hasText: forResponsible }));
    expect(await responsible.page.getByTestId('chat-message').filter({ hasText: forHarmed }).count(), "the harmed party's waiting-room message at the responsible party").toBe(0);
    expect(await harmed.page.getByTestId('chat-message').filter({ hasText: forResponsible }).count(), "the responsible party's waiting-room message at the harmed party").toBe(0);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  });
});

