import { basename } from "node:path";
import type { LanguageModel } from "ai";
import { z } from "zod";
import { errorMessage, GalenError } from "../galen-error.ts";
import { localGgufModel } from "./local-gguf-model.ts";

/** A JSON Schema (draft 2020-12) for the JSON a model must write; every provider below accepts one. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One structured generation: instructions, the material, and the shape the answer must take. */
export interface JsonRequest {
  system: string;
  prompt: string;
  schema: JsonSchema;
  /** Cuts a runaway generation short; the answer then fails as incomplete instead of running on. */
  maxOutputTokens?: number;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Called with the JSON parsed so far as it streams in; without it the answer arrives in one piece. */
  onPartial?: (partial: unknown) => void;
}

/**
 * The model port for writing answers: a model that returns JSON shaped by a schema. It returns the parsed JSON
 * unvalidated; the caller validates it, because what to do with a half-right answer is the caller's decision.
 * Every failure (unreachable server, refused key, rate limit, timeout, text that is not JSON) is a GalenError.
 */
export interface AnswerModel {
  /** The model's name as recorded with each answer. */
  readonly name: string;
  /** What identifies the model for reproducing an answer (never a key). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  generateJson(request: JsonRequest, options?: GenerateOptions): Promise<unknown>;
  /** Frees what the model holds (a local model's memory); a no-op for HTTP providers. */
  close(): Promise<void>;
}

const common = {
  model: z.string().min(1),
  timeoutMs: z.number().int().positive().optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
};
const httpUrl = z.url({ protocol: /^https?$/ });

export const ModelSettings = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("openai-compatible"),
    baseUrl: httpUrl,
    apiKey: z.string().min(1).optional(),
    ...common,
  }),
  z.object({
    provider: z.literal("anthropic"),
    baseUrl: httpUrl.optional(),
    apiKey: z.string().min(1),
    ...common,
  }),
  z.object({ provider: z.literal("local"), modelPath: z.string().min(1), ...common }),
]);
export type ModelSettings = z.infer<typeof ModelSettings>;

/** HTTP generation is slow for long answers; two minutes covers a full answer from a mid-sized model. */
const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 2;

const SERVER_EXAMPLES =
  "http://localhost:11434/v1 (Ollama), http://localhost:8000/v1 (vLLM), http://localhost:8080/v1 (llama.cpp server), https://openrouter.ai/api/v1 (OpenRouter) or https://api.openai.com/v1 (OpenAI)";

/** What to tell the person running Galen when a setting is missing or wrong, by the setting's name. */
const SETTING_HELP: Record<string, string> = {
  provider: "Set GALEN_MODEL_PROVIDER to openai-compatible, anthropic or local",
  model: "Set GALEN_MODEL to the model's name, e.g. llama3.1:8b (Ollama) or claude-sonnet-4-5 (Anthropic)",
  baseUrl: `Set GALEN_MODEL_URL to the server's OpenAI-compatible API base, e.g. ${SERVER_EXAMPLES}`,
  apiKey: "Set GALEN_MODEL_API_KEY (or ANTHROPIC_API_KEY) to an Anthropic API key",
  modelPath: "Set GALEN_MODEL_PATH to a GGUF model file, e.g. ./models/qwen2.5-7b-instruct-q4_k_m.gguf",
  timeoutMs: "Set GALEN_MODEL_TIMEOUT_MS to a whole number of milliseconds, e.g. 120000",
  maxRetries: "Set maxRetries to a whole number from 0 to 10",
};

/** The variable each provider's own tools read the API key from, used when GALEN_MODEL_API_KEY is unset. */
const PROVIDER_KEY_VARIABLES: Record<string, string> = {
  anthropic: "ANTHROPIC_API_KEY",
  "openai-compatible": "OPENAI_API_KEY",
};

/**
 * The answer model configured in the environment, or undefined when none is (answers are then extractive).
 * GALEN_MODEL_PROVIDER, GALEN_MODEL, GALEN_MODEL_URL, GALEN_MODEL_API_KEY, GALEN_MODEL_PATH, GALEN_MODEL_TIMEOUT_MS;
 * the key falls back to ANTHROPIC_API_KEY or OPENAI_API_KEY, as each provider's own tools do.
 */
export function modelSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ModelSettings | undefined {
  const read = (name: string) => env[name]?.trim() || undefined;
  const provider = read("GALEN_MODEL_PROVIDER");
  const named = ["GALEN_MODEL", "GALEN_MODEL_URL", "GALEN_MODEL_PATH"].filter((name) => read(name));
  if (provider === undefined) {
    if (named.length === 0) return undefined;
    throw new GalenError(
      `${SETTING_HELP.provider} (${named.join(" and ")} ${named.length > 1 ? "are" : "is"} set).`,
    );
  }
  const fallbackKey = PROVIDER_KEY_VARIABLES[provider];
  const modelPath = read("GALEN_MODEL_PATH");
  const timeout = read("GALEN_MODEL_TIMEOUT_MS");
  return checkedModelSettings(
    {
      provider,
      model:
        read("GALEN_MODEL") ?? (provider === "local" && modelPath ? basename(modelPath, ".gguf") : undefined),
      baseUrl: read("GALEN_MODEL_URL"),
      apiKey: read("GALEN_MODEL_API_KEY") ?? (fallbackKey ? read(fallbackKey) : undefined),
      modelPath,
      timeoutMs: timeout === undefined ? undefined : Number(timeout),
    },
    { timeoutMs: timeout },
  );
}

/** Validates settings from any source, with one line per problem that says which setting to change. */
export function checkedModelSettings(
  raw: unknown,
  given: Record<string, string | undefined> = {},
): ModelSettings {
  const parsed = ModelSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.code === "invalid_union" ? "provider" : String(issue.path[0] ?? "provider");
    const value = field in given ? given[field] : (raw as Record<string, unknown>)[field];
    const got = value === undefined || field === "apiKey" ? "" : ` (got ${JSON.stringify(value)})`;
    return `${SETTING_HELP[field] ?? issue.message}${got}.`;
  });
  throw new GalenError([...new Set(problems)].join(" "));
}

/** The model the settings describe; nothing is loaded or contacted until the first generation. */
export function openAnswerModel(settings: ModelSettings): AnswerModel {
  switch (settings.provider) {
    case "openai-compatible":
      return aiSdkModel(settings, settings.baseUrl, async () => {
        const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
        return createOpenAICompatible({
          name: "galen",
          baseURL: settings.baseUrl.replace(/\/+$/, ""),
          // Ollama, vLLM, llama.cpp and OpenAI all constrain output to a JSON schema given as response_format.
          supportsStructuredOutputs: true,
          ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        }).chatModel(settings.model);
      });
    case "anthropic":
      return aiSdkModel(settings, settings.baseUrl ?? "https://api.anthropic.com/v1", async () => {
        const { createAnthropic } = await import("@ai-sdk/anthropic");
        return createAnthropic({
          apiKey: settings.apiKey,
          ...(settings.baseUrl ? { baseURL: settings.baseUrl.replace(/\/+$/, "") } : {}),
        })(settings.model);
      });
    case "local":
      return localGgufModel(settings);
  }
}

type HttpSettings = Extract<ModelSettings, { provider: "openai-compatible" | "anthropic" }>;
/** An HTTP provider through the Vercel AI SDK, loaded on first use: most commands never write an answer. */
function aiSdkModel(
  settings: HttpSettings,
  endpoint: string,
  create: () => Promise<LanguageModel>,
): AnswerModel {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: settings.model,
    settings: { provider: settings.provider, model: settings.model, endpoint: withoutCredentials(endpoint) },
    async generateJson(request, { signal, onPartial } = {}) {
      const [{ generateText, jsonSchema, Output, streamText }, model] = await Promise.all([
        import("ai"),
        create(),
      ]);
      // Started once the SDK is loaded: the timeout is the server's to meet, and loading takes a few hundred ms.
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const call = {
          model,
          system: request.system,
          prompt: request.prompt,
          // No validator: the caller validates, so that a partly usable answer is not thrown away here.
          // The cast: the SDK's JSONSchema7 type is stricter than the plain JSON object the port carries.
          output: Output.object({ schema: jsonSchema(request.schema as Parameters<typeof jsonSchema>[0]) }),
          maxRetries: settings.maxRetries ?? DEFAULT_MAX_RETRIES,
          abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
          // OpenAI's strict mode rejects optional properties; the schema guides, the caller validates.
          providerOptions: { galen: { strictJsonSchema: false } },
        };
        if (!onPartial) return (await generateText(call)).output;
        let failure: unknown;
        const result = streamText({
          ...call,
          onError: ({ error }) => {
            failure = error;
          },
        });
        for await (const partial of result.partialOutputStream) onPartial(partial);
        if (failure !== undefined) throw failure;
        return await result.output;
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new GalenError(await failureMessage(settings, endpoint, error, timeout.aborted, timeoutMs), 1, {
          cause: error,
        });
      }
    },
    close: async () => {},
  };
}

/** One line that says what went wrong with the model server and what to do about it. */
async function failureMessage(
  settings: HttpSettings,
  endpoint: string,
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): Promise<string> {
  const where = `The model ${settings.model} at ${withoutCredentials(endpoint)}`;
  if (timedOut) {
    return `${where} gave no answer within ${timeoutMs / 1000} s. Raise GALEN_MODEL_TIMEOUT_MS or choose a faster model.`;
  }
  const { APICallError, NoObjectGeneratedError, RetryError } = await import("ai");
  if (NoObjectGeneratedError.isInstance(error)) {
    const start = (error.text ?? "").trim().slice(0, 60);
    return `${where} did not write JSON (it began ${JSON.stringify(start)}). Choose a model that supports structured output (a JSON schema).`;
  }
  const attempts = RetryError.isInstance(error) ? `, after ${error.errors.length} attempts` : "";
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (!APICallError.isInstance(cause)) return `${where} failed: ${errorMessage(cause)}.`;
  const status = cause.statusCode;
  const keyVariable = `GALEN_MODEL_API_KEY (or ${PROVIDER_KEY_VARIABLES[settings.provider]})`;
  if (status === undefined) {
    const code = (cause.cause as { code?: string } | undefined)?.code;
    return `${where} cannot be reached (${code ?? errorMessage(cause)}${attempts}). Check that the server runs and that GALEN_MODEL_URL is right.`;
  }
  if (status === 401 || status === 403) {
    return `${where} refused the API key (HTTP ${status}). Set ${keyVariable} to a valid key.`;
  }
  if (status === 404) {
    return `${where} has no such model or endpoint (HTTP 404). Check GALEN_MODEL, and that GALEN_MODEL_URL is the API base (often ending in /v1).`;
  }
  if (status === 429) {
    return `${where} is rate-limiting Galen (HTTP 429${attempts}). Wait a minute and ask again, or raise the account's rate limit.`;
  }
  const detail = cause.message.replace(/\s+/g, " ").slice(0, 200);
  return status >= 500
    ? `${where} failed (HTTP ${status}${attempts}: ${detail}). Check the model server's log.`
    : `${where} rejected the request (HTTP ${status}: ${detail}).`;
}

/** An endpoint as it may be recorded and shown: without a user name or password in it. */
function withoutCredentials(endpoint: string): string {
  const url = new URL(endpoint);
  url.username = "";
  url.password = "";
  return url.toString().replace(/\/+$/, "");
}
