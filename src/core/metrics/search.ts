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
