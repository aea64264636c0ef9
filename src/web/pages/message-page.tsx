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
