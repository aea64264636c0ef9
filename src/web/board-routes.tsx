import { Hono } from "hono";
import { ReviewRefused, reviewArticle } from "../editorial/review-article.ts";
import { REVIEW_ACTIONS, type ReviewAction } from "../editorial/review-lifecycle.ts";
import type { GalenStore } from "../store/index.ts";
import { articlePath } from "./articles.ts";
import { MessagePage } from "./pages/message-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { clientOf, page } from "./responses.tsx";
import { type SignIn, sessionCookie, validCsrf } from "./sign-in.ts";

/** Sign-in, sign-out and review actions for the advisory board. */
export function boardRoutes({ store, signIn }: { store: GalenStore; signIn: SignIn }): Hono {
  const board = new Hono();

  board.get("/login", (c) => page(c, <SignInPage next={safeNext(c.req.query("next"))} />));

  board.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? "").trim();
    const next = safeNext(form.next);
    const client = clientOf(c);
    const wait = await signIn.throttled(email, client);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return page(
        c,
        <SignInPage
          next={next}
          problem={`Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minutes.`}
        />,
        429,
      );
    }
    const signedIn = await signIn.attempt(email, String(form.password ?? ""), client);
    if (signedIn === undefined) {
      return page(
        c,
        <SignInPage next={next} problem="The email or password is wrong, or the account is disabled." />,
        401,
      );
    }
    await store.appendAudit({
      actor: signedIn.account.email,
      action: "session.sign-in",
      target: `user:${signedIn.account.email}`,
      details: {},
      requestId: c.get("requestId"),
    });
    c.header("Set-Cookie", sessionCookie(c, signedIn.token));
    return c.redirect(next, 303);
  });

  board.post("/logout", async (c) => {
    const current = await signIn.current(c);
    const form = await c.req.parseBody();
    if (current && validCsrf(current.session, form.csrf)) {
      if (form.everywhere) await store.deleteSessionsOf(current.account.email);
      else await store.deleteSession(current.tokenHash);
    }
    c.header("Set-Cookie", sessionCookie(c, "", 0));
    return c.redirect("/", 303);
  });

  board.post("/articles/:id/review", async (c) => {
    const current = await signIn.current(c);
    const id = c.req.param("id");
    if (current === undefined) return c.redirect(`/login?next=${encodeURIComponent(`/articles/${id}`)}`, 303);
    const form = await c.req.parseBody();
    if (!validCsrf(current.session, form.csrf)) {
      return page(
        c,
        <MessagePage
          title="Not allowed"
          paragraphs={["This form has expired or did not come from Galen. Reload the article and try again."]}
        />,
        403,
      );
    }
    const action = String(form.action ?? "");
    if (!(REVIEW_ACTIONS as readonly string[]).includes(action)) {
      return page(
        c,
        <MessagePage title="Unknown action" paragraphs={[`Choose one of: ${REVIEW_ACTIONS.join(", ")}.`]} />,
        400,
      );
    }
    try {
      const version = Number(form.version);
      const article = await reviewArticle(store, {
        articleId: id,
        action: action as ReviewAction,
        actor: current.account.email,
        ...(Number.isInteger(version) && version > 0 ? { version } : {}),
        requestId: c.get("requestId"),
      });
      return c.redirect(form.next === "/review" ? "/review" : articlePath(article), 303);
    } catch (error) {
      if (!(error instanceof ReviewRefused)) throw error;
      return page(
        c,
        <MessagePage title="That review action cannot be taken" paragraphs={[error.message]} />,
        error.status,
      );
    }
  });

  return board;
}

/** Only a path on this site: an open redirect through the sign-in form would help phishing. */
function safeNext(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}
