/** Years of a plan as written: 2021 or 2019—2021. */
export function planYears(plan: { startYear: number; endYear?: number | null }): string {
  return plan.endYear && plan.endYear !== plan.startYear
    ? `${plan.startYear}—${plan.endYear}`
    : `${plan.startYear}`;
}

/** Every year of a plan's period. */
export function planYearList(plan: { startYear: number; endYear?: number | null }): number[] {
  const end = plan.endYear ?? plan.startYear;
  const years: number[] = [];
  for (let y = plan.startYear; y <= end; y++) years.push(y);
  return years;
}
