// Issue 8, "SFU worker killed": SIGKILL the mediasoup worker carrying a shuttle meeting (the
// harmed party with the facilitator in a separate room, the responsible party alone in main). A new
// worker starts, media is rebuilt from room state, and everyone is back in their own room with media
// flowing within 5 s, the parties still apart. Three real browsers, the real SFU on the shared server.
import { describe, expect, it } from 'vitest';
import { LAPTOP, newPerson, useSharedBrowser } from './support/browser.ts';
import { expectReceiving } from './support/expect-media.ts';
import { tileOf } from './support/join.ts';
import { clickCardButton, clickColumnButton, createRoom, joinMeeting, moveWithMenu, waitForCardIn, waitForRoom, waitForRoomKind } from './support/meeting-ui.ts';
import { createMeeting, participant } from './support/meetings.ts';
import { describeAudit, mediaLedger, missingAudit } from './support/records.ts';
import { consumerIdsOf, readRtpTotals, waitForMediaFrom, waitForOutgoingMedia } from './support/stats.ts';
import { FACILITATOR, HARMED, pageErrorsOf, RESPONSIBLE, startTrio, type Member } from './support/trio.ts';
import { peerConnectionCount, probeRecovery, probeSampleCount, sfuPorts, type ProbeResult, type ProbeSample } from './support/worker-probe.ts';
import { isAlive, processInfo, workerOnPort, workersOf } from './support/worker-processes.ts';
import { holdFirstAnswer } from './support/worker-socket.ts';

/** The issue's limit: everyone's media flows again within 5 s of the kill. */
const RECOVER_WITHIN_MS = 5_000;
/** The kill comes this long after every page's sampling has started, so the samples show everyone in place first. */
const LEAD_MS = 500;
/** Sampling interval inside the pages, and of the worker processes in the test. */
const SAMPLE_EVERY_MS = 100;
/**
 * Sampling goes on this long after recovery: rooms stay put and media keeps arriving. Camera video
 * is simulcast, so a brand-new consumer may switch layer right after its first frame and then wait
 * for a keyframe of the new layer: one run in three showed a single decoded frame and no more for
 * over 1.5 s. The window covers that settling; the first frame still has to come within 5 s.
 */
const AFTER_RECOVERY_MS = 4_000;
/** Sampling gives up this long after it starts, recovered or not (the assertion then shows why). */
const GIVE_UP_AFTER_MS = 15_000;

/** The room of every sample that disagrees with `room` (the person's own), for the failure message. */
function misplaced(samples: readonly ProbeSample[], room: string, killAt: number): string[] {
  return samples.filter((s) => s.roomId !== room).map((s) => `${s.at - killAt} ms: in "${s.roomId}"`);
}

/** Samples where the facilitator's console put anyone in a room other than their own. */
function boardMisplaced(samples: readonly ProbeSample[], rooms: Record<string, string>, killAt: number): string[] {
  return samples.flatMap((s) =>
    Object.entries(rooms)
      .filter(([name, room]) => s.board[name] !== room)
      .map(([name]) => `${s.at - killAt} ms: ${name}'s card in "${s.board[name] ?? 'nowhere'}"`),
  );
}

/** Every sample at which this page showed a tile of someone outside its room. */
function foreignTiles(samples: readonly ProbeSample[], allowed: readonly string[], killAt: number): string[] {
  return samples.flatMap((s) => s.tiles.filter((name) => !allowed.includes(name)).map((name) => `${s.at - killAt} ms: tile of ${name}`));
}

/** Fails unless media from each expected peer kept arriving on the new consumers after recovery. */
function expectStillIncreasing(result: ProbeResult, who: string): void {
  const first = result.samples.find((s) => s.at === result.recoveredAt);
  const last = result.samples.at(-1);
  expect(first && last && last.at > first.at, `${who}: sampled after recovery`).toBe(true);
  for (const [name, reading] of Object.entries(last!.peers)) {
    const before = first!.peers[name]!;
    expect(reading.audioPackets, `${who}: audio packets from ${name} on the new consumers kept increasing after recovery`).toBeGreaterThan(before.audioPackets);
    expect(reading.videoFramesDecoded, `${who}: video frames from ${name} on the new consumers kept increasing after recovery`).toBeGreaterThan(before.videoFramesDecoded);
  }
  expect(last!.sentAudioPackets, `${who}: audio sent on the rebuilt transport kept increasing`).toBeGreaterThan(first!.sentAudioPackets);
  expect(last!.sentVideoFrames, `${who}: video frames sent on the rebuilt transport kept increasing`).toBeGreaterThan(first!.sentVideoFrames);
}

/** The one mediasoup worker carrying every connected transport of these pages (from pc index `fromPc[i]`). */
async function workerCarrying(members: readonly Member[], fromPc: readonly number[]): Promise<{ pid: number; ppid: number; ports: number[] }> {
  const ports = (await Promise.all(members.map((m, i) => sfuPorts(m.page, fromPc[i]!)))).flat();
  const owners = new Set(ports.map((port) => workerOnPort(port)?.pid ?? null));
  expect(ports.length, 'SFU ports of the connected transports').toBeGreaterThan(0);
  expect([...owners], `the processes owning the SFU ports ${ports.join(', ')} (one mediasoup worker carries the whole meeting)`).toHaveLength(1);
  const pid = [...owners][0];
  expect(pid, `a mediasoup worker owns the SFU ports ${ports.join(', ')}`).toBeTypeOf('number');
  return { pid: pid!, ppid: processInfo(pid!)!.ppid, ports };
}

describe('a killed SFU worker', () => {
  const suite = useSharedBrowser();
  const { people } = suite;

  it('is replaced, and within 5 s everyone is back in their own room with media flowing on new consumers, the parties never together', async () => {
    const trio = await startTrio(suite.browser, people, 'E2E worker killed');
    const { facilitator, harmed, responsible, main, meeting } = trio;
    // Shuttle: the harmed party and the facilitator in a separate room, the responsible party in main.
    const side = await createRoom(facilitator.page, 'Harmed party room');
    await moveWithMenu(facilitator.page, HARMED, side);
    await waitForRoom(harmed.page, side);
    await clickColumnButton(facilitator.page, side, 'room-join');
    await waitForRoom(facilitator.page, side);
    await clickCardButton(facilitator.page, RESPONSIBLE, 'card-admit');
    await waitForRoom(responsible.page, main);
    await waitForCardIn(facilitator.page, side, HARMED);
    await waitForCardIn(facilitator.page, main, RESPONSIBLE);
    const rooms: Record<string, string> = { [FACILITATOR]: side, [HARMED]: side, [RESPONSIBLE]: main };

    // Media flows in the separate room before the kill, and the responsible party sends alone in main.
    const [toFacilitator, toHarmed, fromResponsible] = await Promise.all([
      waitForMediaFrom(facilitator.page, HARMED),
      waitForMediaFrom(harmed.page, FACILITATOR),
      waitForOutgoingMedia(responsible.page),
    ]);
    expectReceiving(toFacilitator, 'from the harmed party at the facilitator, before the kill');
    expectReceiving(toHarmed, 'from the facilitator at the harmed party, before the kill');
    expect(fromResponsible.outboundPackets, 'packets the responsible party sent before the kill').toBeGreaterThan(0);
    expect((await readRtpTotals(responsible.page)).inboundPackets, 'packets the responsible party, alone in main, received before the kill').toBe(0);

    // The worker hosting THIS meeting: the process that owns the ports its media arrives on.
    const members = [facilitator, harmed, responsible];
    const pcsBefore = await Promise.all(members.map((m) => peerConnectionCount(m.page)));
    const dead = await workerCarrying(members, [0, 0, 0]);
    const workersBefore = workersOf(dead.ppid);
    expect(workersBefore, 'the app server runs the worker carrying the meeting').toContain(dead.pid);
    const oldIds = {
      harmedAtFacilitator: await consumerIdsOf(facilitator.page, HARMED),
      facilitatorAtHarmed: await consumerIdsOf(harmed.page, FACILITATOR),
    };

    // Sample every page from before the kill until after recovery; kill; watch the processes.
    const probe = (member: Member, index: number, expectedPeers: { name: string; oldConsumerIds: string[] }[]) =>
      probeRecovery(member.page, { expectedPeers, pcsBefore: pcsBefore[index]!, durationMs: GIVE_UP_AFTER_MS, afterRecoveryMs: AFTER_RECOVERY_MS, intervalMs: SAMPLE_EVERY_MS });
    const processes = { deadGoneAt: null as number | null, replacement: null as number | null, replacedAt: null as number | null };
    const killAndWatch = async (): Promise<number> => {
      // Every page samples before the kill: wait for their probes to run, then a little longer.
      const started = Date.now();
      while ((await Promise.all(members.map((m) => probeSampleCount(m.page)))).some((n) => n < 2)) {
        if (Date.now() - started > GIVE_UP_AFTER_MS) throw new Error('the pages did not start sampling');
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      }
      await new Promise((resolve) => setTimeout(resolve, LEAD_MS));
      const at = Date.now();
      process.kill(dead.pid, 'SIGKILL');
      while (Date.now() - at < GIVE_UP_AFTER_MS && (processes.deadGoneAt === null || processes.replacement === null)) {
        if (processes.deadGoneAt === null && !isAlive(dead.pid)) processes.deadGoneAt = Date.now();
        const fresh = workersOf(dead.ppid).filter((pid) => !workersBefore.includes(pid));
        if (processes.replacement === null && fresh.length > 0) {
          processes.replacement = fresh[0]!;
          processes.replacedAt = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS / 2));
      }
      return at;
    };
    const [atFacilitator, atHarmed, atResponsible, killAt] = await Promise.all([
      probe(facilitator, 0, [{ name: HARMED, oldConsumerIds: oldIds.harmedAtFacilitator }]),
      probe(harmed, 1, [{ name: FACILITATOR, oldConsumerIds: oldIds.facilitatorAtHarmed }]),
      probe(responsible, 2, []),
      killAndWatch(),
    ]);

    const recovered = { [FACILITATOR]: atFacilitator.recoveredAt, [HARMED]: atHarmed.recoveredAt, [RESPONSIBLE]: atResponsible.recoveredAt };
    const perPerson = Object.entries(recovered).map(([name, at]) => `${name}: ${at === null ? 'never' : `${at - killAt} ms`}`).join(', ');
    const allAt = Object.values(recovered).every((at) => at !== null) ? Math.max(...Object.values(recovered).map(Number)) : null;
    // What the SFU did when (from the media ledger), to tell a slow stage from a slow machine.
    const ids: Record<string, string> = { [FACILITATOR]: facilitator.participantId, [HARMED]: harmed.participantId, [RESPONSIBLE]: responsible.participantId };
    const ledger = await mediaLedger(Object.values(ids));
    const since = (at: number) => `+${at - killAt}`;
    const stages = Object.entries(ids)
      .map(([name, id]) => {
        const produced = ledger.producers.filter((p) => p.participantId === id && p.createdAt >= killAt).map((p) => `${p.kind} ${since(p.createdAt)}`);
        const consumed = ledger.consumers.filter((c) => c.participantId === id && c.createdAt >= killAt).map((c) => `${c.kind} ${since(c.createdAt)}`);
        return `${name}: produced ${produced.join(', ') || 'nothing'}; consumed ${consumed.join(', ') || 'nothing'}`;
      })
      .join(' | ');
    const gaps = [atFacilitator, atHarmed, atResponsible].flatMap((r) => r.samples.slice(1).map((s, i) => s.at - r.samples[i]!.at)).sort((a, b) => a - b);
    console.log(
      `[worker-recovery] kill → all media flowing: ${allAt === null ? 'not within 15 s' : `${allAt - killAt} ms`} (${perPerson}); ` +
        `replacement worker seen after ${processes.replacedAt === null ? '-' : processes.replacedAt - killAt} ms; pages sampled every ${gaps[Math.floor(gaps.length / 2)]} ms (median)\n` +
        `[worker-recovery] at the SFU, ms after the kill: ${stages}`,
    );

    // A new worker replaced the dead one, on the same server.
    expect(processes.deadGoneAt, `the killed worker ${dead.pid} is gone`).not.toBeNull();
    expect(processes.replacement, `a new mediasoup worker of the app server (pid ${dead.ppid}) replaced ${dead.pid}`).not.toBeNull();
    expect(workersOf(dead.ppid), 'the app server runs as many workers as before, without the dead one').toHaveLength(workersBefore.length);
    expect(workersOf(dead.ppid)).not.toContain(dead.pid);

    // Everyone stayed in their own room at every sample, before the kill and through recovery.
    const sampled = { [FACILITATOR]: atFacilitator, [HARMED]: atHarmed, [RESPONSIBLE]: atResponsible };
    for (const [name, result] of Object.entries(sampled)) {
      expect(result.samples.filter((s) => s.at < killAt).length, `${name}: samples before the kill`).toBeGreaterThan(0);
      expect(misplaced(result.samples, rooms[name]!, killAt), `${name}'s page showed them outside their own room`).toEqual([]);
    }
    expect(boardMisplaced(atFacilitator.samples, rooms, killAt), "the facilitator's console placed someone outside their room").toEqual([]);
    expect(foreignTiles(atHarmed.samples, [FACILITATOR], killAt), 'tiles the harmed party saw').toEqual([]);
    expect(foreignTiles(atFacilitator.samples, [HARMED], killAt), 'tiles the facilitator saw in the separate room').toEqual([]);
    expect(foreignTiles(atResponsible.samples, [], killAt), 'tiles the responsible party saw alone in main').toEqual([]);

    // Media flows again for everyone within 5 s, on new consumers and new transports, and keeps flowing.
    expect(allAt, `every page received on new consumers and sent on new transports (${perPerson})`).not.toBeNull();
    expect(allAt! - killAt, `ms from the kill until all media flowed again (${perPerson})`).toBeLessThan(RECOVER_WITHIN_MS);
    expectStillIncreasing(atFacilitator, FACILITATOR);
    expectStillIncreasing(atHarmed, HARMED);
    expectStillIncreasing(atResponsible, RESPONSIBLE);
    const lastAtResponsible = atResponsible.samples.at(-1)!;
    expect(lastAtResponsible.receivedTrackIds, 'tracks the responsible party, alone in main, received anything on').toEqual([]);

    // The rebuilt transports are on the new worker.
    const rebuilt = await workerCarrying(members, pcsBefore);
    expect(rebuilt.pid, 'the worker carrying the rebuilt transports').toBe(processes.replacement);

    // The SFU's own record: new producers for everyone, old ones closed, and consumers only within the separate room.
    for (const [name, id] of Object.entries(ids)) {
      const fresh = ledger.producers.filter((p) => p.participantId === id && p.createdAt >= killAt);
      expect(fresh.filter((p) => p.closedAt === null && !p.paused).map((p) => p.kind).sort(), `${name}'s open, unpaused producers created after the kill`).toEqual(['audio', 'video']);
      const stale = ledger.producers.filter((p) => p.participantId === id && p.createdAt < killAt && p.closedAt === null);
      expect(stale.map((p) => p.producerId), `${name}'s producers from before the kill still open`).toEqual([]);
    }
    const sameRoom = (a: string | null, b: string | null) => [ids[FACILITATOR], ids[HARMED]].includes(a ?? '') && [ids[FACILITATOR], ids[HARMED]].includes(b ?? '');
    const pair = (c: { participantId: string | null; producerParticipantId: string | null }) => `${c.producerParticipantId} → ${c.participantId}`;
    expect(ledger.consumers.filter((c) => !sameRoom(c.participantId, c.producerParticipantId)).map(pair), 'SFU consumers, ever, between people in different rooms').toEqual([]);
    const after = ledger.consumers.filter((c) => c.createdAt >= killAt && c.closedAt === null);
    expect(after.map((c) => `${pair(c)} ${c.kind}`).sort(), 'open SFU consumers created after the kill').toEqual(
      [`${ids[HARMED]} → ${ids[FACILITATOR]} audio`, `${ids[HARMED]} → ${ids[FACILITATOR]} video`, `${ids[FACILITATOR]} → ${ids[HARMED]} audio`, `${ids[FACILITATOR]} → ${ids[HARMED]} video`].sort(),
    );

    const { missing, log } = await missingAudit(meeting.meetingId, [{ action: 'meeting.mediaLost' }]);
    expect(missing, `the audit log records the lost media; it was:\n${describeAudit(log)}`).toEqual([]);
    for (const member of members) expect(await member.page.getByTestId('media-error').count(), `media error banners at ${member.name}`).toBe(0);
    expect(await tileOf(harmed.page, RESPONSIBLE).count(), "the responsible party's tile at the harmed party").toBe(0);
    expect(pageErrorsOf(facilitator, harmed, responsible)).toEqual([]);
  }, 120_000);

  it('a person whose first transport was answered from the dying worker, while they were still joining, gets media on the new worker instead of giving up', async () => {
    const created = await createMeeting({
      title: 'E2E worker killed while joining',
      participants: [
        { displayName: FACILITATOR, role: 'facilitator' },
        { displayName: HARMED, role: 'party', side: 'harmed' },
      ],
    });
    const facilitator = { ...(await newPerson(suite.browser, FACILITATOR, LAPTOP)), ...participant(created, FACILITATOR) };
    people.push(facilitator);
    await joinMeeting(facilitator, facilitator.link);
    const main = await waitForRoomKind(facilitator.page, 'main');
    expect((await waitForOutgoingMedia(facilitator.page)).outboundPackets, 'packets the facilitator sent before the kill').toBeGreaterThan(0);
    const dead = await workerCarrying([facilitator], [0]);

    // The harmed party joins; the answer to their first transport.create (made on the old worker)
    // is held until the worker is dead and the media reset has reached their page.
    const harmed = { ...(await newPerson(suite.browser, HARMED)), ...participant(created, HARMED) };
    people.push(harmed);
    const socket = await holdFirstAnswer(harmed.context, 'transport.create', 'media.reset');
    const joined = joinMeeting(harmed, harmed.link);
    const heldAnswer = await socket.held;
    expect(JSON.parse(heldAnswer.slice(heldAnswer.indexOf('[')))[0], 'the held transport.create answer (a transport on the old worker)').toMatchObject({ ok: true });
    process.kill(dead.pid, 'SIGKILL');
    await socket.notified;
    socket.release();
    await joined;
    const waiting = await waitForRoomKind(harmed.page, 'waiting');
    expect(waiting, 'the harmed party waits in their own waiting room').not.toBe(main);

    await clickCardButton(facilitator.page, HARMED, 'card-admit');
    await waitForRoom(harmed.page, main);
    const [atHarmed, atFacilitator] = await Promise.all([waitForMediaFrom(harmed.page, FACILITATOR), waitForMediaFrom(facilitator.page, HARMED)]);
    expectReceiving(atHarmed, 'from the facilitator at the harmed party, who joined as the worker died');
    expectReceiving(atFacilitator, 'from the harmed party at the facilitator');
    const rebuilt = await workerCarrying([facilitator, harmed], [0, 0]);
    expect(rebuilt.pid, 'the worker carrying their media now').not.toBe(dead.pid);
    expect(isAlive(dead.pid), 'the killed worker is gone').toBe(false);
    expect(await harmed.page.getByTestId('media-error').count(), 'media error banners at the harmed party').toBe(0);
    expect(pageErrorsOf(facilitator, harmed)).toEqual([]);
  }, 90_000);
});
