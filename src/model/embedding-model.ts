import { errorMessage, GalenError } from "../galen-error.ts";

/** Turns texts into vectors; one model's vectors are comparable only with each other. */
export interface EmbeddingModel {
  /** Identifies the vector space: vectors from different models never mix. */
  readonly name: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface EmbeddingSettings {
  /** An OpenAI-compatible API base, e.g. http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per request; a slow server fails instead of hanging a search. */
  timeoutMs?: number;
}

/** Any server that speaks OpenAI's /v1/embeddings: OpenAI, Ollama, vLLM, text-embeddings-inference. */
export function openAiCompatibleEmbeddings(settings: EmbeddingSettings): EmbeddingModel {
  const timeoutMs = settings.timeoutMs ?? 30_000;
  return {
    name: settings.model,
    async embed(texts, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        // Loaded on first use: most commands never embed, and the SDK is large.
        const [{ createOpenAICompatible }, { embedMany }] = await Promise.all([
          import("@ai-sdk/openai-compatible"),
          import("ai"),
        ]);
        const model = createOpenAICompatible({
          name: "galen-embeddings",
          baseURL: settings.baseUrl.replace(/\/+$/, ""),
          ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        }).embeddingModel(settings.model);
        const { embeddings } = await embedMany({
          model,
          values: [...texts],
          maxRetries: 1,
          abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        return embeddings;
      } catch (error) {
        if (signal?.aborted) throw error;
        const why = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : errorMessage(error);
        throw new GalenError(
          `The embedding server ${settings.baseUrl} (model ${settings.model}) failed: ${why}. Check that it runs and serves /embeddings, or unset GALEN_EMBEDDINGS_URL to search lexically.`,
          1,
          { cause: error },
        );
      }
    },
  };
}
