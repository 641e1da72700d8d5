// The arithmetic behind the hand-made SVG charts: a round top for the value axis, its ticks, the
// stacking of series, and short labels. Pure, so it is unit-tested without a DOM.

export interface Axis {
  /** The value at the end of the axis: a whole multiple of `step`, at or above the data's maximum. */
  readonly top: number;
  readonly step: number;
  /** 0, step, 2·step, …, top. */
  readonly ticks: readonly number[];
}

/** A whole-number step of 1, 2 or 5 × 10ⁿ, at or above `raw`. */
export function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** A value axis for counts up to `max`, with at most `maxTicks` steps. An empty chart still gets 0..1. */
export function countAxis(max: number, maxTicks = 5): Axis {
  const safeMax = Number.isFinite(max) && max > 0 ? max : 1;
  const step = niceStep(safeMax / maxTicks);
  const top = Math.ceil(safeMax / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { top, step, ticks };
}

/** Where `value` lands along `length` when `top` fills it. */
export function scale(value: number, top: number, length: number): number {
  if (top <= 0 || value <= 0) return 0;
  return (Math.min(value, top) / top) * length;
}

export interface Segment {
  /** Index of the series. */
  readonly series: number;
  readonly value: number;
  /** Sum of the segments before this one. */
  readonly start: number;
}

/** A stacked bar's segments, skipping zeros, each starting where the previous ended. */
export function stack(values: readonly (number | null)[]): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  values.forEach((value, series) => {
    if (value === null || value <= 0) return;
    out.push({ series, value, start });
    start += value;
  });
  return out;
}

/** The sum, counting "no data" (null) as nothing. */
export function sum(values: readonly (number | null)[]): number {
  return values.reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** The label that fits `max` characters: the full one, else the short one, else the full one cut. */
export function fittingLabel(row: Pick<ChartRow, 'label' | 'short'>, max: number): string {
  if (row.label.length <= max) return row.label;
  return shortLabel(row.short ?? row.label, max);
}

/** A label cut to `max` characters with an ellipsis; the full text goes in the data table and the bar's title. */
export function shortLabel(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

export interface ChartRow {
  readonly label: string;
  /** A shorter label for tight space ("Dec 25", "0–2"); the full one stays in the table. */
  readonly short?: string;
  /** One value per series; null means no data (nothing drawn, "no data" in the table). */
  readonly values: readonly (number | null)[];
}

/**
 * One sentence saying what the chart shows, for its accessible name. Counts (`additive`) are
 * summed; other values (medians) are not, so only the highest is named.
 */
export function describeChart(rows: readonly ChartRow[], seriesLabels: readonly string[], unit: string, additive = true): string {
  const totals = rows.map((r) => sum(r.values));
  if (rows.length === 0 || totals.every((t) => t === 0)) return `No ${unit} in this period.`;
  let best = 0;
  totals.forEach((t, i) => {
    if (t > (totals[best] ?? 0)) best = i;
  });
  const highest = `the highest is ${rows[best]?.label}: ${totals[best]} ${unit}`;
  if (!additive) return `${rows.length} ${rows.length === 1 ? 'bar' : 'bars'}; ${highest}.`;
  const parts = seriesLabels.length > 1 ? `, split into ${seriesLabels.join(', ')}` : '';
  return `${sum(totals)} ${unit} in ${rows.length} ${rows.length === 1 ? 'bar' : 'bars'}${parts}; ${highest}.`;
}
