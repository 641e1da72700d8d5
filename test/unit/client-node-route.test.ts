// Which node the browser client talks to: redirects from WRONG_NODE, and moving to an alternate
// when its node stops answering.
import { describe, expect, it } from 'vitest';
import { NodeRoute } from '../../client/src/media/nodeRoute.ts';

describe('NodeRoute', () => {
  it('starts on the page origin and follows a redirect', () => {
    const route = new NodeRoute();
    expect(route.url).toBeUndefined();
    expect(route.redirected('http://a.test')).toBe('http://a.test');
    expect(route.url).toBe('http://a.test');
  });

  it('keeps retrying its node until three failures, then moves to an alternate and puts the old node last', () => {
    const route = new NodeRoute('http://a.test');
    route.setAlternates(['http://a.test', 'http://b.test', 'http://c.test']);
    expect(route.unreachable()).toBeNull();
    expect(route.unreachable()).toBeNull();
    expect(route.unreachable()).toBe('http://b.test');
    expect(route.url).toBe('http://b.test');
    // b fails too: c next, then a again (it may have come back).
    for (let i = 0; i < 2; i++) expect(route.unreachable()).toBeNull();
    expect(route.unreachable()).toBe('http://c.test');
    for (let i = 0; i < 2; i++) route.unreachable();
    expect(route.unreachable()).toBe('http://a.test');
  });

  it('never moves without alternates, and a successful connection resets the count', () => {
    const lonely = new NodeRoute('http://a.test');
    for (let i = 0; i < 10; i++) expect(lonely.unreachable()).toBeNull();
    const route = new NodeRoute('http://a.test');
    route.setAlternates(['http://b.test']);
    route.unreachable();
    route.unreachable();
    route.connected();
    expect(route.unreachable()).toBeNull();
  });

  it('gives up after five redirects in a row (nodes that disagree must not loop), until it connects', () => {
    const route = new NodeRoute();
    for (let i = 0; i < 5; i++) expect(route.redirected(`http://n${i}.test`)).not.toBeNull();
    expect(route.redirected('http://n5.test')).toBeNull();
    route.connected();
    expect(route.redirected('http://n6.test')).toBe('http://n6.test');
  });

  it('a database that is briefly unavailable: waits growing to 5 s, gives up after about a minute, until it connects', () => {
    const route = new NodeRoute();
    const waits = Array.from({ length: 15 }, () => route.databaseUnavailable());
    expect(waits.slice(0, 6)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000, 5_000]);
    expect(waits.every((w) => w !== null && w <= 5_000)).toBe(true);
    expect(route.databaseUnavailable()).toBeNull();
    route.connected();
    expect(route.databaseUnavailable()).toBe(1_000);
  });
});
