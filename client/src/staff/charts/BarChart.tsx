// Horizontal bars, one row per category (sources, crime types, outcomes), optionally stacked by
// series (yes / no / unsure). Drawn at the container's real width so labels stay legible; on a
// narrow screen each label goes above its bar instead of beside it.
import type { ReactElement } from 'react';
import { ChartFigure, type ChartData } from './ChartFigure.tsx';
import { countAxis, scale, shortLabel, stack, sum } from './chartScale.ts';
import { useWidth } from './useWidth.ts';

const BAR = 20;
const AXIS = 26;
const PAD_TOP = 4;
const PAD_RIGHT = 40;
/** Roughly how many pixels one character of a label takes at the chart's font size. */
const CHAR = 7.2;
/** Below this width, labels go above the bars. */
const NARROW = 440;

interface Layout {
  labelWidth: number;
  row: number;
  /** Where the bar starts within its row. */
  barTop: number;
  maxChars: number;
  /** Label position within the row, relative to the plot's left edge. */
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'end';
}

function layoutFor(width: number): Layout {
  if (width < NARROW) {
    return { labelWidth: 0, row: 46, barTop: 20, maxChars: Math.floor((width - 8) / CHAR), labelX: 0, labelY: 8, labelAnchor: 'start' };
  }
  const labelWidth = Math.round(Math.min(220, Math.max(90, width * 0.36)));
  return { labelWidth, row: 30, barTop: 5, maxChars: Math.floor((labelWidth - 10) / CHAR), labelX: -10, labelY: 15, labelAnchor: 'end' };
}

export function BarChart(props: ChartData & { testId?: string }): ReactElement {
  const [ref, width] = useWidth<HTMLDivElement>(560);
  const { rows, series } = props;
  const l = layoutFor(width);
  const plot = Math.max(40, width - l.labelWidth - PAD_RIGHT);
  const axis = countAxis(Math.max(0, ...rows.map((r) => sum(r.values))), plot < 240 ? 3 : 5);
  const plotHeight = rows.length * l.row;
  const height = PAD_TOP + plotHeight + AXIS;

  return (
    <ChartFigure {...props}>
      {(label) => (
        <div ref={ref} className="chart__canvas">
          <svg className="chart__svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
            <g transform={`translate(${l.labelWidth}, ${PAD_TOP})`}>
              {axis.ticks.map((t) => {
                const x = scale(t, axis.top, plot);
                return (
                  <g key={t} className="chart__tick">
                    <line x1={x} x2={x} y1={0} y2={plotHeight} />
                    <text x={x} y={plotHeight + 18} textAnchor="middle">
                      {t}
                    </text>
                  </g>
                );
              })}
              {rows.map((row, i) => {
                const top = i * l.row;
                const y = top + l.barTop;
                const total = sum(row.values);
                return (
                  <g key={row.label}>
                    <text className="chart__label" x={l.labelX} y={top + l.labelY} dominantBaseline="central" textAnchor={l.labelAnchor}>
                      <title>{row.label}</title>
                      {shortLabel(row.label, l.maxChars)}
                    </text>
                    {stack(row.values).map((seg) => (
                      <rect
                        key={seg.series}
                        className={`chart__bar chart__tone--${series[seg.series]?.tone ?? 'neutral'}`}
                        x={scale(seg.start, axis.top, plot)}
                        y={y}
                        width={Math.max(1, scale(seg.value, axis.top, plot))}
                        height={BAR}
                      >
                        <title>{`${row.label}, ${series[seg.series]?.label ?? ''}: ${seg.value}`}</title>
                      </rect>
                    ))}
                    <text className="chart__value" x={scale(total, axis.top, plot) + 6} y={y + BAR / 2} dominantBaseline="central">
                      {total}
                    </text>
                  </g>
                );
              })}
              <line className="chart__baseline" x1={0} x2={0} y1={0} y2={plotHeight} />
            </g>
          </svg>
        </div>
      )}
    </ChartFigure>
  );
}
