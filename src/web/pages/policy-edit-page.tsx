import { Layout } from "./layout.tsx";

/** For an admin: the editorial policy's text, paragraphs separated by blank lines. */
export function PolicyEditPage({
  text,
  csrfToken,
  problem,
}: {
  text: string;
  csrfToken: string;
  problem?: string;
}) {
  return (
    <Layout title="Edit the editorial policy">
      <h1>Edit the editorial policy</h1>
      {problem ? (
        <p class="banner" role="alert">
          {problem}
        </p>
      ) : null}
      <p class="meta">
        Shown to every reader at <a href="/editorial-policy">/editorial-policy</a>. Plain text; a blank line
        starts a new paragraph.
      </p>
      <form class="ask" method="post" action="/admin/editorial-policy">
        <input type="hidden" name="csrf" value={csrfToken} />
        <label for="text">Policy</label>
        <textarea id="text" name="text" rows={16} required>
          {text}
        </textarea>
        <button type="submit">Publish the policy</button>
      </form>
    </Layout>
  );
}
