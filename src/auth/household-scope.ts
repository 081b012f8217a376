/**
 * What a household user may read of data about many households (DOMAIN "Personal information": a household
 * sees its own data only, not other households' payments, scores or warnings). Staff see everything. Pure.
 */
import type { Actor } from '../common/actor.js';

export type Viewer = Pick<Actor, 'role' | 'householdId'>;

export function isHouseholdViewer(viewer: Viewer): boolean {
  return viewer.role === 'household';
}

/**
 * The rows the viewer may see. `householdOf` names the household a row concerns; `null` means it concerns
 * none (a village-level figure such as a guarantee to an outside fund), shown to households only when
 * `villageLevel` is true.
 */
export function visibleToHousehold<T>(
  viewer: Viewer,
  rows: readonly T[],
  householdOf: (row: T) => string | null,
  options: { villageLevel?: boolean } = {},
): T[] {
  if (!isHouseholdViewer(viewer)) return [...rows];
  return rows.filter((row) => {
    const household = householdOf(row);
    if (household === null) return options.villageLevel === true;
    return viewer.householdId !== null && household === viewer.householdId;
  });
}

export interface ScopedWarning {
  code: string;
  message: string;
  householdCodes?: string[];
}

/**
 * A run's warnings as a household reads them: village-level warnings (no household named) as they are,
 * the others only when they name the household itself, and then naming only it. Messages carry counts,
 * never codes.
 */
export function warningsForViewer<W extends ScopedWarning>(
  viewer: Viewer,
  warnings: readonly W[],
  ownCode: string | null,
): W[] {
  if (!isHouseholdViewer(viewer)) return [...warnings];
  const scoped: W[] = [];
  for (const warning of warnings) {
    if (warning.householdCodes === undefined) {
      scoped.push(warning);
    } else if (ownCode !== null && warning.householdCodes.includes(ownCode)) {
      scoped.push({ ...warning, householdCodes: [ownCode] });
    }
  }
  return scoped;
}
