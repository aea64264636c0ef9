import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChatReply,
  type ChatRequest,
  type FakeChatServer,
  startOpenAiCompatibleServer,
} from "../../test/openai-compatible-server.ts";
import { GalenError } from "../galen-error.ts";
import {
  type JsonRequest,
  type ModelSettings,
  modelSettingsFromEnv,
  openAnswerModel,
} from "./language-model.ts";

const REQUEST: JsonRequest = {
  system: "Answer from the evidence only.",
  prompt: "Question: What is the treatment for pars defect?",
  schema: {
    type: "object",
    properties: { findings: { type: "array", items: { type: "string" } } },
    required: ["findings"],
  },
  maxOutputTokens: 200,
};
const FINDINGS = {
  findings: ["Nonoperative management is the first-line treatment.", "Surgery after 6 months."],
};

describe("model settings from the environment", () => {
  it("is undefined when no model is configured, so answers stay extractive", () => {
    expect(modelSettingsFromEnv({ ANTHROPIC_API_KEY: "sk-ant", OPENAI_API_KEY: "sk" })).toBeUndefined();
  });

  it("reads an OpenAI-compatible server, with OPENAI_API_KEY when GALEN_MODEL_API_KEY is unset", () => {
    const env = {
      GALEN_MODEL_PROVIDER: "openai-compatible",
      GALEN_MODEL: "llama3.1:8b",
      GALEN_MODEL_URL: "http://localhost:11434/v1",
      GALEN_MODEL_TIMEOUT_MS: "60000",
      OPENAI_API_KEY: "sk-openai",
    };
    expect(modelSettingsFromEnv(env)).toEqual({
      provider: "openai-compatible",
      model: "llama3.1:8b",
      baseUrl: "http://localhost:11434/v1",
      apiKey: "sk-openai",
      timeoutMs: 60_000,
    });
    expect(modelSettingsFromEnv({ ...env, GALEN_MODEL_API_KEY: "sk-galen" })).toMatchObject({
      apiKey: "sk-galen",
    });
  });

  it("reads Anthropic with ANTHROPIC_API_KEY, and a local model named after its file", () => {
    expect(
      modelSettingsFromEnv({
        GALEN_MODEL_PROVIDER: "anthropic",
        GALEN_MODEL: "claude-sonnet-4-5",
        ANTHROPIC_API_KEY: "sk-ant",
      }),
    ).toEqual({ provider: "anthropic", model: "claude-sonnet-4-5", apiKey: "sk-ant" });
    expect(
      modelSettingsFromEnv({
        GALEN_MODEL_PROVIDER: "local",
        GALEN_MODEL_PATH: "models/qwen2.5-7b-q4_k_m.gguf",
      }),
    ).toEqual({ provider: "local", model: "qwen2.5-7b-q4_k_m", modelPath: "models/qwen2.5-7b-q4_k_m.gguf" });
  });

  it("says which variable to set, with example servers, when a setting is missing or wrong", () => {
    const failure = (env: NodeJS.ProcessEnv) => {
      try {
        modelSettingsFromEnv(env);
      } catch (error) {
        expect(error).toBeInstanceOf(GalenError);
        return (error as Error).message;
      }
      throw new Error("expected a GalenError");
    };
    const noUrl = failure({ GALEN_MODEL_PROVIDER: "openai-compatible", GALEN_MODEL: "llama3.1:8b" });
    expect(noUrl).toMatch(/^Set GALEN_MODEL_URL to the server's OpenAI-compatible API base/);
    for (const example of [
      "http://localhost:11434/v1 (Ollama)",
      "(vLLM)",
      "(llama.cpp server)",
      "(OpenRouter)",
    ]) {
      expect(noUrl).toContain(example);
    }
    expect(failure({ GALEN_MODEL_PROVIDER: "openai" })).toMatch(
      /^Set GALEN_MODEL_PROVIDER to openai-compatible, anthropic or local \(got "openai"\)\.$/,
    );
    expect(failure({ GALEN_MODEL: "llama3.1:8b" })).toMatch(
      /^Set GALEN_MODEL_PROVIDER .* \(GALEN_MODEL is set\)\.$/,
    );
    expect(failure({ GALEN_MODEL_PROVIDER: "anthropic", GALEN_MODEL: "claude-sonnet-4-5" })).toMatch(
      /GALEN_MODEL_API_KEY \(or ANTHROPIC_API_KEY\)/,
    );
    expect(failure({ GALEN_MODEL_PROVIDER: "local" })).toMatch(/^Set GALEN_MODEL_PATH to a GGUF model file/);
    expect(
      failure({
        GALEN_MODEL_PROVIDER: "openai-compatible",
        GALEN_MODEL: "m",
        GALEN_MODEL_URL: "localhost:11434",
        GALEN_MODEL_TIMEOUT_MS: "2 minutes",
      }),
    ).toMatch(
      /GALEN_MODEL_URL .* \(got "localhost:11434"\)\. Set GALEN_MODEL_TIMEOUT_MS .* \(got "2 minutes"\)\.$/,
    );
  });
});

let server: FakeChatServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelAnswering(
  reply: (request: ChatRequest, index: number) => ChatReply,
  settings: Partial<ModelSettings> = {},
) {
  server = await startOpenAiCompatibleServer(reply);
  const model = openAnswerModel({
    provider: "openai-compatible",
    baseUrl: server.baseUrl,
    model: "qwen2.5:7b",
    apiKey: "sk-test",
    timeoutMs: 5_000,
    maxRetries: 0,
    ...settings,
  } as ModelSettings);
  return { model, requests: server.requests };
}

describe("an OpenAI-compatible answer model", () => {
  it("sends the system and user messages with the schema as response_format, and returns the parsed JSON", async () => {
    const { model, requests } = await modelAnswering(() => ({ content: JSON.stringify(FINDINGS) }));
    expect(await model.generateJson(REQUEST)).toEqual(FINDINGS);
    expect(model.settings).toEqual({
      provider: "openai-compatible",
      model: "qwen2.5:7b",
      endpoint: server?.baseUrl,
    });
    const [request] = requests;
    expect(request?.headers.authorization).toBe("Bearer sk-test");
    expect(request?.body).toMatchObject({
      model: "qwen2.5:7b",
      max_tokens: 200,
      messages: [
        { role: "system", content: REQUEST.system },
        { role: "user", content: REQUEST.prompt },
      ],
      response_format: { type: "json_schema", json_schema: { schema: REQUEST.schema, strict: false } },
    });
  });

  it("streams partial JSON as it arrives", async () => {
    const { model } = await modelAnswering(() => ({ content: JSON.stringify(FINDINGS), chunkSize: 8 }));
    const partials: unknown[] = [];
    expect(await model.generateJson(REQUEST, { onPartial: (partial) => partials.push(partial) })).toEqual(
      FINDINGS,
    );
    expect(partials.length).toBeGreaterThan(2);
    expect(partials).toContainEqual({
      findings: ["Nonoperative management is the first-line treatment.", "Sur"],
    });
    expect(partials.at(-1)).toEqual(FINDINGS);
  });

  it("retries after HTTP 429 and then succeeds", async () => {
    const { model, requests } = await modelAnswering(
      (_request, index) =>
        index === 0
          ? { status: 429, headers: { "retry-after-ms": "10" } }
          : { content: JSON.stringify(FINDINGS) },
      { maxRetries: 2 },
    );
    expect(await model.generateJson(REQUEST)).toEqual(FINDINGS);
    expect(requests).toHaveLength(2);
  });

  it("says the server is rate-limiting when 429 outlasts the retries", async () => {
    const { model, requests } = await modelAnswering(
      () => ({ status: 429, headers: { "retry-after-ms": "10" } }),
      {
        maxRetries: 2,
      },
    );
    await expect(model.generateJson(REQUEST)).rejects.toThrow(
      /is rate-limiting Galen \(HTTP 429, after 3 attempts\)/,
    );
    expect(requests).toHaveLength(3);
  });

  it("gives up with a GalenError within the timeout when the server never answers", async () => {
    const { model } = await modelAnswering(() => "hang", { timeoutMs: 300 });
    const started = Date.now();
    const failure = model.generateJson(REQUEST);
    await expect(failure).rejects.toThrow(GalenError);
    await expect(failure).rejects.toThrow(/gave no answer within 0.3 s\. Raise GALEN_MODEL_TIMEOUT_MS/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up on a stream that stalls partway, within the timeout", async () => {
    const { model } = await modelAnswering(
      () => ({ content: JSON.stringify(FINDINGS), chunkSize: 4, chunkDelayMs: 200 }),
      { timeoutMs: 300 },
    );
    const started = Date.now();
    await expect(model.generateJson(REQUEST, { onPartial: () => {} })).rejects.toThrow(
      /gave no answer within 0.3 s/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("names the key variable on HTTP 401, and the missing JSON when the model writes prose", async () => {
    const replies: ChatReply[] = [{ status: 401 }, { content: "Sure! Pars defects are treated with rest." }];
    const { model } = await modelAnswering((_request, index) => replies[index] ?? "hang");
    await expect(model.generateJson(REQUEST)).rejects.toThrow(
      /refused the API key \(HTTP 401\)\. Set GALEN_MODEL_API_KEY \(or OPENAI_API_KEY\) to a valid key\./,
    );
    await expect(model.generateJson(REQUEST)).rejects.toThrow(/did not write JSON \(it began "Sure! Pars/);
  });

  it("says when the server cannot be reached", async () => {
    const { model } = await modelAnswering(() => "hang");
    await server?.close();
    await expect(model.generateJson(REQUEST)).rejects.toThrow(
      /cannot be reached \(ECONNREFUSED\)\. Check that/,
    );
  });

  it("passes a caller's abort through as it is, not as the server's fault", async () => {
    const { model } = await modelAnswering(() => "hang");
    const controller = new AbortController();
    const failure = model.generateJson(REQUEST, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(failure).rejects.toMatchObject({ name: "AbortError" });
  });
});

/** A stand-in for Anthropic's Messages API: JSON as text for native structured output, or as the `json` tool's input. */
async function startAnthropicServer(answer: object) {
  const requests: Array<{ headers: Record<string, unknown>; body: Record<string, unknown> }> = [];
  const anthropic: Server = createServer((incoming, response) => {
    let text = "";
    incoming.on("data", (chunk) => {
      text += chunk;
    });
    incoming.on("end", () => {
      const body = JSON.parse(text) as { model: string; tools?: Array<{ name: string }> };
      requests.push({ headers: incoming.headers, body });
      const tool = body.tools?.[0];
      const content = tool
        ? [{ type: "tool_use", id: "toolu_01", name: tool.name, input: answer }]
        : [{ type: "text", text: JSON.stringify(answer) }];
      response.writeHead(incoming.url === "/v1/messages" ? 200 : 404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "msg_01",
          type: "message",
          role: "assistant",
          model: body.model,
          content,
          stop_reason: tool ? "tool_use" : "end_turn",
          stop_sequence: null,
          usage: { input_tokens: 120, output_tokens: 40 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => anthropic.listen(0, "127.0.0.1", resolve));
  const { port } = anthropic.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests, close: () => anthropic.close() };
}

describe("an Anthropic answer model", () => {
  it("gets JSON through native structured output, or through a forced tool call on older models", async () => {
    const fake = await startAnthropicServer(FINDINGS);
    try {
      for (const name of ["claude-sonnet-4-5", "claude-3-haiku-20240307"]) {
        const model = openAnswerModel({
          provider: "anthropic",
          model: name,
          apiKey: "sk-ant",
          baseUrl: fake.baseUrl,
        });
        expect(await model.generateJson(REQUEST)).toEqual(FINDINGS);
      }
      const [native, tool] = fake.requests;
      expect(native?.headers["x-api-key"]).toBe("sk-ant");
      expect(native?.body).toMatchObject({
        system: [{ type: "text", text: REQUEST.system }],
        output_config: { format: { type: "json_schema" } },
      });
      expect(tool?.body).toMatchObject({ tools: [{ name: "json" }], tool_choice: { type: "any" } });
    } finally {
      fake.close();
    }
  });
});
