/**
 * Words that say who is asking or about whom, when and how often, but not what the question is about: "older
 * woman", "my son … every day", "taking it with meals", "an active adult". They shape how an answer is read; they
 * never decide whether a source addresses the question (a trial of women over 65 need not print "older woman").
 * Conditions and treatments are never here, nor words whose absence changes the answer (pregnant, newborn).
 */
const CONTEXT_WORDS: ReadonlySet<string> = new Set(
  `
  old older oldest elderly aged age ages aging young younger youngest middle-aged yo y/o yr yrs
  man men male males woman women female females lady ladies guy guys gentleman boy boys girl girls
  person persons people someone somebody anyone everyone individual individuals adult adults grown-up
  son sons daughter daughters child's kid kids kiddo toddler teen teens teenager teenagers teenage
  mum mom mummy mommy mother mothers dad daddy father fathers parent parents grandma grandmother granny
  grandpa grandad granddad grandfather grandparent grandparents grandson granddaughter grandchild grandchildren
  nan nana nanna gran papa pops wife husband partner spouse brother sister sibling siblings
  family friend friends baby babies baby's babys newborn's
  w w/ wo w/o with without pt pts patient patients client clients case cases hx h/o c/o s/p yo/m yo/f f/u
  me my mine i i'm i've myself we us our he him his she her they them their
  every each daily day days week weeks weekly month months monthly year years yearly night nights morning
  mornings evening hour hours minute minutes time times often always sometimes usually never ever still
  again lately recently currently now today tonight tomorrow yesterday soon already since ago long last next
  first second later earlier true false like likes
  taking take takes took taken give gives giving gave given get gets getting got use uses using used try
  trying tried start starting started stop stopping stopped keep keeping go going went come coming
  have having has had do doing does did make makes making made put puts need needs needed want wants
  wanted worth work works worked working help helps helped helping would could should might may must can
  will shall ok okay safe safely good better best bad worse worst fine normal right wrong really actually
  just also even much many lot lots little bit some any still very quite pretty so too enough
  active fit healthy sporty athletic busy
  meal meals food foods eat eating ate breakfast lunch dinner supper
  ward wards clinic clinics hospital hospitals er a&e gp doctor doctors dr nurse nurses
  thing things stuff way ways kind kinds sort type types rid
  new old usual regular typical common protect protects protecting
  yes no maybe thanks thank please hi hello wk wks mo mos yr yrs isnt im ive id youre were theyre hes shes
  don't dont doesn't doesnt didn't won't wont can't cant isn't aren't wasn't not
  `.split(/\s+/),
);

/** Whether a question's word only gives context (who, when, how often), never the topic. */
export function isContextWord(text: string): boolean {
  const lower = text.toLowerCase();
  if (CONTEXT_WORDS.has(lower)) return true;
  // "son's", "we're", "he'll": a context word with its ending.
  const stem = lower.split(/['’]/)[0] ?? lower;
  if (stem !== lower && CONTEXT_WORDS.has(stem)) return true;
  // Ages, counts, doses and durations as typed: "72", "72yo", "65M", "2wk", "5mg", "90k", "1-2", "29/40".
  return /^\d[\d.,/-]*[a-z%]{0,3}$/.test(lower);
}
