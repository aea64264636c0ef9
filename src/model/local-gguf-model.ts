import { existsSync } from "node:fs";
import { basename } from "node:path";
import { errorMessage, GalenError } from "../galen-error.ts";
import type { AnswerModel, JsonSchema } from "./language-model.ts";

/** The one node-llama-cpp release Galen is tested with; its prebuilt binaries must match its API. */
export const NODE_LLAMA_CPP = "node-llama-cpp@3.21.1";

export interface LocalModelSettings {
  /** A GGUF file. */
  modelPath: string;
  model: string;
  /** CPU generation of a whole answer can take minutes on a laptop. */
  timeoutMs?: number;
  /** CPU threads for generation; node-llama-cpp's default suits a machine that does nothing else. */
  threads?: number;
  /** Tokens of context; by default node-llama-cpp fits the model's own length to the memory available. */
  contextSize?: number;
}

const DEFAULT_LOCAL_TIMEOUT_MS = 600_000;
/** The chat template's own tokens around the system and user messages. */
const TEMPLATE_MARGIN = 64;
/** Less room than this for the answer and it could not hold a useful one. */
const MINIMUM_ANSWER_TOKENS = 256;

/** The part of node-llama-cpp Galen uses, typed here because the package is optional and may be absent. */
interface NodeLlamaCpp {
  getLlama(options: { gpu: false; build: "never"; logLevel: "error" }): Promise<Llama>;
  LlamaChatSession: new (options: { contextSequence: unknown; systemPrompt: string }) => ChatSession;
}
interface Llama {
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: JsonSchema): Promise<object>;
  dispose(): Promise<void>;
}
interface LlamaModel {
  createContext(options: { contextSize?: number; threads?: number }): Promise<LlamaContext>;
  tokenize(text: string): readonly number[];
}
interface LlamaContext {
  readonly contextSize: number;
  getSequence(): unknown;
  dispose(): Promise<void>;
}
interface ChatSession {
  promptWithMeta(
    prompt: string,
    options: {
      grammar: object;
      maxTokens: number;
      signal: AbortSignal;
      onTextChunk?: (text: string) => void;
    },
  ): Promise<{ responseText: string; stopReason: string }>;
}

interface LoadedModel {
  runtime: NodeLlamaCpp;
  llama: Llama;
  model: LlamaModel;
}

/**
 * A GGUF model run in-process by node-llama-cpp on the CPU, its output constrained by a grammar made from the JSON
 * schema, so that it can only write JSON of the requested shape. The model is loaded on the first generation and
 * kept until `close()`; each generation gets a fresh context, so no answer sees another's conversation.
 */
export function localGgufModel(settings: LocalModelSettings): AnswerModel {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_LOCAL_TIMEOUT_MS;
  let loading: Promise<LoadedModel> | undefined;
  const load = () => {
    loading ??= loadModel(settings.modelPath).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    name: settings.model,
    settings: { provider: "local", model: settings.model, file: basename(settings.modelPath) },
    async generateJson(request, { signal, onPartial } = {}) {
      const { runtime, llama, model } = await load();
      const timeout = AbortSignal.timeout(timeoutMs);
      const partials = new PartialJson(onPartial);
      let context: LlamaContext | undefined;
      try {
        context = await model.createContext({
          ...(settings.contextSize ? { contextSize: settings.contextSize } : {}),
          ...(settings.threads ? { threads: settings.threads } : {}),
        });
        const maxTokens = answerRoom(
          model,
          context,
          `${request.system}\n${request.prompt}`,
          request.maxOutputTokens,
        );
        const grammar = await llama.createGrammarForJsonSchema(grammarSchema(request.schema));
        const session = new runtime.LlamaChatSession({
          contextSequence: context.getSequence(),
          systemPrompt: request.system,
        });
        const { responseText, stopReason } = await session.promptWithMeta(request.prompt, {
          grammar,
          maxTokens,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          ...(onPartial ? { onTextChunk: (text: string) => partials.add(text) } : {}),
        });
        await partials.done();
        if (stopReason === "maxTokens") {
          throw new GalenError(
            `The local model ${settings.model} wrote ${maxTokens} tokens without finishing the answer's JSON; choose an instruction-tuned model (small ones ramble), or one with a longer context.`,
          );
        }
        return JSON.parse(responseText);
      } catch (error) {
        if (signal?.aborted || error instanceof GalenError) throw error;
        const why = timeout.aborted
          ? `gave no answer within ${timeoutMs / 1000} s. Raise GALEN_MODEL_TIMEOUT_MS, or choose a smaller model`
          : `failed: ${errorMessage(error)}`;
        throw new GalenError(`The local model ${settings.model} ${why}.`, 1, { cause: error });
      } finally {
        await context?.dispose();
      }
    },
    async close() {
      const loaded = loading;
      loading = undefined;
      if (loaded) await (await loaded).llama.dispose();
    },
  };
}

async function loadModel(modelPath: string): Promise<LoadedModel> {
  if (!existsSync(modelPath)) {
    throw new GalenError(`No model file at ${modelPath}. Set GALEN_MODEL_PATH to a GGUF model file.`);
  }
  const runtime = await importNodeLlamaCpp();
  const llama = await runtime
    .getLlama({ gpu: false, build: "never", logLevel: "error" })
    .catch((error: unknown) => {
      throw new GalenError(
        `node-llama-cpp has no prebuilt binary that runs here (${errorMessage(error)}); reinstall it with \`npm install ${NODE_LLAMA_CPP}\`.`,
        1,
        { cause: error },
      );
    });
  try {
    return { runtime, llama, model: await llama.loadModel({ modelPath }) };
  } catch (error) {
    await llama.dispose();
    throw new GalenError(`Could not load ${modelPath} as a GGUF model: ${errorMessage(error)}.`, 1, {
      cause: error,
    });
  }
}

/** node-llama-cpp is about 700 MB with its binaries, so it is not a dependency: whoever runs a local model adds it. */
async function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  // A variable specifier keeps TypeScript from requiring the package's types when it is not installed.
  const specifier = "node-llama-cpp";
  try {
    return (await import(specifier)) as NodeLlamaCpp;
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new GalenError(
      `Local models need node-llama-cpp, which is not installed: run \`npm install ${NODE_LLAMA_CPP}\` in Galen's folder.`,
      1,
      { cause: error },
    );
  }
}

/** The tokens left for the answer once the prompt is in the context; too few is the user's to fix, so it says how. */
function answerRoom(model: LlamaModel, context: LlamaContext, prompt: string, requested?: number): number {
  const room = context.contextSize - model.tokenize(prompt).length - TEMPLATE_MARGIN;
  if (room < Math.min(requested ?? MINIMUM_ANSWER_TOKENS, MINIMUM_ANSWER_TOKENS)) {
    throw new GalenError(
      `The evidence does not fit the local model's context of ${context.contextSize} tokens; use fewer sources or a model with a longer context.`,
    );
  }
  return Math.min(requested ?? room, room);
}

/** Keywords node-llama-cpp's grammar keeps as they are; the rest of JSON Schema it does not support. */
const GRAMMAR_KEYWORDS = new Set(["type", "minItems", "maxItems", "minLength", "maxLength"]);

/**
 * The schema in the subset node-llama-cpp turns into a grammar: enums and constants stand alone, objects take every
 * property (it always requires them all) and no others, and what it cannot enforce (minimum, pattern, format) is
 * left to the caller's validation.
 */
export function grammarSchema(schema: JsonSchema): JsonSchema {
  if ("enum" in schema) return { enum: schema.enum };
  if ("const" in schema) return { const: schema.const };
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives))
    return { oneOf: alternatives.map((part) => grammarSchema(part as JsonSchema)) };
  const simplified: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (GRAMMAR_KEYWORDS.has(keyword)) simplified[keyword] = value;
  }
  if (schema.items && typeof schema.items === "object")
    simplified.items = grammarSchema(schema.items as JsonSchema);
  if (schema.properties && typeof schema.properties === "object") {
    simplified.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, part]) => [name, grammarSchema(part as JsonSchema)]),
    );
    simplified.additionalProperties = false;
  }
  return simplified;
}

/** Parses the JSON streamed so far after each chunk, in order, for a caller that shows progress. */
class PartialJson {
  private text = "";
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly onPartial?: (partial: unknown) => void) {}

  add(chunk: string): void {
    this.text += chunk;
    const text = this.text;
    // Failures are kept for done(): a chain left rejected while generation runs on would be unhandled.
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        const { parsePartialJson } = await import("ai");
        const { value } = await parsePartialJson(text);
        if (value !== undefined) this.onPartial?.(value);
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  async done(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure.error;
  }
}
