import { maxPerDay, minGap, outsideSlots } from './cadence.ts';
import { channelEnabled } from './channel-enabled.ts';
import { duplicateId } from './duplicate-id.ts';
import { duplicateText } from './duplicate-text.ts';
import { blogImage } from './blog-image.ts';
import { blogBody, mdxComponent, mdxNoEsm, mdxNoExpression, mdxSyntax, mdxUnsafeHtml, mdxUnsafeUrl } from './mdx-body.ts';
import { pillarKnown } from './pillar-known.ts';
import { pillarMix } from './pillar-mix.ts';
import { publishTimeExists, publishTimePast } from './publish-time.ts';
import type { Rule } from './rule.ts';
import { variantChannel } from './variant-channel.ts';
import { crisisUnfilledVariable } from './crisis-variables.ts';
import { bannedTerms } from './voice-banned-terms.ts';
import { hashtagVoice } from './voice-hashtags.ts';

export type { CollectionRule, PostRule, Rule } from './rule.ts';

/** The rules of the content model and the editorial line (network limits come from network-rules.ts). */
export const editorialRules: readonly Rule[] = [
  channelEnabled,
  variantChannel,
  pillarKnown,
  publishTimeExists,
  publishTimePast,
  mdxSyntax,
  mdxNoEsm,
  mdxNoExpression,
  mdxComponent,
  mdxUnsafeHtml,
  mdxUnsafeUrl,
  blogBody,
  blogImage,
  bannedTerms,
  hashtagVoice,
  duplicateId,
  duplicateText,
  maxPerDay,
  minGap,
  outsideSlots,
  pillarMix,
  crisisUnfilledVariable,
];
