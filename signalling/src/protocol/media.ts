// Schemas for the mediasoup objects that cross the wire. mediasoup validates their inner structure
// itself; here we check the shape and bound the sizes so malformed input fails early and typed.
import { z } from 'zod';

/**
 * Names every plain object already answers to ("constructor", "__proto__", "toString"...). The room
 * state keys participants and rooms by id in plain objects, so such a name is never a valid id.
 */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
export const notObjectMember = (value: string): boolean => !OBJECT_MEMBERS.has(value);

export const Id = z.string().min(1).max(64).refine(notObjectMember, 'not a valid id');

export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

/** An opaque JSON object (mediasoup parameters), at most a few levels of plain data. */
const opaque = z.record(z.string(), z.unknown());

export const RtpCapabilities = z.looseObject({
  codecs: z.array(opaque).max(64).optional(),
  headerExtensions: z.array(opaque).max(64).optional(),
});

export const RtpParameters = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(opaque).min(1).max(32),
  headerExtensions: z.array(opaque).max(32).optional(),
  encodings: z.array(opaque).max(8).optional(),
  rtcp: opaque.optional(),
});

export const DtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.object({ algorithm: z.string().max(32), value: z.string().max(256) })).min(1).max(8),
});

export const IceParameters = z.looseObject({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});

export const IceCandidate = z.looseObject({
  foundation: z.string(),
  priority: z.number(),
  ip: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number(),
  type: z.string(),
});

/** A TURN relay with short-lived credentials, passed to RTCPeerConnection. */
export const IceServer = z.object({ urls: z.array(z.string()), username: z.string(), credential: z.string() });

export const TransportOptions = z.object({
  id: Id,
  iceParameters: IceParameters,
  iceCandidates: z.array(IceCandidate),
  dtlsParameters: DtlsParameters,
  /** TURN servers to try when direct UDP/TCP to the SFU is blocked; empty when none configured. */
  iceServers: z.array(IceServer),
  /** 'relay': use only the TURN relays (the deployment hides browsers' own addresses from the SFU). */
  iceTransportPolicy: z.enum(['all', 'relay']).default('all'),
});
export type TransportOptions = z.infer<typeof TransportOptions>;

export type RtpCapabilities = z.infer<typeof RtpCapabilities>;
export type RtpParameters = z.infer<typeof RtpParameters>;
export type DtlsParameters = z.infer<typeof DtlsParameters>;
