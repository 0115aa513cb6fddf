/** The crisis level an alert suggests, from content/crisis.mdx (`when` of each level). */
import { levelRank, type SpikeVerdict } from '../core/watch/spike.ts';
import type { LevelSuggestion } from '../core/watch/alert.ts';
import type { CrisisConfig } from '../core/schema/crisis.ts';
import { loadCrisisConfig } from './config.ts';

export function suggestLevel(config: CrisisConfig, verdict: Pick<SpikeVerdict, 'level'>): LevelSuggestion | undefined {
  const rank = levelRank(verdict.level);
  const candidates = config.levels.filter((l) => l.when && levelRank(l.when) <= rank).sort((a, b) => levelRank(b.when!) - levelRank(a.when!) || b.level - a.level);
  const chosen = candidates[0];
  if (!chosen) return undefined;
  return { level: chosen.level, label: chosen.label, approvers: chosen.approvers, replyTargetMinutes: chosen.replyTargetMinutes, replies: config.replyTemplates.map((r) => ({ id: r.id, text: r.text })) };
}

export function suggestCrisisLevel(verdict: SpikeVerdict, root: string): LevelSuggestion | undefined {
  const config = loadCrisisConfig(root, { optional: true });
  return config ? suggestLevel(config, verdict) : undefined;
}
