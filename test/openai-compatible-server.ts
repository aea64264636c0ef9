import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a chat request asked for, as the server received it. */
export interface ChatRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: {
    model: string;
    stream?: boolean;
    messages: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { schema: unknown } };
  };
  /** Of a streamed answer: the chunks sent so far, and how many there are in all. */
  chunks: { sent: number; total: number };
}

/**
 * How the server answers one request: the assistant's text (as one JSON response, or as SSE chunks when the
 * request streams), an HTTP error, or nothing at all.
 */
export type ChatReply =
  | { content: string; chunkSize?: number; chunkDelayMs?: number; delayMs?: number }
  | { status: number; body?: string; headers?: Record<string, string> }
  | "hang";

export interface FakeChatServer {
  /** The OpenAI-compatible API base, e.g. http://127.0.0.1:43210/v1. */
  baseUrl: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for an OpenAI-compatible server (Ollama, vLLM, llama.cpp): POST /v1/chat/completions, answered by
 * `reply` with the request and its index (0 for the first), so a test can fail once and then succeed.
 */
export async function startOpenAiCompatibleServer(
  reply: (request: ChatRequest, index: number) => ChatReply,
): Promise<FakeChatServer> {
  const requests: ChatRequest[] = [];
  const server = createServer((incoming, response) => {
    let body = "";
    incoming.on("data", (chunk) => {
      body += chunk;
    });
    incoming.on("end", () => {
      const request: ChatRequest = {
        path: incoming.url ?? "",
        headers: incoming.headers,
        body: JSON.parse(body) as ChatRequest["body"],
        chunks: { sent: 0, total: 0 },
      };
      requests.push(request);
      if (request.path !== "/v1/chat/completions") {
        respond(response, { status: 404, body: JSON.stringify({ error: { message: "not found" } }) });
        return;
      }
      const answer = reply(request, requests.length - 1);
      if (answer === "hang") return;
      if ("status" in answer) respond(response, answer);
      else if (request.body.stream) void streamCompletion(response, request, answer);
      else
        setTimeout(
          () =>
            respond(response, {
              status: 200,
              body: JSON.stringify(completion(request.body.model, answer.content)),
            }),
          answer.delayMs ?? 0,
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(
  response: ServerResponse,
  reply: { status: number; body?: string; headers?: Record<string, string> },
): void {
  response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  response.end(reply.body ?? JSON.stringify({ error: { message: `status ${reply.status}` } }));
}

function completion(model: string, content: string) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

/** Server-sent events as OpenAI sends them: one `choices[0].delta.content` per chunk, then `[DONE]`. */
async function streamCompletion(
  response: ServerResponse,
  request: ChatRequest,
  {
    content,
    chunkSize = 24,
    chunkDelayMs = 0,
  }: { content: string; chunkSize?: number; chunkDelayMs?: number },
): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: object, finishReason: string | null) =>
    `data: ${JSON.stringify({
      id: "chatcmpl-test",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model: request.body.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    })}\n\n`;
  const pieces: string[] = [];
  for (let start = 0; start < content.length; start += chunkSize)
    pieces.push(content.slice(start, start + chunkSize));
  request.chunks.total = pieces.length;
  response.write(chunk({ role: "assistant", content: "" }, null));
  for (const piece of pieces) {
    if (chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
    response.write(chunk({ content: piece }, null));
    request.chunks.sent++;
  }
  response.write(chunk({}, "stop"));
  response.end("data: [DONE]\n\n");
}
