// In-page probes for the worker-recovery test: where the page says its person is, and whether
// media flows again through NEW consumers and NEW transports after the SFU lost everything. The
// sampling runs inside the page (one page.evaluate), so test-runner round trips stay out of the
// timing; every sample carries the page's Date.now(), the same clock as the test process.
import type { Page } from 'playwright-core';

/** A peer this page must receive again, and the consumer ids it received them on before. */
export interface ExpectedPeer {
  name: string;
  oldConsumerIds: readonly string[];
}

export interface ProbeOptions {
  /** Peers to receive from again (the others in this person's room). */
  expectedPeers: readonly ExpectedPeer[];
  /** How many RTCPeerConnections the page had before the kill: later ones are the rebuilt transports. */
  pcsBefore: number;
  /** Give up after this long. */
  durationMs: number;
  /** Keep sampling this long after recovery (rooms must stay put, media must keep increasing). */
  afterRecoveryMs: number;
  intervalMs: number;
}

/** What one peer's NEW consumers (ids not seen before the kill) carried so far. */
export interface PeerReading {
  newConsumerIds: string[];
  audioPackets: number;
  videoFramesDecoded: number;
}

export interface ProbeSample {
  at: number;
  /** The room the meeting page shows this person in ('' when the page shows none). */
  roomId: string;
  /** Names on the remote tiles this page shows. */
  tiles: string[];
  /** On the facilitator console: the room of each card, by name (empty on a party's page). */
  board: Record<string, string>;
  /** By expected peer name. */
  peers: Record<string, PeerReading>;
  /** What the rebuilt (new) peer connections sent: packets of each kind, on connected ones only. */
  sentAudioPackets: number;
  sentVideoFrames: number;
  /** Every inbound track id (consumer id) with packets, on any open peer connection. */
  receivedTrackIds: string[];
}

export interface ProbeResult {
  samples: ProbeSample[];
  /** The first sample at which every expected peer arrived on new consumers and we sent on new transports. */
  recoveredAt: number | null;
}

/** Samples the page every `intervalMs` until recovery + `afterRecoveryMs`, or `durationMs`. */
export function probeRecovery(page: Page, options: ProbeOptions): Promise<ProbeResult> {
  return page.evaluate(async (opts) => {
    type Stat = { type: string; kind?: string; trackIdentifier?: string; packetsReceived?: number; framesDecoded?: number; packetsSent?: number; framesEncoded?: number };
    const samples: ProbeSample[] = [];
    (window as unknown as { __workerProbeSamples?: number }).__workerProbeSamples = 0;
    let recoveredAt: number | null = null;
    const end = Date.now() + opts.durationMs;
    const attr = (el: Element, name: string) => el.getAttribute(name) ?? '';
    while (Date.now() < end && (recoveredAt === null || Date.now() - recoveredAt < opts.afterRecoveryMs)) {
      const meeting = document.querySelector('[data-testid="meeting-page"]');
      const tiles = [...document.querySelectorAll('[data-testid="tile"][data-name]')].map((t) => attr(t, 'data-name'));
      const board: Record<string, string> = {};
      for (const card of document.querySelectorAll('[data-testid="board-card"]')) board[attr(card, 'data-name')] = attr(card, 'data-room-id');
      const newIds: Record<string, Set<string>> = {};
      for (const peer of opts.expectedPeers) {
        const old = new Set(peer.oldConsumerIds);
        const ids = [...document.querySelectorAll(`[data-testid="tile"][data-name="${peer.name}"]`)]
          .flatMap((t) => attr(t, 'data-consumer-ids').split(/\s+/))
          .filter((id) => id !== '' && !old.has(id));
        newIds[peer.name] = new Set(ids);
      }
      const peers: Record<string, PeerReading> = {};
      for (const peer of opts.expectedPeers) peers[peer.name] = { newConsumerIds: [...newIds[peer.name]!], audioPackets: 0, videoFramesDecoded: 0 };
      let sentAudioPackets = 0;
      let sentVideoFrames = 0;
      const receivedTrackIds = new Set<string>();
      const pcs = window.__pcs ?? [];
      for (let i = 0; i < pcs.length; i += 1) {
        const pc = pcs[i]!;
        if (pc.connectionState === 'closed') continue;
        const report = await pc.getStats();
        report.forEach((s: Stat) => {
          if (s.type === 'inbound-rtp' && s.trackIdentifier) {
            if ((s.packetsReceived ?? 0) > 0) receivedTrackIds.add(s.trackIdentifier);
            for (const peer of opts.expectedPeers) {
              if (!newIds[peer.name]!.has(s.trackIdentifier)) continue;
              const reading = peers[peer.name]!;
              if (s.kind === 'audio') reading.audioPackets += s.packetsReceived ?? 0;
              if (s.kind === 'video') reading.videoFramesDecoded += s.framesDecoded ?? 0;
            }
          }
          if (s.type === 'outbound-rtp' && i >= opts.pcsBefore && pc.connectionState === 'connected') {
            if (s.kind === 'audio') sentAudioPackets += s.packetsSent ?? 0;
            if (s.kind === 'video') sentVideoFrames += s.framesEncoded ?? 0;
          }
        });
      }
      const at = Date.now();
      samples.push({ at, roomId: meeting ? attr(meeting, 'data-room-id') : '', tiles, board, peers, sentAudioPackets, sentVideoFrames, receivedTrackIds: [...receivedTrackIds] });
      (window as unknown as { __workerProbeSamples?: number }).__workerProbeSamples = samples.length;
      const receiving = Object.values(peers).every((p) => p.audioPackets > 0 && p.videoFramesDecoded > 0);
      if (recoveredAt === null && receiving && sentAudioPackets > 0 && sentVideoFrames > 0) recoveredAt = at;
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
    }
    return { samples, recoveredAt };
  }, options);
}

/** How many samples the running probeRecovery() of this page has taken (0 before it started). */
export function probeSampleCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __workerProbeSamples?: number }).__workerProbeSamples ?? 0);
}

/** How many RTCPeerConnections the page has created so far. */
export function peerConnectionCount(page: Page): Promise<number> {
  return page.evaluate(() => (window.__pcs ?? []).length);
}

/** The SFU's ports (remote candidates of the selected ICE pairs) on the page's open, connected peer connections. */
export function sfuPorts(page: Page, fromPc = 0): Promise<number[]> {
  return page.evaluate(async (from) => {
    type Stat = { type: string; id: string; selectedCandidatePairId?: string; remoteCandidateId?: string; port?: number };
    const ports = new Set<number>();
    const pcs = window.__pcs ?? [];
    for (let i = from; i < pcs.length; i += 1) {
      const pc = pcs[i]!;
      if (pc.connectionState !== 'connected') continue;
      const stats = new Map<string, Stat>();
      (await pc.getStats()).forEach((s: Stat) => stats.set(s.id, s));
      for (const s of stats.values()) {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) continue;
        const pair = stats.get(s.selectedCandidatePairId);
        const remote = pair?.remoteCandidateId ? stats.get(pair.remoteCandidateId) : undefined;
        if (remote?.port) ports.add(remote.port);
      }
    }
    return [...ports];
  }, fromPc);
}
