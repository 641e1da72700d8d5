// The frame every chart shares: a heading, a legend for stacked series, the drawing (an SVG with
// role="img" and a one-sentence description), and the same numbers as a table for screen readers.
import { useId, type ReactElement, type ReactNode } from 'react';
import { describeChart, sum, type ChartRow } from './chartScale.ts';
import './charts.css';

export type Tone = 'harmed' | 'responsible' | 'neutral' | 'yes' | 'no' | 'unsure' | 'muted';

export interface Series {
  readonly label: string;
  readonly tone: Tone;
}

export interface ChartData {
  readonly title: string;
  readonly rows: readonly ChartRow[];
  readonly series: readonly Series[];
  /** What is counted, plural: "referrals", "cases", "days". */
  readonly unit: string;
  /** The heading of the first table column: "Month", "Source". */
  readonly rowHeader: string;
  /** Whether a total is meaningful (counts) or not (medians). */
  readonly totals?: boolean;
  /** Shown under the chart, e.g. a median or a note about missing data. */
  readonly note?: ReactNode;
}

interface ChartFigureProps extends ChartData {
  /** The SVG, drawn by the chart; receives the accessible name to put on it. */
  children: (label: string) => ReactNode;
  testId?: string;
}

export function ChartFigure({ title, rows, series, unit, rowHeader, totals = true, note, children, testId }: ChartFigureProps): ReactElement {
  const headingId = useId();
  const label = `${title}. ${describeChart(rows, series.map((s) => s.label), unit, totals)}`;
  const showTotal = totals && series.length > 1;
  return (
    <figure className="chart" aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId} className="chart__title">
        {title}
      </h3>
      {series.length > 1 && (
        <ul className="chart__legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.label}>
              <span className={`chart__swatch chart__tone--${s.tone}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {children(label)}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
            {showTotal && <th scope="col">Total</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {row.values.map((v, i) => (
                <td key={series[i]?.label ?? i}>{v === null ? 'no data' : v}</td>
              ))}
              {showTotal && <td>{sum(row.values)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {note && <figcaption className="chart__note">{note}</figcaption>}
    </figure>
  );
}
