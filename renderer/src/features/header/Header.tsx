/** The top bar: product, where this case's outputs go, and which shell the UI runs in. */
import type { ReactNode } from 'react';
import type { AppInfo } from '../../../../shared/contract.js';

interface Props {
  info: AppInfo | null;
  host: 'electron' | 'web';
  outDir: string | null;
  /** The screen tabs, between the product name and the outputs path. */
  children?: ReactNode;
}

/** Product name, outputs path and the App/Browser badge. */
export function Header({ info, host, outDir, children }: Props) {
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-name">Leakscope</span>
        {info && <span className="brand-version">v{info.version}</span>}
      </div>
      {children}
      <div className="header-case" title={outDir ?? undefined}>
        <span className="muted">Outputs</span>
        <code data-testid="case-path">{outDir ?? '—'}</code>
      </div>
      <span className={`host-badge host-${host}`} data-testid="host-badge">
        {host === 'electron' ? 'App' : 'Browser'}
      </span>
    </header>
  );
}
