/**
 * Completion ratio of an achieved value against a target, or null when there is no positive target.
 * @example completionRatio(50, 200) // 0.25
 */
export function completionRatio(achieved: number, target: number | null | undefined): number | null {
  if (target === null || target === undefined || target <= 0) return null;
  return achieved / target;
}
