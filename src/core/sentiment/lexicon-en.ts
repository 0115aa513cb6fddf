/**
 * English polarity lexicon for the same engine (CC0, written for Cadence): the opinion words of reviews
 * and posts about a food business. Same conventions as lexicon-fr.ts (folded keys, `*` prefixes, −3…+3).
 */
export const LEXICON_EN: Readonly<Record<string, number>> = {
  good: 2, great: 3, best: 3, better: 1.5, excellent: 3, perfect: 3, amazing: 3, awesome: 3, fantastic: 3, wonderful: 3,
  outstanding: 3, superb: 3, brilliant: 3, lovely: 2.5, nice: 2, delicious: 3, tasty: 2.5, yummy: 2.5, fresh: 1.5,
  'love*': 2.5, 'like': 1, 'liked': 1.5, 'enjoy*': 2, 'recommend*': 2, friendly: 2, kind: 1.5, helpful: 2, polite: 1.5,
  fast: 1, quick: 1, 'flaky': 1.5, 'buttery': 1.5, crispy: 1.5, crunchy: 1.5, soft: 1, 'fluffy': 1.5, gorgeous: 2.5,
  beautiful: 2.5, happy: 2, glad: 2, thanks: 1.5, 'thank': 1.5, cheers: 1, fair: 1, reasonable: 1.5, worth: 1.5,
  definitely: 0.5, 'favourite*': 2, 'favorite*': 2, gem: 2.5, top: 2, superb_: 0, 'wow': 2, 'yum': 2.5, cool: 1.5,
  bad: -2, worse: -2.5, worst: -3, terrible: -3, awful: -3, horrible: -3, disgusting: -3, gross: -2.5, nasty: -2.5,
  'stale': -2.5, 'burnt': -2, 'burned': -2, soggy: -2, dry: -1.5, bland: -2, tasteless: -2, cold: -0.5, rude: -2.5,
  'unfriendly': -2.5, slow: -1.5, 'wait*': -1, late: -1.5, wrong: -1.5, 'mistake*': -1.5, 'overpriced': -2.5,
  expensive: -1.5, pricey: -1.5, 'underwhelm*': -2, 'disappoint*': -2.5, 'meh': -1.5, 'avoid': -2.5, 'never': 0,
  'hate*': -3, 'sad': -1.5, 'angry': -2.5, 'annoy*': -2, 'poor': -2, 'mediocre': -2, 'scam*': -3, 'rip-off': -3,
  'ripoff': -3, 'dirty': -2.5, 'filthy': -3, 'mouldy': -2.5, 'moldy': -2.5, 'rotten': -3, 'sick': -2, 'ill': -1.5,
  'complain*': -1.5, 'problem*': -1.5, 'issue*': -1, 'refund*': -0.5, 'cancel*': -1.5, 'lost': -1.5, 'broken': -2,
  'crushed': -2, 'shame': -2, 'shameful': -2.5, 'unacceptable': -3, 'ridiculous': -2, 'joke': -1.5, 'hype': -0.5,
};

export const PHRASES_EN: Readonly<Record<string, number>> = {
  'not worth': -2,
  'not worth it': -2,
  'not worth the hype': -2.5,
  'not bad': 1.5,
  'not bad at all': 2,
  'no complaints': 2,
  'will be back': 2,
  'come back': 1,
  'never again': -2.5,
  'waste of money': -3,
  'rip off': -3,
  'food poisoning': -3,
  'must try': 2.5,
  'highly recommend': 3,
};

export const NEGATORS_EN: ReadonlySet<string> = new Set(['not', 'no', 'never', 'without', 'nothing', 'nobody', 'none', 'neither', 'nor', "n't"]);
export const BOOSTERS_EN: ReadonlySet<string> = new Set(['very', 'really', 'so', 'super', 'extremely', 'absolutely', 'totally', 'truly', 'incredibly', 'too', 'utterly', 'quite', 'definitely']);
export const DAMPENERS_EN: ReadonlySet<string> = new Set(['slightly', 'somewhat', 'kinda', 'kind of', 'fairly', 'barely', 'bit']);
export const DUAL_EN: ReadonlySet<string> = new Set(['super', 'too']);
export const EXCESS_EN: ReadonlySet<string> = new Set(['sweet', 'salty', 'greasy', 'expensive', 'long', 'slow', 'dry', 'hard', 'small', 'busy', 'crowded', 'late', 'much', 'oily', 'sugary']);
export const CONTRASTS_EN: ReadonlySet<string> = new Set(['but', 'however', 'although', 'though', 'yet']);
export const CONTRAST_PHRASES_EN: readonly string[] = ['on the other hand'];
