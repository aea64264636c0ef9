import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A server-rendered page, as a standards-mode HTML document. */
export function page(
  c: Context,
  element: JSX.Element,
  status: ContentfulStatusCode = 200,
): Response | Promise<Response> {
  return c.html(pageHtml(element), status);
}

export function pageHtml(element: JSX.Element): string {
  return `<!doctype html>${String(element)}`;
}

/** The client's address, for per-client limits; requests made in-process (tests) have no socket. */
export function clientOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "local";
  }
}
