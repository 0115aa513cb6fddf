/**
 * Binary search over a list in order: the first index in [0, length) where `reached(i)` holds, `length`
 * when none does (`reached` must hold from some index on). A report asks a year's lists (posts, blog rows,
 * run rows) for a month many times.
 */
export function firstIndex(length: number, reached: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether a list's rows are in order of their day (looked at once per list). */
export function inDayOrder<T>(rows: readonly T[], day: (row: T) => string): boolean {
  let sorted = dayOrdered.get(rows);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) sorted = day(rows[i - 1]!) <= day(rows[i]!);
    dayOrdered.set(rows, sorted);
  }
  return sorted;
}
const dayOrdered = new WeakMap<readonly unknown[], boolean>();

/**
 * The rows that may fall in the days [from, to] (no `to`: to the end), in their order: those days' alone,
 * found by binary search, when the rows are in day order (as the jobs append them), else all of them.
 * Callers still check each row's day.
 */
export function rowsBetweenDays<T>(rows: readonly T[], day: (row: T) => string, from: string, to?: string): readonly T[] {
  if (!inDayOrder(rows, day)) return rows;
  return rows.slice(
    firstIndex(rows.length, (i) => day(rows[i]!) >= from),
    to === undefined ? rows.length : firstIndex(rows.length, (i) => day(rows[i]!) > to),
  );
}
