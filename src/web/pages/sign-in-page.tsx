import { Layout } from "./layout.tsx";

/** The board's sign-in form; `next` is where to go afterwards (a path on this site). */
export function SignInPage({ next, problem }: { next: string; problem?: string }) {
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      <p class="meta">For the medical advisory board and editors. Readers do not need an account.</p>
      {problem ? (
        <p class="banner" role="alert">
          {problem}
        </p>
      ) : null}
      <form class="ask" method="post" action="/login">
        <label for="email">Email</label>
        <input id="email" type="email" name="email" required autocomplete="username" />
        <label for="password">Password</label>
        <input id="password" type="password" name="password" required autocomplete="current-password" />
        <input type="hidden" name="next" value={next} />
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  );
}
