// The maths of the e2e bad-network relay (test/e2e/support/impaired-link.ts).
import { describe, expect, it } from 'vitest';
import { bottleneck, seededRandom, stunUsername } from '../e2e/support/impaired-link.ts';

/** A STUN message of `type` with a USERNAME attribute (and a SOFTWARE one before it). */
function stunMessage(type: number, username: string): Buffer {
  const attribute = (attrType: number, value: Buffer): Buffer => {
    const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
    padded.writeUInt16BE(attrType, 0);
    padded.writeUInt16BE(value.length, 2);
    value.copy(padded, 4);
    return padded;
  };
  const body = Buffer.concat([attribute(0x8022, Buffer.from('test agent')), attribute(0x0006, Buffer.from(username))]);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(0x2112a442, 4);
  return Buffer.concat([header, body]);
}

describe('bottleneck()', () => {
  it('sends a packet at the link rate: 1250 bytes take 20 ms at 500 kbit/s', () => {
    expect(bottleneck(0, 1_000, 1_250, 500, 200)).toBe(1_020);
  });

  it('queues a packet behind the ones being sent', () => {
    expect(bottleneck(1_050, 1_000, 1_250, 500, 200)).toBe(1_070);
  });

  it('drops the packet when it would wait longer than the queue allows (drop-tail)', () => {
    expect(bottleneck(1_201, 1_000, 100, 500, 200)).toBeNull();
    expect(bottleneck(1_200, 1_000, 100, 500, 200)).not.toBeNull();
  });

  it('holds a steady 500 kbit/s for a burst, dropping what overflows the queue', () => {
    let busyUntil = 0;
    let sent = 0;
    for (let i = 0; i < 100; i += 1) {
      const done = bottleneck(busyUntil, 0, 1_250, 500, 200);
      if (done === null) continue;
      busyUntil = done;
      sent += 1;
    }
    // 200 ms of queue plus the packet in flight: 11 packets of 20 ms; the rest are dropped.
    expect(sent).toBe(11);
    expect(busyUntil).toBe(220);
  });
});

describe('seededRandom()', () => {
  it('repeats for a seed, differs between seeds, and drops about 5 % at loss 0.05', () => {
    const a = seededRandom(8);
    const b = seededRandom(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(seededRandom(9)()).not.toBe(first[0]);
    const random = seededRandom(8);
    let dropped = 0;
    for (let i = 0; i < 100_000; i += 1) if (random() < 0.05) dropped += 1;
    expect(dropped / 100_000).toBeCloseTo(0.05, 2);
  });
});

describe('stunUsername()', () => {
  it('finds the USERNAME of a TURN request after other attributes', () => {
    expect(stunUsername(stunMessage(0x0003, '1767225600:participant-7'))).toBe('1767225600:participant-7');
  });

  it('is null for ChannelData, for STUN without a username, and for short or foreign packets', () => {
    const channelData = Buffer.from([0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4]);
    const noUsername = stunMessage(0x0003, '').subarray(0, 20 + 16);
    noUsername.writeUInt16BE(16, 2);
    expect(stunUsername(channelData)).toBeNull();
    expect(stunUsername(noUsername)).toBeNull();
    expect(stunUsername(Buffer.alloc(10))).toBeNull();
    expect(stunUsername(Buffer.alloc(40))).toBeNull(); // no magic cookie
  });
});
