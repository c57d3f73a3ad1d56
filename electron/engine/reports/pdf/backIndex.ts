/** The order of report.pdf's sections after the suspicious exports. */
import { assignmentsSection } from './assignmentsSection.js';
import { duties, integrationsAndOrigins, methodology, peopleAppendix, scope, sourcesAppendix, verification } from './backSections.js';
import type { ReportFacts } from './facts.js';
import { notesSection } from './notesSection.js';
import type { ReportLayout } from './layout.js';

export const backSections: readonly ((out: ReportLayout, f: ReportFacts) => void)[] = [
  integrationsAndOrigins, scope, assignmentsSection, duties, methodology, verification, notesSection, sourcesAppendix, peopleAppendix,
];
