/** What makes a result empty or incomplete, shown above the results in words that say what to do. */
import type { RunProblem } from '../../../../shared/domain.js';
import './problems.css';

/** The problems of the run, blockers first; nothing when there are none. */
export function ProblemsBanner({ problems }: { problems: readonly RunProblem[] }) {
  if (problems.length === 0) return null;
  const blockers = problems.filter((p) => p.severity === 'blocker').length;
  return (
    <section className={`problems ${blockers ? 'problems-blocker' : 'problems-warning'}`} role="alert" aria-labelledby="problems-title" data-testid="problems">
      <h2 id="problems-title">
        {blockers
          ? `This result is incomplete: ${blockers} problem${blockers > 1 ? 's' : ''} to resolve`
          : `${problems.length} thing${problems.length > 1 ? 's' : ''} to know about this result`}
      </h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i} className={`problem problem-${p.severity}`} data-code={p.code}>
            <p className="problem-message">{p.message}</p>
            <p className="problem-action">→ {p.action}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
