import { Layout } from "./layout.tsx";

/** A short page for errors, polite replies and the editorial policy. */
export function MessagePage({ title, paragraphs }: { title: string; paragraphs: readonly string[] }) {
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      {paragraphs.map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      <p>
        <a href="/">Ask a question</a>
      </p>
    </Layout>
  );
}

export const EDITORIAL_POLICY = [
  "Galen drafts every answer from the published abstracts in its corpus. Each statement cites the sources it comes from and is checked against them before it is shown; statements the sources do not support are left out.",
  "A drafted answer is published as an article in the state Submitted. Members of the medical advisory board review it (Under Review) and approve it, ask for changes, or reject it. Until an article is approved it carries the banner “Educational purpose only · content is pending human review”.",
  "“Last updated” is the date of the latest approved version, or of the draft when none is approved yet. Retracted publications are never cited.",
];
