/**
 * The status steps of a hazard (事故隐患) through rectification (整改) and its check (验收):
 *
 *   open (未整改) → rectifying (整改中) → rectified (已整改) → verified (已验收)
 *
 * Steps only go forward and may skip `rectifying` (a hazard fixed at once, 立查立改). Verification
 * always closes a recorded rectification; how it may be reached depends on the level, following
 * 安全生产事故隐患排查治理暂行规定 (国家安全监管总局令第16号):
 * - a general hazard (一般隐患) is rectified at once by the unit (Art. 15), so an inspector who finds
 *   it already fixed on site may verify it from `open` or `rectifying` in one step; that step records
 *   the rectification and the verification on the same day (see decideHazardStatus);
 * - a major hazard (重大隐患) needs its rectification finished, assessed and reported before the
 *   authority checks it and closes it (核销, Arts. 18 and 23): `verified` only from `rectified`, so
 *   the rectification is its own recorded step before any verification.
 */

import { HAZARD_STATUSES, type HazardLevel, type HazardStatus } from '../core/vocabulary';

/** A hazard's status, in workflow order; 一般隐患 (general) or 重大隐患 (major) (core's vocabulary). */
export { HAZARD_STATUSES, type HazardLevel, type HazardStatus };

const FORWARD: Record<HazardStatus, readonly HazardStatus[]> = {
  open: ['rectifying', 'rectified', 'verified'],
  rectifying: ['rectified', 'verified'],
  rectified: ['verified'],
  verified: []
};

/**
 * The statuses a hazard of `level` that is `status` may move to in one step, in workflow order.
 * @example
 * allowedHazardStatuses('general', 'open') // ['rectifying', 'rectified', 'verified']
 * allowedHazardStatuses('major', 'open')   // ['rectifying', 'rectified']
 * allowedHazardStatuses('major', 'verified') // []
 */
export function allowedHazardStatuses(level: HazardLevel, status: HazardStatus): HazardStatus[] {
  const next = FORWARD[status];
  if (!next) throw new RangeError(`Invalid hazard status "${status}": must be one of ${HAZARD_STATUSES.join(', ')}`);
  if (level !== 'general' && level !== 'major')
    throw new RangeError(`Invalid hazard level "${level}": must be general or major`);
  return level === 'major' && status !== 'rectified' ? next.filter((s) => s !== 'verified') : [...next];
}
