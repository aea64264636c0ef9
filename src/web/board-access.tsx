import type { Context } from "hono";
import { isBoard, type Role, roleOf } from "../editorial/review-lifecycle.ts";
import { MessagePage } from "./pages/message-page.tsx";
import { page } from "./responses.tsx";
import { type SignedIn, type SignIn, validCsrf } from "./sign-in.ts";

export type BoardAccess = { signedIn: SignedIn; role: Role } | { refused: Response | Promise<Response> };

/**
 * The signed-in board member behind a request, or the response that turns it away: the sign-in page for nobody,
 * 403 for a reader or clinician, and 403 for a form whose CSRF token is not the session's.
 */
export async function boardAccess(
  c: Context,
  signIn: SignIn,
  form?: Record<string, unknown>,
  roles: (role: Role) => boolean = isBoard,
): Promise<BoardAccess> {
  const signedIn = await signIn.current(c);
  if (signedIn === undefined) {
    const url = new URL(c.req.url);
    const back = c.req.method === "GET" ? `${url.pathname}${url.search}` : "/review";
    return { refused: c.redirect(`/login?next=${encodeURIComponent(back)}`, 303) };
  }
  if (form !== undefined && !validCsrf(signedIn.session, form.csrf)) {
    return {
      refused: refusal(c, "This form has expired or did not come from Galen. Reload the page and try again."),
    };
  }
  const role = roleOf(signedIn.account);
  if (!roles(role))
    return { refused: refusal(c, "This page is for the medical advisory board and its editors.") };
  return { signedIn, role };
}

function refusal(c: Context, message: string): Response | Promise<Response> {
  return page(c, <MessagePage title="Not allowed" paragraphs={[message]} />, 403);
}
