import { mediaAltLength } from './network/media-alt-length.ts';
import { mediaAltMissing } from './network/media-alt-missing.ts';
import { mediaAspect } from './network/media-aspect.ts';
import { mediaCount } from './network/media-count.ts';
import { mediaDimensions } from './network/media-dimensions.ts';
import { mediaFormat } from './network/media-format.ts';
import { mediaMissing } from './network/media-missing.ts';
import { mediaOutside } from './network/media-outside.ts';
import { mediaPublicUrl } from './network/media-public-url.ts';
import { mediaSize } from './network/media-size.ts';
import { mediaUnreadable } from './network/media-unreadable.ts';
import { textHashtags } from './network/text-hashtags.ts';
import { textInvalidChars } from './network/text-invalid-chars.ts';
import { textLength } from './network/text-length.ts';
import { textLinks } from './network/text-links.ts';
import { textMentions } from './network/text-mentions.ts';
import { textMissing } from './network/text-missing.ts';
import { threadFirstComment } from './network/thread-first-comment.ts';
import { threadUnsupported } from './network/thread-unsupported.ts';
import type { PostRule } from './rule.ts';

/** The rules that check posts against each network's limits (src/core/networks/limits.ts). */
export const networkRules: readonly PostRule[] = [
  textMissing,
  textLength,
  textInvalidChars,
  textHashtags,
  textMentions,
  textLinks,
  threadUnsupported,
  threadFirstComment,
  mediaMissing,
  mediaOutside,
  mediaUnreadable,
  mediaAltMissing,
  mediaAltLength,
  mediaCount,
  mediaFormat,
  mediaSize,
  mediaDimensions,
  mediaAspect,
  mediaPublicUrl,
];
