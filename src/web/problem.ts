import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An RFC 9457 problem document: what went wrong, in words a client's developer can act on. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
  /** Members beyond RFC 9457's own, such as the review actions allowed instead. */
  extensions: Record<string, unknown> = {},
): Response {
  return c.body(
    JSON.stringify({
      ...extensions,
      type: "about:blank",
      title,
      status,
      detail,
      instance: c.req.path,
      requestId: c.get("requestId"),
    }),
    status,
    { "Content-Type": "application/problem+json" },
  );
}
