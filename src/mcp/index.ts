export { createGalenMcpServer, type GalenMcpOptions } from "./galen-mcp-server.ts";
export { listenMcpHttp, MCP_PATH, type McpHttpEndpoint, type McpHttpOptions } from "./mcp-http.ts";
