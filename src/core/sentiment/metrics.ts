/** Accuracy, and precision, recall and F1 per class, of labels against a gold standard. */
import { SENTIMENT_LABELS, type SentimentLabel } from './score.ts';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<SentimentLabel, ClassMetrics>;
  /** confusion[gold][predicted] */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

export function evaluate(pairs: readonly { gold: SentimentLabel; predicted: SentimentLabel }[]): Evaluation {
  const confusion = Object.fromEntries(SENTIMENT_LABELS.map((g) => [g, Object.fromEntries(SENTIMENT_LABELS.map((p) => [p, 0]))])) as Evaluation['confusion'];
  for (const { gold, predicted } of pairs) confusion[gold][predicted]++;
  const perClass = {} as Evaluation['perClass'];
  for (const label of SENTIMENT_LABELS) {
    const tp = confusion[label][label];
    const predicted = SENTIMENT_LABELS.reduce((n, g) => n + confusion[g][label], 0);
    const support = SENTIMENT_LABELS.reduce((n, p) => n + confusion[label][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    perClass[label] = { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  }
  const correct = SENTIMENT_LABELS.reduce((n, l) => n + confusion[l][l], 0);
  return {
    n: pairs.length,
    accuracy: pairs.length ? correct / pairs.length : 0,
    macroF1: SENTIMENT_LABELS.reduce((s, l) => s + perClass[l].f1, 0) / SENTIMENT_LABELS.length,
    perClass,
    confusion,
  };
}
