import { abstractText, type EvidenceDocument } from "./evidence-document.ts";

/** Words that name animals, cells or other non-human subjects of a study. */
export const NON_HUMAN_SUBJECTS =
  /\b(?:mice|mouse|murine|rats?|rodents?|hamsters?|guinea pigs?|rabbits?|dogs?|canine|cats|feline|pigs?|piglets?|swine|porcine|sheep|ovine|goats?|cattle|cows?|bovine|calves|horses?|equine|monkeys?|macaques?|primates?|baboons?|zebrafish|drosophila|nematodes?|c\. elegans|yeast|animals?|broilers?|chickens?|hens|frogs?|xenopus|ferrets?|beagles?|mosquito(?:es)?|insects?|larvae|cell lines?|in vitro)\b/;

/** Words that name people as a study's subjects. */
const HUMAN_SUBJECTS =
  /\b(?:patients?|participants?|children|adolescents|infants?|neonates|newborns|women|men|adults?|volunteers|people|persons|individuals|humans?|pregnancies|mothers)\b/;

/** Whether a text (a question) names animals, cells or other non-human subjects. */
export function namesNonHumans(text: string): boolean {
  return NON_HUMAN_SUBJECTS.test(text.toLowerCase());
}

/**
 * Whether a record studies only animals, cells or other non-human subjects: it names some and names no people. Such
 * a study is not clinical evidence for a question about patients.
 */
export function studiesOnlyNonHumans(document: Pick<EvidenceDocument, "title" | "abstract">): boolean {
  const text = `${document.title} ${abstractText(document)}`.toLowerCase();
  return NON_HUMAN_SUBJECTS.test(text) && !HUMAN_SUBJECTS.test(text);
}
