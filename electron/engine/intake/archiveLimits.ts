/** How much an archive may expand into the case folder, so a zip bomb cannot fill the investigator's disk. */

export interface ArchiveLimits {
  /** Bytes written across one whole extraction (nested archives included). */
  maxTotalBytes: number;
  /** Bytes one member may expand to. */
  maxEntryBytes: number;
  /** Expanded/compressed ratio a member may reach once it is larger than `ratioAppliesAboveBytes`. */
  maxRatio: number;
  /** Members one extraction may take out (nested archives included); decided from a zip's directory before writing. */
  maxEntries: number;
  /** How many archives deep extraction goes; the outermost archive is depth 1. */
  maxDepth: number;
  /** The ratio is only checked above this output size (default 100 MiB): small text files compress very well. */
  ratioAppliesAboveBytes?: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 64 * GiB,
  maxEntryBytes: 16 * GiB,
  maxRatio: 200,
  // Each member becomes a source (hashed, recognised, recorded, logged): about 15 ms of work apiece, so
  // 2,000 members take about 30 s. A zip of 100,000 members keeps its first 2,000 and names the rest.
  maxEntries: 2_000,
  maxDepth: 4,
  ratioAppliesAboveBytes: 100 * MiB,
};

/** What one extraction has used so far, shared by every archive nested inside it. */
export interface ExtractionBudget {
  limits: ArchiveLimits;
  writtenBytes: number;
  entries: number;
}

/** The limit a member breaks after `bytes` of output (from `compressedBytes` of input), or null while it is within them. */
export function limitBroken(budget: ExtractionBudget, bytes: number, compressedBytes: number | null): string | null {
  const { limits } = budget;
  if (bytes > limits.maxEntryBytes) return `exceeds the per-member size limit (${formatBytes(limits.maxEntryBytes)})`;
  if (budget.writtenBytes > limits.maxTotalBytes) return `exceeds the total extraction size limit (${formatBytes(limits.maxTotalBytes)})`;
  const floor = limits.ratioAppliesAboveBytes ?? DEFAULT_ARCHIVE_LIMITS.ratioAppliesAboveBytes!;
  if (compressedBytes !== null && bytes > floor && bytes > limits.maxRatio * Math.max(compressedBytes, 1)) {
    return `exceeds the compression ratio limit (${limits.maxRatio}:1 above ${formatBytes(floor)}); likely a zip bomb`;
  }
  return null;
}

/** Bytes in the unit an investigator reads at a glance. */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(2)} KiB`;
  return `${bytes} bytes`;
}
