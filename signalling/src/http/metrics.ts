// Prometheus metrics (prom-client): process defaults plus live meetings and participants.
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { MeetingRegistry } from '../meetings/registry.ts';

export function createMetrics(registry: MeetingRegistry): Registry {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  new Gauge({
    name: 'cg_live_meetings',
    help: 'Meetings with at least one participant present on this node',
    registers: [metrics],
    collect() {
      this.set(registry.all.filter((m) => m.presentCount > 0).length);
    },
  });
  new Gauge({
    name: 'cg_present_participants',
    help: 'Participants present in live meetings on this node',
    registers: [metrics],
    collect() {
      this.set(registry.all.reduce((sum, m) => sum + m.presentCount, 0));
    },
  });
  return metrics;
}
