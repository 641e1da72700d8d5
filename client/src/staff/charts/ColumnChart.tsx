// Vertical columns along a sequence (months, day ranges), optionally stacked by series
// (harmed- / responsible-initiated). When the columns are narrow, every other label is shown;
// the data table under the chart has them all.
import type { ReactElement } from 'react';
import { ChartFigure, type ChartData } from './ChartFigure.tsx';
import { countAxis, fittingLabel, scale, stack, sum } from './chartScale.ts';
import { useWidth } from './useWidth.ts';

const HEIGHT = 220;
const AXIS_LEFT = 36;
const AXIS_BOTTOM = 28;
const PAD_TOP = 18;
const PAD_RIGHT = 8;
/** The narrowest space a category label gets before labels are thinned out. */
const MIN_LABEL = 56;

export function ColumnChart(props: ChartData & { testId?: string }): ReactElement {
  const [ref, width] = useWidth<HTMLDivElement>(560);
  const { rows, series, totals = true } = props;
  const plotWidth = Math.max(40, width - AXIS_LEFT - PAD_RIGHT);
  const plotHeight = HEIGHT - PAD_TOP - AXIS_BOTTOM;
  const axis = countAxis(Math.max(0, ...rows.map((r) => sum(r.values))), 4);
  const band = rows.length > 0 ? plotWidth / rows.length : plotWidth;
  const column = Math.min(56, band * 0.7);
  const needed = Math.min(MIN_LABEL, Math.max(3, ...rows.map((r) => (r.short ?? r.label).length)) * 7.2 + 8);
  const every = Math.max(1, Math.ceil(needed / band));

  return (
    <ChartFigure {...props}>
      {(label) => (
        <div ref={ref} className="chart__canvas">
          <svg className="chart__svg" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={label}>
            <g transform={`translate(${AXIS_LEFT}, ${PAD_TOP})`}>
              {axis.ticks.map((t) => {
                const y = plotHeight - scale(t, axis.top, plotHeight);
                return (
                  <g key={t} className="chart__tick">
                    <line x1={0} x2={plotWidth} y1={y} y2={y} />
                    <text x={-8} y={y} textAnchor="end" dominantBaseline="central">
                      {t}
                    </text>
                  </g>
                );
              })}
              {rows.map((row, i) => {
                const x = i * band + (band - column) / 2;
                const total = sum(row.values);
                const top = plotHeight - scale(total, axis.top, plotHeight);
                return (
                  <g key={row.label}>
                    {stack(row.values).map((seg) => {
                      const h = Math.max(1, scale(seg.value, axis.top, plotHeight));
                      const y = plotHeight - scale(seg.start, axis.top, plotHeight) - h;
                      return (
                        <rect key={seg.series} className={`chart__bar chart__tone--${series[seg.series]?.tone ?? 'neutral'}`} x={x} y={y} width={column} height={h}>
                          <title>{`${row.label}, ${series[seg.series]?.label ?? ''}: ${seg.value}`}</title>
                        </rect>
                      );
                    })}
                    {(total > 0 || totals) && column >= 14 && (
                      <text className="chart__value" x={x + column / 2} y={top - 5} textAnchor="middle">
                        {row.values.every((v) => v === null) ? '' : total}
                      </text>
                    )}
                    {i % every === 0 && (
                      <text className="chart__label" x={i * band + band / 2} y={plotHeight + 18} textAnchor="middle">
                        <title>{row.label}</title>
                        {fittingLabel(row, Math.max(3, Math.floor((band * every - 4) / 7.2)))}
                      </text>
                    )}
                  </g>
                );
              })}
              <line className="chart__baseline" x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} />
            </g>
          </svg>
        </div>
      )}
    </ChartFigure>
  );
}
