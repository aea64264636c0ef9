import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { READERS } from "../audience/reader-profiles.ts";
import { MessagePage } from "./pages/message-page.tsx";

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

/** "?audience=patient" for a known reader, else nothing. */
export function audienceQuery(value: unknown): string {
  return typeof value === "string" && (READERS as readonly string[]).includes(value)
    ? `?audience=${value}`
    : "";
}

export function publicOrigin(c: Context, publicUrl: string | undefined): string {
  return (publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, "");
}

export function notFound(c: Context, message: string): Response | Promise<Response> {
  return page(c, <MessagePage title="Not found" paragraphs={[message]} />, 404);
}
