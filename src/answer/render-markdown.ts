import { EVIDENCE_LEVEL_LABELS } from "../evidence/index.ts";
import {
  type Answer,
  type AnswerSection,
  CLOSEST_HEADING,
  closestDocuments,
  type Reference,
  type Statement,
} from "./answer.ts";

const KIND_LABELS: Record<Answer["questionType"], string> = {
  treatment: "Treatment",
  diagnosis: "Diagnosis and testing",
  prognosis: "Prognosis",
  etiology: "Causes and risk",
  dosing: "Drug and dosing",
  comparison: "Comparison",
  overview: "Overview",
};

/** The answer as Markdown: urgent notice, bottom line, sections, caveats, references, disclaimer. */
export function renderMarkdown(answer: Answer): string {
  const blocks: string[] = [];
  if (answer.urgentNotice) blocks.push(`> **${answer.urgentNotice}**`);
  blocks.push(`# ${answer.question}`);
  if (answer.searchedAs) blocks.push(`*Searched as: ${answer.searchedAs}*`);
  blocks.push(
    `*${KIND_LABELS[answer.questionType]} question · for ${answer.audience}s · ${answer.composer.name} composer${answer.composer.model ? ` (${answer.composer.model})` : ""} · ${answer.createdAt.slice(0, 10)}*`,
  );
  if (answer.bottomLine.length > 0)
    blocks.push(`**Bottom line.** ${answer.bottomLine.map(inline).join(" ")}`);
  for (const section of answer.sections) blocks.push(sectionMarkdown(section));
  if (answer.insufficientEvidence && closestDocuments(answer).length > 0) blocks.push(retrievedList(answer));
  if (answer.caveats.length > 0)
    blocks.push(`## Caveats\n\n${answer.caveats.map((caveat) => `- ${caveat}`).join("\n")}`);
  if (answer.references.length > 0) {
    blocks.push(`## References\n\n${answer.references.map(referenceMarkdown).join("\n")}`);
    blocks.push(`*Evidence cited: ${answer.evidenceSummary.text}.*`);
  }
  if (answer.followUps && answer.followUps.length > 0) {
    blocks.push(
      `## Have a Follow-up Question?\n\n${answer.followUps.map((question) => `- ${question}`).join("\n")}`,
    );
  }
  blocks.push(`---\n\n*${answer.disclaimer}*`);
  return `${blocks.join("\n\n")}\n`;
}

function sectionMarkdown(section: AnswerSection): string {
  const lines = [`## ${section.heading}`, ""];
  const numbered = section.kind === "treatment-algorithm";
  section.items.forEach((item, index) => {
    if (item.label) {
      lines.push(`${numbered ? `${index + 1}.` : "-"} **${item.label}**`);
      for (const statement of item.statements) lines.push(`   - ${inline(statement)}`);
    } else {
      for (const statement of item.statements) lines.push(`- ${inline(statement)}`);
    }
  });
  return lines.join("\n");
}

/** A statement with its citations; Galen's own framing in italics, an unverified claim visibly flagged. */
function inline(statement: Statement): string {
  if (statement.kind === "framing") return `*${statement.text}*`;
  const citations = `[${statement.citations.join(", ")}]`;
  return statement.flag
    ? `${statement.text} ${citations} ⚠ *${statement.flag}*`
    : `${statement.text} ${citations}`;
}

function referenceMarkdown(reference: Reference): string {
  const links = [
    reference.links.pubmed ? `[PubMed](${reference.links.pubmed})` : undefined,
    reference.links.doi ? `[DOI](${reference.links.doi})` : undefined,
    reference.links.pmc ? `[PMC](${reference.links.pmc})` : undefined,
  ].filter(Boolean);
  const level = `${EVIDENCE_LEVEL_LABELS[reference.evidenceLevel]}${reference.evidenceLevelInferred ? " (inferred)" : ""}`;
  return `${reference.number}. ${reference.citation} *${level}.*${links.length > 0 ? ` ${links.join(" · ")}` : ""}`;
}

/** The few documents that came closest, so a reader of an insufficient answer sees how near the corpus came. */
function retrievedList(answer: Answer): string {
  const lines = closestDocuments(answer).map(
    (item, index) =>
      `${index + 1}. ${item.title || item.id} (${item.id})${item.reference ? ` — reference ${item.reference}` : ""}`,
  );
  return `## ${CLOSEST_HEADING}\n\n${lines.join("\n")}`;
}
