export { createScorer, detectLanguage, labelOf, NEUTRAL_BAND, SENTIMENT_LABELS } from './score.ts';
export type { LexiconExtension, Scorer, ScoreOptions, SentimentHit, SentimentLabel, SentimentLanguage, SentimentResult } from './score.ts';
export { evaluate, type Evaluation } from './metrics.ts';
