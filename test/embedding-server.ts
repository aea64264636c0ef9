import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Deterministic hashed bag-of-words vectors: texts sharing words get nearby vectors. */
export function hashedWordVector(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** How the stand-in answers: 16-number vectors, 8-number vectors (the wrong size), or never. */
export type EmbeddingServerMode = "ok" | "wrong-size" | "slow";

export interface FakeEmbeddingServer {
  /** The OpenAI-compatible API base, e.g. http://127.0.0.1:43210/v1. */
  baseUrl: string;
  /** Texts embedded so far. */
  embedded: number;
  close(): Promise<void>;
}

/** A stand-in for an OpenAI-compatible /v1/embeddings server, answering as `mode()` says at each request. */
export async function startEmbeddingServer(
  mode: () => EmbeddingServerMode = () => "ok",
): Promise<FakeEmbeddingServer> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const now = mode();
      if (now === "slow") return; // never answers
      const { input, model } = JSON.parse(body) as { input: string[]; model: string };
      const dimensions = now === "wrong-size" ? 8 : 16;
      fake.embedded += input.length;
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({
          object: "list",
          model,
          data: input.map((text, index) => ({
            object: "embedding",
            index,
            embedding: hashedWordVector(text, dimensions),
          })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: FakeEmbeddingServer = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    embedded: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}
