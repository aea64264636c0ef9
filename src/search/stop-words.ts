/**
 * English function words that carry no topic. Dropping them from the OR query keeps BM25 from scoring most of
 * the corpus for words like "the" (a large speed-up at no cost to ranking). Negations ("no", "not", "without")
 * are kept: in clinical text they change the meaning. "vs" and "versus" only say that two things are compared
 * (the question type keeps that); searched, "vs" expanded to vestibular schwannoma.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers
  herself him himself his how i if in into is it its itself just me more most my myself of off on once only or
  other our ours ourselves out over own same she should so some such than that the their theirs them themselves
  then there these they this those through to too under until up versus very vs was we were what when where which
  while who whom why will with would you your yours yourself yourselves`.split(/\s+/),
);
