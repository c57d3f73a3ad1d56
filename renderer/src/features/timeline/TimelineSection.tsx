/**
 * The case over time: rows exported per time bucket by integration, with marks for new networks,
 * indicators, reconnaissance, deletions, containment and access after it. Drag across the chart to
 * zoom (the engine re-buckets the narrower window); every mark is listed below with its export.
 */
import { useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimelineMarker, TimelineResponse } from '../../../../shared/contract.js';
import { api } from '../../bridge.js';
import { formatCount, formatInstant } from '../../format.js';
import type { ExportsDrill } from '../exports/exportsQuery.js';
import { layoutMarks } from './markLayout.js';
import './timeline.css';

const COLOURS = ['#3b5b8c', '#c2410c', '#15803d', '#7c3aed', '#0e7490', '#a16207', '#9ca3af'];
/** The colour of the i-th series: the palette in order, its last colour for the rest ("other"). */
const colourOf = (i: number): string => COLOURS[Math.min(i, COLOURS.length - 1)]!;
const MARK_COLOUR: Record<TimelineMarker['kind'], string> = {
  containment: '#15803d', after_containment: '#b42318', deletion: '#b42318', new_network: '#c2410c', indicator: '#c2410c', recon: '#7c3aed', canary: '#b42318', volume: '#a16207',
};
const MARK_LABEL: Record<TimelineMarker['kind'], string> = {
  containment: 'Containment', after_containment: 'Access after containment', deletion: 'Job deleted', new_network: 'New network', indicator: 'Indicator', recon: 'Reconnaissance', canary: 'Canary', volume: 'Above baseline',
};

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; data: TimelineResponse };

/** The timeline panel of a finished case. */
export function TimelineSection({ caseDir, onDrill }: { caseDir: string; onDrill?: (drill: Omit<ExportsDrill, 'seq'>) => void }) {
  const [window, setWindow] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [drag, setDragState] = useState<{ a: string; b: string } | null>(null);
  // The drag as of the last mouse event (a press and release can come before React renders the press).
  const dragRef = useRef<{ a: string; b: string } | null>(null);
  // The chart's width, for laying out the mark labels so that close marks do not write over each other.
  const figureRef = useRef<HTMLElement | null>(null);
  const [figureWidth, setFigureWidth] = useState(1200);
  useEffect(() => {
    const el = figureRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const seen = new ResizeObserver(([entry]) => entry && setFigureWidth(entry.contentRect.width));
    seen.observe(el);
    return () => seen.disconnect();
  }, [load]);
  const setDrag = (d: { a: string; b: string } | null) => {
    dragRef.current = d;
    setDragState(d);
  };

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    void api['timeline.get']({ caseDir, from: window.from, to: window.to }).then((r) => {
      if (live) setLoad(r.ok ? { kind: 'loaded', data: r.value } : { kind: 'failed', message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [caseDir, window.from, window.to]);

  const data = load.kind === 'loaded' ? load.data : null;
  const points = data ? data.buckets.map((b) => ({ t: b.t, ...b.rows, __exports: b.exports, __suspicious: b.suspicious })) : [];
  // The bucket holding an instant: buckets start on the clock (whole minutes, hours, UTC midnight, Mondays), not at `from`.
  const bucketOf = (iso: string): string | null => {
    if (!data?.bucketMs) return null;
    const at = Date.parse(iso);
    return points.find((p) => Date.parse(p.t) <= at && at < Date.parse(p.t) + data.bucketMs!)?.t ?? null;
  };
  /** A bucket's span within the window (the first and last bucket may reach past it; the engine counts only inside). */
  const within = (start: string, end: string): { from: string; to: string } => {
    const iso = (ms: number) => new Date(ms).toISOString();
    return { from: iso(Math.max(Date.parse(start), Date.parse(data!.from!))), to: iso(Math.min(Date.parse(end), Date.parse(data!.to!))) };
  };
  const zoomed = window.from !== null || window.to !== null;
  // Lines for containment, deletions and access after containment; their labels on up to three rows above the plot.
  const lines = data ? layoutMarks(
    data.markers.filter((m) => m.kind === 'containment' || m.kind === 'deletion' || m.kind === 'after_containment')
      .flatMap((m) => {
        const x = bucketOf(m.t);
        return x ? [{ x, kind: m.kind, label: MARK_LABEL[m.kind] }] : [];
      }),
    points.map((p) => p.t),
    Math.max(200, figureWidth - 96), // the y axis (64 px) and the margins
  ) : [];
  const labelRows = Math.max(1, ...lines.map((l) => (l.row ?? 0) + 1));

  /** A click on one bar: the exports of that bucket, listed below (the end is the last millisecond of the bucket). */
  function drillInto(t: string | undefined) {
    if (!t || !data?.bucketMs || !data.from || !onDrill) return;
    onDrill({ window: within(t, new Date(Date.parse(t) + data.bucketMs - 1).toISOString()) });
  }

  function endDrag() {
    const drag = dragRef.current;
    if (drag && data?.bucketMs && data.from && drag.a !== drag.b) {
      const [a, b] = [drag.a, drag.b].sort();
      setWindow(within(a!, new Date(Date.parse(b!) + data.bucketMs).toISOString()));
    } else if (drag && drag.a === drag.b) {
      drillInto(drag.a);
    }
    setDrag(null);
  }

  return (
    <section className="panel" aria-labelledby="timeline-title" data-testid="timeline-section">
      <div className="panel-head">
        <h2 id="timeline-title">Timeline</h2>
        {data && data.from && (
          <span className="muted" data-testid="timeline-window" data-bucket={data.bucket ?? ''}>
            {formatInstant(data.from)} – {formatInstant(data.to)} · rows exported per {data.bucket} · drag across the chart to zoom{onDrill ? ', click a bar to list its exports' : ''}
          </span>
        )}
        {zoomed && (
          <button type="button" className="button-secondary" data-testid="timeline-reset" onClick={() => setWindow({ from: null, to: null })}>
            Whole case
          </button>
        )}
      </div>
      {load.kind === 'failed' && <div className="error-box" role="alert">{load.message}</div>}
      {data && data.buckets.length === 0 && <p className="empty">No export in this window.</p>}
      {data && data.buckets.length > 0 && (
        <figure className="chart" data-testid="timeline-chart" aria-label="Rows exported over time by integration" ref={figureRef}>
          <ResponsiveContainer width="100%" height={300}>
            <BarChart
              data={points}
              margin={{ top: 4 + 13 * labelRows, right: 16, bottom: 4, left: 8 }}
              onMouseDown={(e) => e?.activeLabel && setDrag({ a: String(e.activeLabel), b: String(e.activeLabel) })}
              onMouseMove={(e) => dragRef.current && e?.activeLabel && setDrag({ ...dragRef.current, b: String(e.activeLabel) })}
              onMouseUp={endDrag}
              style={onDrill ? { cursor: 'pointer' } : undefined}
            >
              <CartesianGrid vertical={false} stroke="#e4e7ec" />
              <XAxis dataKey="t" tick={{ fontSize: 11, fill: '#5b6472' }} tickFormatter={(t: string) => shortTime(t, data.bucketMs ?? 0)} minTickGap={24} />
              <YAxis tick={{ fontSize: 11, fill: '#5b6472' }} tickFormatter={(v: number) => formatCount(v)} width={64} />
              <Tooltip labelFormatter={(t) => formatInstant(String(t))} formatter={(v, name) => [formatCount(Number(v)), String(name)]} />
              {data.series.map((s, i) => (
                <Bar
                  key={s}
                  dataKey={s}
                  stackId="rows"
                  fill={colourOf(i)}
                  isAnimationActive={false}
                />
              ))}
              {lines.map((l) => (
                <ReferenceLine
                  key={`${l.x}|${l.kind}`}
                  x={l.x}
                  stroke={MARK_COLOUR[l.kind]}
                  strokeDasharray="4 3"
                  label={l.row === null ? undefined : { value: l.label, position: 'top', offset: 4 + 13 * l.row, fontSize: 10, fill: MARK_COLOUR[l.kind] }}
                />
              ))}
              {drag && <ReferenceArea x1={drag.a} x2={drag.b} strokeOpacity={0.3} fill="#3b5b8c" fillOpacity={0.15} />}
            </BarChart>
          </ResponsiveContainer>
          {/* The legend in the page's flow, not recharts' own: that one kept the height it measured at first, so when a
              narrower window wrapped it onto a second line, the line ran over the marks summary below the chart. */}
          <ul className="chart-legend" data-testid="timeline-legend">
            {data.series.map((s, i) => (
              <li key={s} data-testid="timeline-legend-item" style={{ color: colourOf(i) }}>
                <span className="chart-legend-swatch" style={{ background: colourOf(i) }} aria-hidden="true" />
                {s}
              </li>
            ))}
          </ul>
        </figure>
      )}
      {data && data.markers.length > 0 && (
        <details className="timeline-marks" open={zoomed}>
          <summary data-testid="timeline-marks-summary">
            {formatCount(data.markersTotal)} mark{data.markersTotal === 1 ? '' : 's'} in this window{data.markersTotal > data.markers.length ? ` (first ${formatCount(data.markers.length)} shown)` : ''}: {summarise(data.markers)}
          </summary>
          <ul>
            {data.markers.map((m, i) => (
              <li key={i} data-testid="timeline-mark" data-kind={m.kind} data-export-id={m.exportId ?? ''}>
                <span className="mono">{formatInstant(m.t)}</span> <span className="mark-kind" style={{ color: MARK_COLOUR[m.kind] }}>{MARK_LABEL[m.kind]}</span>
                {m.exportId && (onDrill ? (
                  <>
                    {' '}
                    <button type="button" className="link mono" data-testid="timeline-mark-export" title="Open this export's evidence, flags and files" onClick={() => onDrill({ exportId: m.exportId! })}>
                      {m.exportId}
                    </button>
                  </>
                ) : <span className="mono"> {m.exportId}</span>)} — {m.label}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function summarise(markers: readonly TimelineMarker[]): string {
  const by = new Map<string, number>();
  for (const m of markers) by.set(MARK_LABEL[m.kind], (by.get(MARK_LABEL[m.kind]) ?? 0) + 1);
  return [...by].map(([k, n]) => `${k} ${formatCount(n)}`).join(', ');
}

function shortTime(iso: string, bucketMs: number): string {
  return bucketMs >= 86_400_000 ? iso.slice(5, 10) : bucketMs >= 3_600_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(11, 16);
}
