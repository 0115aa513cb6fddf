/**
 * From a verdict to what is done on a network: what the network allows, nothing more. A hide the network
 * cannot do (or not on that reply) and a report without an API become a flag, recorded as degraded. The
 * circuit breaker turns every hide and report of a run into a flag when the run would hide too much.
 */
import type { Interaction, ModerationCaps, Plan, Verdict } from './types.ts';

export function planAction(verdict: Verdict, interaction: Interaction, caps: ModerationCaps, breakerTripped = false): Plan {
  if (verdict.action === 'none') return { action: 'none' };
  if (verdict.mode === 'shadow') return { action: 'none', why: 'shadow' };
  if (verdict.action === 'flag') return { action: 'flag' };
  if (breakerTripped) return { action: 'flag', degradedFrom: verdict.action, why: 'breaker' };
  if (verdict.action === 'report') return caps.report ? { action: 'report' } : { action: 'flag', degradedFrom: 'report', why: 'network' };
  if (interaction.hidden) return { action: 'none' };
  switch (caps.hide) {
    case 'any':
      return { action: 'hide' };
    case 'top-level':
      return interaction.nested ? { action: 'flag', degradedFrom: 'hide', why: 'nested' } : { action: 'hide' };
    case 'own-root':
      return interaction.rootIsBrand === false ? { action: 'flag', degradedFrom: 'hide', why: 'not-own-thread' } : { action: 'hide' };
    default:
      return { action: 'flag', degradedFrom: 'hide', why: 'network' };
  }
}

export interface BreakerSettings {
  maxHideShare: number;
  minInteractions: number;
}

export interface BreakerResult {
  tripped: boolean;
  read: number;
  wouldHide: number;
  share: number;
}

/**
 * Trips when the enforced hides and reports of a run exceed the share of what it read: a bad rule or a
 * crisis. Then nothing is hidden, everything is flagged, and the run says why loudly.
 */
export function circuitBreaker(verdicts: readonly Verdict[], settings: BreakerSettings): BreakerResult {
  const read = verdicts.length;
  const wouldHide = verdicts.filter((v) => v.mode === 'enforce' && (v.action === 'hide' || v.action === 'report')).length;
  const share = read === 0 ? 0 : wouldHide / read;
  return { tripped: read >= settings.minInteractions && share > settings.maxHideShare, read, wouldHide, share };
}
