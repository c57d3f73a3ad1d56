/** Records by jurisdiction as horizontal bars, largest first, so the notification load reads at a glance. */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { JurisdictionCount } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';

const BAR_HEIGHT = 22;
const MAX_BARS = 25;

/** The bar chart beside the jurisdiction table; clicking a bar selects it too. */
export function JurisdictionChart({ rows, onSelect }: { rows: JurisdictionCount[]; onSelect(code: string): void }) {
  const data = rows.filter((j) => j.records > 0).slice(0, MAX_BARS);
  if (data.length === 0) return null;
  const height = data.length * BAR_HEIGHT + 48;
  return (
    <figure className="chart" data-testid="jurisdiction-chart" aria-label="Affected records by jurisdiction">
      <figcaption className="muted">
        Affected records by jurisdiction{rows.length > MAX_BARS ? ` (top ${MAX_BARS})` : ''}
      </figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 4 }} barCategoryGap={3}>
          <CartesianGrid horizontal={false} stroke="#e4e7ec" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: '#5b6472' }} tickFormatter={(v: number) => formatCount(v)} />
          <YAxis type="category" dataKey="code" width={56} tick={{ fontSize: 11, fill: '#1f2937' }} interval={0} />
          <Tooltip
            cursor={{ fill: '#eef2f7' }}
            formatter={(value) => [formatCount(Number(value)), 'records']}
            labelFormatter={(code) => {
              const j = data.find((d) => d.code === code);
              return j ? `${j.code} — ${j.name}` : String(code);
            }}
          />
          <Bar
            dataKey="records"
            fill="#3b5b8c"
            isAnimationActive={false}
            label={{ position: 'right', fontSize: 11, fill: '#1f2937', formatter: (v: unknown) => formatCount(Number(v)) }}
            onClick={(entry: { payload?: JurisdictionCount }) => {
              if (entry.payload) onSelect(entry.payload.code);
            }}
            cursor="pointer"
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
