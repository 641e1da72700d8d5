// An init script for the join-time benchmark, the same for the app and the bare page: it runs before
// any page script and timestamps (performance.now(), ms since navigation start) what a join does:
//  - the socket.io WebSocket opening, the connect packet, and every request and its ack (socket.io
//    frames 42<id>["name",…] out and 43<id>[…] in), so both pages get the same breakdown;
//  - the RTCPeerConnections (created, connected), remote tracks;
//  - the first remote video frame: requestVideoFrameCallback on the first <video> given a stream whose
//    video track came from an RTCRtpReceiver (the srcObject setter is wrapped to see it), plus, as a
//    cross-check, the first getStats() poll showing inbound-rtp framesDecoded > 0;
//  - optionally, a click on the app's Join button the moment it is enabled (no CDP round trip).
// The function is serialised into the page: it must not use anything from this module's scope.

export interface ProbeOptions {
  /** CSS selector of a button to click as soon as it exists and is enabled; null: no click. */
  clickSelector: string | null;
  /** getStats() poll period for framesDecoded, in ms. */
  statsPollMs: number;
}

export interface ProbedRequest {
  name: string;
  sentAt: number;
  ackAt: number | null;
  ok: boolean | null;
}

/** A long animation frame (over 50 ms of main-thread work), with the scripts that ran in it. */
export interface LongFrame {
  start: number;
  duration: number;
  /** Script time per source file (minified chunks of the build), in ms. */
  scripts: { source: string; invoker: string; ms: number }[];
}

export interface ProbeReport {
  /** First time of each named event, ms since navigation start. */
  marks: Record<string, number>;
  requests: ProbedRequest[];
  longFrames: LongFrame[];
  /** Navigation timing of the document, ms since navigation start. */
  navigation: { responseEnd: number; domContentLoaded: number; load: number } | null;
}

declare global {
  interface Window {
    __joinProbe?: { marks: Record<string, number>; requests: ProbedRequest[]; longFrames: LongFrame[] };
  }
}

/** The parts of Chromium's PerformanceLongAnimationFrameTiming read here. */
interface LongAnimationFrameEntry extends PerformanceEntry {
  scripts?: { sourceURL?: string; invoker?: string; duration: number }[];
}

export function installJoinProbe(options: ProbeOptions): void {
  if (window.__joinProbe) return;
  const marks: Record<string, number> = {};
  const requests: ProbedRequest[] = [];
  const longFrames: LongFrame[] = [];
  window.__joinProbe = { marks, requests, longFrames };
  const mark = (name: string): void => {
    if (marks[name] === undefined) marks[name] = performance.now();
  };

  // ── socket.io frames over the WebSocket ──
  const pendingById = new Map<string, ProbedRequest>();
  const onOutgoing = (data: string): void => {
    if (data.startsWith('40')) mark('sio.connectSent');
    const match = /^42(\d+)\["([^"]+)"/.exec(data);
    if (!match) return;
    const request: ProbedRequest = { name: match[2] ?? '', sentAt: performance.now(), ackAt: null, ok: null };
    requests.push(request);
    pendingById.set(match[1] ?? '', request);
  };
  const onIncoming = (data: string): void => {
    if (data.startsWith('40')) mark('sio.connected');
    const match = /^43(\d+)/.exec(data);
    if (!match) return;
    const request = pendingById.get(match[1] ?? '');
    if (!request) return;
    pendingById.delete(match[1] ?? '');
    request.ackAt = performance.now();
    request.ok = data.includes('"ok":true');
  };
  const NativeWebSocket = window.WebSocket;
  class ProbedWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      mark('ws.created');
      this.addEventListener('open', () => mark('ws.open'));
      this.addEventListener('message', (event: MessageEvent) => {
        if (typeof event.data === 'string') onIncoming(event.data);
      });
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (typeof data === 'string') onOutgoing(data);
      super.send(data);
    }
  }
  window.WebSocket = ProbedWebSocket;

  // ── peer connections, remote tracks and decoded frames ──
  const pcs: RTCPeerConnection[] = [];
  let polling: number | null = null;
  const pollDecoded = (): void => {
    if (polling !== null) return;
    const startedAt = performance.now();
    polling = window.setInterval(() => {
      if (marks['video.framesDecoded'] !== undefined || performance.now() - startedAt > 30_000) {
        if (polling !== null) window.clearInterval(polling);
        return;
      }
      for (const pc of pcs) {
        void pc.getStats().then((stats) => {
          stats.forEach((s: { type?: string; kind?: string; framesDecoded?: number }) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) mark('video.framesDecoded');
          });
        });
      }
    }, options.statsPollMs);
  };
  const NativePeerConnection = window.RTCPeerConnection;
  class ProbedPeerConnection extends NativePeerConnection {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      pcs.push(this);
      mark('pc.created');
      this.addEventListener('track', (event: RTCTrackEvent) => {
        mark(`pc.remoteTrack.${event.track.kind}`);
        if (event.track.kind === 'video') pollDecoded();
      });
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState !== 'connected') return;
        const receiving = this.getTransceivers().some((t) => t.direction === 'recvonly');
        mark(receiving ? 'pc.recvConnected' : 'pc.sendConnected');
      });
    }
  }
  window.RTCPeerConnection = ProbedPeerConnection;

  const isRemote = (track: MediaStreamTrack): boolean => pcs.some((pc) => pc.getReceivers().some((r) => r.track === track));
  const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  const nativeSet = descriptor?.set;
  const nativeGet = descriptor?.get;
  if (nativeSet && nativeGet) {
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      configurable: true,
      enumerable: descriptor.enumerable ?? true,
      get(this: HTMLMediaElement) {
        return nativeGet.call(this);
      },
      set(this: HTMLMediaElement, value: MediaProvider | null) {
        nativeSet.call(this, value);
        if (!(this instanceof HTMLVideoElement) || !(value instanceof MediaStream)) return;
        const track = value.getVideoTracks()[0];
        if (!track || !isRemote(track)) return;
        mark('video.remoteAttached');
        const video = this;
        video.addEventListener('loadeddata', () => mark('video.loadeddata'), { once: true });
        video.requestVideoFrameCallback(() => mark('video.firstFrame'));
      },
    });
  }

  // ── long animation frames: how busy the page's main thread was, and with which scripts ──
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as LongAnimationFrameEntry[]) {
        longFrames.push({
          start: entry.startTime,
          duration: entry.duration,
          scripts: (entry.scripts ?? []).map((sc) => ({ source: (sc.sourceURL ?? '').replace(/^.*\//, ''), invoker: sc.invoker ?? '', ms: sc.duration })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // Not supported by this browser: no long-frame breakdown.
  }

  // ── the Join click ──
  const selector = options.clickSelector;
  if (selector) {
    const tryClick = (): boolean => {
      const button = document.querySelector<HTMLButtonElement>(selector);
      if (!button || button.disabled) return false;
      mark('click');
      button.click();
      return true;
    };
    const observer = new MutationObserver(() => {
      if (tryClick()) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  }
}

/** Reads the probe's report (runs in the page). */
export function readJoinProbe(): ProbeReport {
  const probe = window.__joinProbe ?? { marks: {}, requests: [], longFrames: [] };
  const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return {
    marks: { ...probe.marks },
    requests: probe.requests.map((r) => ({ ...r })),
    longFrames: probe.longFrames.map((f) => ({ ...f, scripts: f.scripts.map((sc) => ({ ...sc })) })),
    navigation: entry ? { responseEnd: entry.responseEnd, domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd } : null,
  };
}
