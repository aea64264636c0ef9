import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage, GalenError } from "../galen-error.ts";

/** What a tool returns: text for the assistant to read, and the same facts as structured content for programs. */
export function toolResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/**
 * A problem the assistant can act on (a wrong id, an empty question), returned as the tool's result so that the
 * model reads it, rather than as a protocol error that the client would show to nobody.
 */
export function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

/**
 * Runs a tool's work. Galen's user-fixable errors become tool errors with their one-line message; anything else
 * is a bug in Galen: its details go to stderr (never stdout, which carries the protocol over stdio), and the
 * assistant is told only that the call failed.
 */
export async function runTool(name: string, work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GalenError) return toolError(error.message);
    process.stderr.write(
      `galen mcp: ${name} failed: ${process.env.GALEN_DEBUG && error instanceof Error ? error.stack : errorMessage(error)}\n`,
    );
    return toolError(
      `Galen failed to run ${name}. This is a bug in Galen, not a problem with the request; the details are in the server's log.`,
    );
  }
}
