/**
 * What the investigator narrows the exports to: words, user, IP, org, time window, suspicious / in scope, and
 * facets (channel, flag, object, integration) with the engine's counts for the current filter.
 */
import { useState, type FormEvent } from 'react';
import type { ExportsPage, FacetCount } from '../../../../shared/contract.js';
import type { ExportChannel, SuspicionCode } from '../../../../shared/domain.js';
import { formatCount, splitList } from '../../format.js';
import { channelLabel, reasonLabel } from '../../labels.js';
import type { ExportsFilter } from './exportsQuery.js';

type Tri = boolean | null;

/** The filter bar and the facets above the exports table. */
export function ExportFilters({ filter, facets, onChange }: { filter: ExportsFilter; facets: ExportsPage['facets'] | null; onChange(next: ExportsFilter): void }) {
  const [text, setText] = useState(() => textFields(filter));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({
      ...filter,
      search: text.search.trim(),
      users: splitList(text.users),
      ips: splitList(text.ips),
      orgs: splitList(text.orgs),
      from: toIso(text.from),
      to: toIso(text.to),
    });
  };
  const toggle = <K extends 'channels' | 'flags' | 'objects' | 'integrations'>(key: K, value: ExportsFilter[K][number]) => {
    const list = filter[key] as string[];
    onChange({ ...filter, [key]: list.includes(value) ? list.filter((v) => v !== value) : [...list, value] });
  };
  return (
    <div className="export-filters" data-testid="export-filters">
      <form className="filter-bar" onSubmit={submit} role="search" aria-label="Filter exports">
        <input type="search" placeholder="Search id, SOQL, object, user, IP, agent…" aria-label="Search exports" data-testid="exports-search" value={text.search} onChange={(e) => setText({ ...text, search: e.target.value })} />
        <input placeholder="User (name or id)" aria-label="User" data-testid="exports-user" value={text.users} onChange={(e) => setText({ ...text, users: e.target.value })} />
        <input placeholder="Source IP" aria-label="Source IP" data-testid="exports-ip" value={text.ips} onChange={(e) => setText({ ...text, ips: e.target.value })} />
        <input placeholder="Org (name or id)" aria-label="Org" data-testid="exports-org" value={text.orgs} onChange={(e) => setText({ ...text, orgs: e.target.value })} />
        <label className="inline-field">
          From (UTC) <input type="datetime-local" aria-label="From (UTC)" data-testid="exports-from" value={text.from} onChange={(e) => setText({ ...text, from: e.target.value })} />
        </label>
        <label className="inline-field">
          To (UTC) <input type="datetime-local" aria-label="To (UTC)" data-testid="exports-to" value={text.to} onChange={(e) => setText({ ...text, to: e.target.value })} />
        </label>
        <button type="submit" data-testid="exports-apply">
          Apply
        </button>
        <TriSelect label="Suspicious" testId="exports-suspicious" value={filter.suspicious} onChange={(v) => onChange({ ...filter, suspicious: v })} />
        <TriSelect label="In scope" testId="exports-in-scope-filter" value={filter.inScope} onChange={(v) => onChange({ ...filter, inScope: v })} />
      </form>
      {facets && (
        <div className="facets">
          <Facet title="Channel" testId="facet-channel" items={facets.channel} active={filter.channels} name={(v) => channelLabel(v as ExportChannel)} onToggle={(v) => toggle('channels', v as ExportChannel)} />
          <Facet title="Flag" testId="facet-flag" items={facets.flag} active={filter.flags} name={(v) => reasonLabel(v)} onToggle={(v) => toggle('flags', v as SuspicionCode)} />
          <Facet title="Object" testId="facet-object" items={facets.object} active={filter.objects} name={(v) => v} onToggle={(v) => toggle('objects', v)} />
          <Facet title="Integration" testId="facet-integration" items={facets.integration} active={filter.integrations} name={(v, label) => label ?? v} onToggle={(v) => toggle('integrations', v)} />
        </div>
      )}
    </div>
  );
}

function TriSelect({ label, testId, value, onChange }: { label: string; testId: string; value: Tri; onChange(v: Tri): void }) {
  return (
    <label className="inline-field">
      {label}
      <select data-testid={testId} value={value === null ? 'any' : value ? 'yes' : 'no'} onChange={(e) => onChange(e.target.value === 'any' ? null : e.target.value === 'yes')}>
        <option value="any">any</option>
        <option value="yes">only</option>
        <option value="no">not</option>
      </select>
    </label>
  );
}

function Facet({ title, testId, items, active, name, onToggle }: { title: string; testId: string; items: FacetCount[]; active: readonly string[]; name(value: string, label: string | null): string; onToggle(value: string): void }) {
  return (
    <div className="facet" data-testid={testId}>
      <div className="facet-title">{title}</div>
      {items.length === 0 && <div className="muted">none in this filter</div>}
      <ul className="plain">
        {items.map((f) => (
          <li key={f.value}>
            <button type="button" className={active.includes(f.value) ? 'chip chip-on' : 'chip'} aria-pressed={active.includes(f.value)} data-value={f.value} data-count={f.count} onClick={() => onToggle(f.value)} title={f.value}>
              <span className="chip-name">{name(f.value, f.label)}</span> <span className="chip-count">{formatCount(f.count)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function textFields(f: ExportsFilter) {
  return { search: f.search, users: f.users.join(', '), ips: f.ips.join(', '), orgs: f.orgs.join(', '), from: fromIso(f.from), to: fromIso(f.to) };
}

/** A datetime-local value (read as UTC) to ISO, or null when empty or unreadable. */
function toIso(local: string): string | null {
  if (!local.trim()) return null;
  const d = new Date(`${local}${local.length === 16 ? ':00' : ''}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function fromIso(iso: string | null): string {
  return iso ? iso.slice(0, 16) : '';
}
