/**
 * Which scheduled backups to delete: every copy of today (Beijing date) stays; of the earlier days the newest
 * copy of each of the 30 most recent days stays, and the newest copy of each of the 12 most recent months.
 * Copies made before a migration and files of other names are never touched.
 */
import { parseBackupName } from './backup-names.js';

export interface RotationPolicy {
  days: number;
  months: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { days: 30, months: 12 };

export function backupsToDelete(names: string[], today: string, policy: RotationPolicy = DEFAULT_ROTATION): string[] {
  const copies = names
    .map((name) => ({ name, parsed: parseBackupName(name) }))
    .filter((c): c is { name: string; parsed: NonNullable<typeof c.parsed> } => c.parsed?.kind === 'ledger')
    // newest first
    .sort((a, b) => b.parsed.at.getTime() - a.parsed.at.getTime() || b.parsed.n - a.parsed.n);
  const keep = new Set<string>();
  const days = new Set<string>();
  const months = new Set<string>();
  for (const { name, parsed } of copies) {
    if (parsed.date >= today) {
      keep.add(name);
      continue;
    }
    if (!days.has(parsed.date) && days.size < policy.days) {
      days.add(parsed.date);
      keep.add(name);
    }
    const month = parsed.date.slice(0, 7);
    if (!months.has(month) && months.size < policy.months) {
      months.add(month);
      keep.add(name);
    }
  }
  return copies.filter((c) => !keep.has(c.name)).map((c) => c.name);
}
