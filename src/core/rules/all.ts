import { editorialRules } from './index.ts';
import { networkRules } from './network-rules.ts';
import type { Rule } from './rule.ts';

/** Every lint rule: the content model and editorial line, then each network's limits and media. */
export const allRules: readonly Rule[] = [...editorialRules, ...networkRules];
