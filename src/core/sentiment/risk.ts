/**
 * Risk words: what turns a complaint into a possible crisis for a food business (health, safety,
 * fraud, discrimination, legal action), whatever the tone. Separate from the polarity lexicon: a risk
 * word raises the alert level (docs/watch.md), and forces a `negative` label unless the text is clearly
 * positive ("allergique aux fruits à coque, merci de votre vigilance" stays positive, its risk word is
 * still reported). Folded keys; `*` is a prefix; phrases are matched on whole words.
 */
export const RISK_TERMS: readonly string[] = [
  // health and food safety
  'intoxication*', 'intoxique*', 'empoisonn*', 'malade', 'malades', 'maladie*', 'vomi*', 'gastro', 'gastros', 'gastro-enterite*', 'gastroenterite*', 'diarrhee*',
  'salmonel*', 'listeri*', 'e. coli', 'botulisme', 'allergie*', 'allergique*', 'reaction allergique', 'anaphyla*',
  'urgences', 'hopital', 'hospitalis*', 'samu', 'hygiene*', 'insalubr*', 'controle sanitaire', 'services sanitaires',
  'services veterinaires', 'ddpp', 'fermeture administrative', 'cheveu', 'cheveux', 'poil', 'poils', 'insecte*',
  'cafard*', 'blatte*', 'rat', 'rats', 'souris', 'asticot*', 'moisi*', 'moisissure*', 'perime*', 'avarie*',
  'corps etranger', 'morceau de plastique', 'bout de plastique', 'morceau de verre', 'bout de verre', 'eclat de verre',
  'morceau de metal',
  // fraud and money
  'arnaque*', 'arnaqueur*', 'escroquerie*', 'escroc*', 'voleur*', 'fraude*',
  // people: discrimination, harassment, staff
  'racis*', 'harcelement*', 'harcele*', 'discrimin*', 'homophob*', 'sexis*', 'agression*', 'agresse*', 'insulte*',
  'licenciement*', 'licencie*', 'greve',
  // public pressure and law
  'boycott*', 'plainte*', 'porter plainte', 'avocat*', 'proces', 'tribunal', 'journaliste*', 'petition*',
  // English
  'food poisoning', 'poisoning', 'sick', 'vomit*', 'hygiene', 'hair', 'cockroach*', 'mouse', 'mice', 'mould*', 'mold*',
  'scam*', 'racist*', 'harass*', 'boycott*', 'lawsuit', 'allergic reaction', 'hospital',
];
