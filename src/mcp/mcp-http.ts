import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { errorMessage } from "../galen-error.ts";

/** Where the endpoint answers. */
export const MCP_PATH = "/mcp";

export interface McpHttpOptions {
  port: number;
  host: string;
  /** How long in-flight requests get to finish on close before their connections are cut. */
  closeTimeoutMs?: number;
}

export interface McpHttpEndpoint {
  /** e.g. http://127.0.0.1:3001/mcp */
  url: string;
  port: number;
  /** Graceful: no new connections; requests in flight finish (or are cut after the timeout). */
  close(): Promise<void>;
}

/** Host names a browser uses for this machine; a server bound to loopback answers only requests addressed so. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const LOOPBACK_BINDINGS = new Set(["localhost", "127.0.0.1", "::1"]);

/**
 * Streamable HTTP at /mcp, stateless: each POST gets its own MCP server and transport (cheap) over the caller's
 * shared store, so nothing is kept between requests and any number of clients can call at once. There is no
 * session, so GET (a server-to-client stream) and DELETE (ending a session) are refused.
 */
export async function listenMcpHttp(
  newServer: () => McpServer,
  options: McpHttpOptions,
): Promise<McpHttpEndpoint> {
  // A loopback server checks the Host header, so a web page cannot reach it by rebinding its DNS name to 127.0.0.1.
  const checkHost = LOOPBACK_BINDINGS.has(options.host);
  const http = createServer((request, response) => {
    handle(request, response, newServer, checkHost).catch((error: unknown) => {
      process.stderr.write(`galen mcp: request failed: ${errorMessage(error)}\n`);
      if (!response.headersSent) rpcError(response, 500, "Internal server error");
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}${MCP_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => http.closeAllConnections(), options.closeTimeoutMs ?? 5000);
        cut.unref();
        http.close(() => {
          clearTimeout(cut);
          resolve();
        });
        http.closeIdleConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  newServer: () => McpServer,
  checkHost: boolean,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (path !== MCP_PATH) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(`Not found. Galen's MCP endpoint is ${MCP_PATH}.\n`);
    return;
  }
  if (checkHost && !LOOPBACK_HOSTS.has(hostnameOf(request.headers.host))) {
    rpcError(response, 403, "Forbidden: this server answers only requests addressed to localhost.");
    return;
  }
  if (request.method !== "POST") {
    response.setHeader("Allow", "POST");
    rpcError(response, 405, "Method not allowed: this stateless MCP server takes POST requests only.");
    return;
  }
  const server = newServer();
  const transport = new StreamableHTTPServerTransport();
  response.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request, response);
}

function hostnameOf(host: string | undefined): string {
  try {
    return host ? new URL(`http://${host}`).hostname : "";
  } catch {
    return "";
  }
}

/** A JSON-RPC error without an id, as MCP's HTTP transport answers requests it refuses. */
function rpcError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}
