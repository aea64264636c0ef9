import type { SettingsStore } from "../store/settings-store.ts";

/** The setting that holds the editorial policy's text, as an admin wrote it. */
export const EDITORIAL_POLICY_SETTING = "editorial-policy";

/** What readers are told until an admin writes the organisation's own policy. */
export const DEFAULT_EDITORIAL_POLICY = [
  "Galen drafts every answer from the published abstracts in its corpus. Each statement cites the sources it comes from and is checked against them before it is shown; statements the sources do not support are left out.",
  "A drafted answer is published as an article in the state Submitted. Members of the medical advisory board review it (Under Review) and approve it, ask for changes, or reject it. Until an article is approved it carries the banner “Educational purpose only · content is pending human review”.",
  "Editors and reviewers may reword, re-order or remove statements; every change is kept as a new version, and every statement must still cite sources held in the corpus. Readers see the latest approved version.",
  "“Last updated” is the date of the latest approved version, or of the draft when none is approved yet. When new evidence is published for an approved article, or a source it cites is retracted, the article goes back to the board. Retracted publications are never cited.",
];

/** The editorial policy's paragraphs: the admin's text, split at blank lines, or the default. */
export async function editorialPolicy(store: SettingsStore): Promise<string[]> {
  const text = await store.getSetting(EDITORIAL_POLICY_SETTING);
  if (text === undefined) return DEFAULT_EDITORIAL_POLICY;
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, " ").trim())
    .filter((paragraph) => paragraph !== "");
}
