/**
 * An integration's rows per day for one object against its own baseline: the bars are the rows read that day, the
 * line the trailing mean of the days before, the shaded band reaches up to the threshold the `volume_above_baseline`
 * rule flags above (mean + kσ, at least mean + the minimum excess), drawn only once the history is long enough to judge.
 */
import { Area, Bar, CartesianGrid, Cell, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IntegrationDetail } from '../../../../shared/workbench.js';
import { formatCount } from '../../format.js';

/** Bar colours: a day's rows, and a day above the threshold. */
export const ROWS = '#3b5b8c';
export const OVER = '#b42318';

type Daily = NonNullable<IntegrationDetail['daily']>[number];

export function DailyBaseline({ series, rule }: { series: Daily; rule: IntegrationDetail['baselineRule'] }) {
  const points = series.days.map((d) => ({
    day: d.day,
    rows: d.rows,
    mean: d.mean === null ? null : Math.round(d.mean),
    // The band from the mean to the threshold, as [low, high] for the area.
    band: d.threshold !== null && d.mean !== null ? [Math.round(d.mean), Math.round(d.threshold)] : null,
    over: d.threshold !== null && d.rows > d.threshold,
  }));
  const over = points.filter((p) => p.over);
  return (
    <figure className="daily-baseline" data-testid="daily-baseline" data-object={series.object}>
      <figcaption>
        <strong>{series.object}</strong>{' '}
        <span className="muted">
          {formatCount(series.days.length)} day(s) with reads
          {over.length
            ? ` · above the baseline on ${over.map((p) => p.day).join(', ')}`
            : points.some((p) => p.band !== null)
              ? ' · never above the baseline'
              : ' · too little history to judge against a baseline'}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={190}>
        <ComposedChart data={points} margin={{ top: 6, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={18} />
          <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => formatCount(v)} />
          <Tooltip formatter={(v: unknown) => (Array.isArray(v) ? v.map((x) => formatCount(Number(x))).join(' – ') : formatCount(Number(v)))} />
          <Area type="stepAfter" dataKey="band" name={rule ? `baseline band (mean → mean + ${rule.sigma}σ, at least +${formatCount(rule.minExcessRows)})` : 'baseline band'} fill="#fde7c4" stroke="#e3b667" isAnimationActive={false} connectNulls={false} />
          <Bar dataKey="rows" name="rows read" fill={ROWS} maxBarSize={36} isAnimationActive={false}>
            {points.map((p) => (
              <Cell key={p.day} fill={p.over ? OVER : ROWS} />
            ))}
          </Bar>
          <Line type="stepAfter" dataKey="mean" name="trailing mean" stroke="#a16207" dot={false} isAnimationActive={false} connectNulls={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
