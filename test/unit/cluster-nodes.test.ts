// The cluster's pure rules: load score, freshness, the least-loaded choice, and parsing.
import { describe, expect, it } from 'vitest';
import { isFresh, leastLoaded, loadScore, parseNodeRecord, type NodeRecord } from '../../signalling/src/cluster/nodes.ts';

const NOW = 1_000_000;
const TTL = 6_000;

function node(id: string, participants: number, meetings = 0, workers = 1, age = 0): NodeRecord {
  return { id, url: `http://${id}.test`, load: { participants, meetings, workers }, heartbeatAt: NOW - age };
}

describe('cluster node rules', () => {
  it('scores people above empty meetings and divides by workers', () => {
    expect(loadScore({ participants: 4, meetings: 1, workers: 1 })).toBe(6);
    expect(loadScore({ participants: 4, meetings: 1, workers: 2 })).toBe(3);
    expect(loadScore({ participants: 0, meetings: 0, workers: 1 })).toBe(0);
  });

  it('counts a node fresh up to the time-to-live and not after', () => {
    expect(isFresh(node('a', 0, 0, 1, TTL), NOW, TTL)).toBe(true);
    expect(isFresh(node('a', 0, 0, 1, TTL + 1), NOW, TTL)).toBe(false);
  });

  it('chooses the lowest score among fresh nodes, ties by id, skipping excluded and stale ones', () => {
    expect(leastLoaded([node('b', 3), node('a', 5), node('c', 9)], NOW, TTL)?.id).toBe('b');
    expect(leastLoaded([node('b', 3), node('a', 3)], NOW, TTL)?.id).toBe('a');
    expect(leastLoaded([node('b', 0, 0, 1, TTL + 10), node('a', 7)], NOW, TTL)?.id).toBe('a');
    expect(leastLoaded([node('b', 0), node('a', 7)], NOW, TTL, new Set(['b']))?.id).toBe('a');
    expect(leastLoaded([node('big', 8, 0, 4), node('small', 4, 0, 1)], NOW, TTL)?.id).toBe('big');
    expect(leastLoaded([], NOW, TTL)).toBeUndefined();
  });

  it('treats malformed stored records as absent', () => {
    expect(parseNodeRecord(JSON.stringify(node('a', 1)))).toEqual(node('a', 1));
    expect(parseNodeRecord('not json')).toBeUndefined();
    expect(parseNodeRecord(JSON.stringify({ id: 'a' }))).toBeUndefined();
    expect(parseNodeRecord(JSON.stringify({ ...node('a', 1), url: 'javascript:alert(1)' }))).toBeUndefined(); // clients are sent to this URL
    expect(parseNodeRecord(null)).toBeUndefined();
  });
});
