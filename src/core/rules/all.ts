import { editorialRules } from './index.ts';
import type { Rule } from './rule.ts';

/** Every lint rule, in the order their diagnostics are produced (output is sorted by position anyway). */
export const allRules: readonly Rule[] = [...editorialRules];
