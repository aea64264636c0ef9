import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { composerInput, PARS_DOCUMENTS, PARS_QUESTION } from "../../test/composer-input.ts";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { AnswerDraft } from "../answer/answer-draft.ts";
import { evidencePrompt, modelComposer, requestedDraft, systemPrompt } from "../answer/model-composer.ts";
import { GalenError } from "../galen-error.ts";
import type { AnswerModel, JsonRequest, JsonSchema } from "./language-model.ts";
import { grammarSchema, localGgufModel, NODE_LLAMA_CPP } from "./local-gguf-model.ts";

/** Karpathy's 260K-parameter TinyStories model: it proves the runtime works, and cannot write a real answer. */
const TOY_MODEL = sharedData("tiny-gguf/stories260K.gguf");
const runtimeSpecifier = "node-llama-cpp";
const hasRuntime = await import(runtimeSpecifier).then(
  () => true,
  () => false,
);
const hasToyModel = hasSharedData && existsSync(TOY_MODEL);
const skipReason = !hasRuntime
  ? `needs ${NODE_LLAMA_CPP}, which CI installs with --no-save: it is not a dependency`
  : !hasToyModel
    ? SKIP_REASON
    : "runtime and toy model present";

// One evidence source keeps the prompt inside the toy model's context and generation to a few seconds.
const input = composerInput(PARS_QUESTION, PARS_DOCUMENTS.slice(0, 1));

/**
 * The composer's schema with room for one short bottom-line statement and no sections: the toy model writes
 * stories, so it is made to write a statement, and kept short.
 */
function oneShortStatement(schema: JsonSchema, evidence?: JsonSchema): JsonSchema {
  const draft = structuredClone(schema) as {
    properties: {
      bottomLine: { minItems?: number; maxItems?: number; items: { properties: Record<string, JsonSchema> } };
      sections: { maxItems?: number };
    };
  };
  const statement = draft.properties.bottomLine.items.properties;
  Object.assign(draft.properties.bottomLine, { minItems: 1, maxItems: 1 });
  statement.text = { type: "string", minLength: 1, maxLength: 60 };
  if (evidence) statement.evidence = { type: "array", minItems: 1, maxItems: 3, items: evidence };
  draft.properties.sections.maxItems = 0;
  return draft;
}

describe("the local GGUF model's grammar schema", () => {
  it("keeps what node-llama-cpp's grammar enforces and leaves the rest to validation", () => {
    const grammar = JSON.stringify(grammarSchema(requestedDraft(composerInput())));
    expect(grammar).not.toMatch(/"\$schema"|"required"|"exclusiveMinimum"/);
    expect(grammar).toContain(
      '"evidence":{"minItems":1,"maxItems":5,"type":"array","items":{"enum":[1,2,3]}}',
    );
    expect(grammar).toContain('"kind":{"enum":["understanding","assessment","treatment-algorithm"');
    expect(grammar).toContain('"additionalProperties":false');
    expect(grammarSchema({ anyOf: [{ type: "string" }, { type: "null" }] })).toEqual({
      oneOf: [{ type: "string" }, { type: "null" }],
    });
  });

  it("says where the model file is missing before loading anything", async () => {
    const model = localGgufModel({ modelPath: "/nowhere/model.gguf", model: "model" });
    const request: JsonRequest = { system: "s", prompt: "p", schema: { type: "object" } };
    await expect(model.generateJson(request)).rejects.toThrow(GalenError);
    await expect(model.generateJson(request)).rejects.toThrow(
      /^No model file at \/nowhere\/model\.gguf\. Set GALEN_MODEL_PATH/,
    );
  });
});

describe.skipIf(!hasRuntime || !hasToyModel)(
  `a local GGUF model through node-llama-cpp (${skipReason})`,
  () => {
    // One thread: the toy model is tiny, and threads contend on small CI machines (measured 25× slower with four).
    const model = localGgufModel({
      modelPath: TOY_MODEL,
      model: "stories260K",
      threads: 1,
      contextSize: 4096,
    });

    afterAll(() => model.close());

    it("loads on the CPU and writes only JSON of the requested shape, citing only the evidence given", async () => {
      const partials: unknown[] = [];
      const written = await model.generateJson(
        {
          system: systemPrompt(input),
          prompt: evidencePrompt(input),
          schema: oneShortStatement(requestedDraft(input)),
          maxOutputTokens: 300,
        },
        { onPartial: (partial) => partials.push(partial) },
      );
      const draft = AnswerDraft.parse(written);
      expect(draft.bottomLine).toHaveLength(1);
      expect(
        draft.bottomLine.flatMap((statement) => statement.evidence).every((number) => number === 1),
      ).toBe(true);
      expect(draft.sections).toEqual([]);
      expect(partials.length).toBeGreaterThan(1);
    });

    it("feeds the composer, which rejects a draft whose citations all lie outside the evidence", async () => {
      // A provider that does not enforce the evidence numbers: the toy model then cites numbers at random.
      const anyNumber: AnswerModel = {
        ...model,
        generateJson: (request, options) =>
          model.generateJson(
            {
              ...request,
              schema: oneShortStatement(request.schema, { type: "integer" }),
              maxOutputTokens: 300,
            },
            options,
          ),
      };
      const cited: number[][] = [];
      const composing = modelComposer(anyNumber).composeStreaming(input, ({ statement }) =>
        cited.push(statement.evidence),
      );
      await expect(composing).rejects.toThrow(GalenError);
      await expect(composing).rejects.toThrow(/wrote no statement that cites the 1 sources it was given/);
      expect(cited).toEqual([]);
    });

    it("gives up with a GalenError when generation outlasts the timeout", async () => {
      const hurried = localGgufModel({
        modelPath: TOY_MODEL,
        model: "stories260K",
        threads: 1,
        timeoutMs: 50,
      });
      try {
        const request = {
          system: systemPrompt(input),
          prompt: evidencePrompt(input),
          schema: requestedDraft(input),
        };
        await expect(hurried.generateJson(request)).rejects.toThrow(
          /gave no answer within 0.05 s\. Raise GALEN_MODEL_TIMEOUT_MS/,
        );
      } finally {
        await hurried.close();
      }
    });

    it("says when the evidence does not fit the model's context", async () => {
      const small = localGgufModel({
        modelPath: TOY_MODEL,
        model: "stories260K",
        threads: 1,
        contextSize: 512,
      });
      try {
        const request = {
          system: systemPrompt(input),
          prompt: evidencePrompt(input),
          schema: requestedDraft(input),
        };
        await expect(small.generateJson(request)).rejects.toThrow(
          /does not fit the local model's context of 512 tokens/,
        );
      } finally {
        await small.close();
      }
    });
  },
);
