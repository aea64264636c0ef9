import { type Command, Option } from "commander";
import type { EmbeddingSettings } from "../model/embedding-model.ts";

/** --embeddings-url and --embeddings-model, which commander also fills from GALEN_EMBEDDINGS_URL and _MODEL. */
export interface EmbeddingOptions {
  embeddingsUrl?: string;
  embeddingsModel?: string;
}

/** The embedding server to use, or undefined when none is configured (dense retrieval is optional). */
export function embeddingSettings(options: EmbeddingOptions): EmbeddingSettings | undefined {
  const baseUrl = options.embeddingsUrl?.trim();
  const model = options.embeddingsModel?.trim();
  if (!baseUrl || !model) return undefined;
  return {
    baseUrl,
    model,
    ...(process.env.GALEN_EMBEDDINGS_KEY ? { apiKey: process.env.GALEN_EMBEDDINGS_KEY } : {}),
  };
}

export function withEmbeddingOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--embeddings-url <url>", "OpenAI-compatible API base for embeddings").env(
        "GALEN_EMBEDDINGS_URL",
      ),
    )
    .addOption(new Option("--embeddings-model <name>", "embedding model name").env("GALEN_EMBEDDINGS_MODEL"));
}
