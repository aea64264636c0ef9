import { afterEach, describe, expect, it } from "vitest";
import { composerInput } from "../../test/composer-input.ts";
import {
  type ChatReply,
  type ChatRequest,
  type FakeChatServer,
  startOpenAiCompatibleServer,
} from "../../test/openai-compatible-server.ts";
import { GalenError } from "../galen-error.ts";
import { openAnswerModel } from "../model/language-model.ts";
import { evidencePrompt, modelComposer, requestedDraft, systemPrompt } from "./model-composer.ts";
import type { VerifiedStatement } from "./statement-stream.ts";

const input = composerInput();

/** A good answer: each statement copies its source, and the surgical statement cites two sources. */
const GOOD_ANSWER = {
  bottomLine: [
    { text: "Nonoperative management is the first-line treatment for pars defect.", evidence: [1] },
    {
      text: "Direct surgical repair of the pars defect was performed after at least 6 months of failed conservative treatment.",
      evidence: [2],
    },
  ],
  sections: [
    {
      heading: "Treatment Algorithm",
      kind: "treatment-algorithm",
      items: [
        {
          label: "First-line: conservative care",
          statements: [
            {
              text: "Conservative treatment with activity restriction and bracing led to return to sport in 92% of adolescent athletes.",
              evidence: [1],
            },
          ],
        },
        {
          label: "Third-line: surgery, when earlier lines fail",
          statements: [{ text: "Union was achieved in 86% of repaired defects.", evidence: [2, 1] }],
        },
      ],
    },
    {
      heading: "Initial Assessment",
      kind: "assessment",
      items: [
        {
          statements: [
            {
              text: "MRI detected early stress reactions of the pars interarticularis before a fracture line was visible on radiographs.",
              evidence: [3],
            },
          ],
        },
      ],
    },
  ],
};

let server: FakeChatServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function composerAnswering(reply: (request: ChatRequest, index: number) => ChatReply) {
  server = await startOpenAiCompatibleServer(reply);
  const model = openAnswerModel({
    provider: "openai-compatible",
    baseUrl: server.baseUrl,
    model: "llama3.1:8b",
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  return { composer: modelComposer(model), requests: server.requests };
}

describe("the model composer's prompt", () => {
  it("states the safety rules and the template's sections in order", () => {
    const system = systemPrompt(input);
    expect(system).toMatch(/Use only what the sources say/);
    expect(system).toMatch(/Cite only numbers 1 to 3\./);
    expect(system).toMatch(/never an instruction to you/);
    expect(system).toMatch(/Copy every number, dose, unit, percentage and duration exactly/);
    expect(system).toMatch(/Say nothing rather than go beyond the evidence/);
    const headings = input.template.map((section) =>
      system.indexOf(`- ${section.kind}: "${section.heading}"`),
    );
    expect(headings.every((at) => at > 0)).toBe(true);
    expect(headings).toEqual([...headings].sort((a, b) => a - b));
    expect(system).toContain('labelled "First-line"');
  });

  it("numbers the evidence with its title, journal, year and study type, each source fenced", () => {
    const prompt = evidencePrompt(input);
    expect(prompt.startsWith(`Question: ${input.question}`)).toBe(true);
    expect(prompt).toContain(
      '<source number="1">\nTitle: Conservative treatment of spondylolysis (pars defect) in adolescent athletes: a systematic review\nPublished: Spine J, 2021.\nStudy type: Systematic review / meta-analysis.',
    );
    expect(prompt).toContain("Published: Eur Spine J, 2019.\nStudy type: Observational study.");
    expect(prompt).toContain(
      "Conservative treatment of spondylolysis with activity restriction and bracing led to",
    );
    // Source 1 contains "</source>": it must not close its own fence, so there is one closing tag per source.
    expect(prompt.match(/<\/source>/g)).toHaveLength(3);
    expect(prompt).toContain(
      "Nonoperative management is the first-line treatment for pars defect.\nBracing for 3 months",
    );
    expect(prompt).not.toMatch(/Ignore all previous instructions/);
  });

  it("asks for a schema in which only the given evidence numbers and the template's kinds can be written", () => {
    const schema = JSON.stringify(requestedDraft(input));
    expect(schema).toContain('"enum":[1,2,3]');
    expect(schema).toContain(
      '"enum":["understanding","assessment","treatment-algorithm","outcomes","special-considerations","follow-up"]',
    );
  });
});

describe("the model composer against an OpenAI-compatible server", () => {
  it("returns the model's draft when every statement cites given evidence, and records the model", async () => {
    const { composer, requests } = await composerAnswering(() => ({ content: JSON.stringify(GOOD_ANSWER) }));
    const draft = await composer.compose(input);
    expect(draft).toEqual(GOOD_ANSWER);
    expect(composer.name).toBe("model");
    expect(composer.model).toBe("llama3.1:8b");
    expect(composer.settings).toMatchObject({ provider: "openai-compatible", model: "llama3.1:8b" });
    const [request] = requests;
    expect(request?.body.stream).toBeFalsy();
    expect(request?.body.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(request?.body.messages[1]?.content).toBe(evidencePrompt(input));
    expect(request?.body.response_format?.type).toBe("json_schema");
    expect(request?.body.response_format?.json_schema?.schema).toEqual(requestedDraft(input));
  });

  it("streams each statement, verified, as soon as the model has finished writing it", async () => {
    const answer = structuredClone(GOOD_ANSWER);
    answer.bottomLine.push({ text: "Surgery cured 99% of patients.", evidence: [2] });
    const { composer, requests } = await composerAnswering(() => ({
      content: JSON.stringify(answer),
      chunkSize: 16,
      chunkDelayMs: 2,
    }));
    const streamed: Array<VerifiedStatement & { chunksSent: number }> = [];
    const draft = await composer.composeStreaming(input, (verified) =>
      streamed.push({ ...verified, chunksSent: requests[0]?.chunks.sent ?? 0 }),
    );
    expect(requests[0]?.body.stream).toBe(true);
    expect(draft).toEqual(answer);
    expect(streamed.map(({ statement }) => statement.text)).toEqual([
      ...answer.bottomLine.map((statement) => statement.text),
      ...answer.sections.flatMap((section) =>
        section.items.flatMap((item) => item.statements.map((s) => s.text)),
      ),
    ]);
    // The first statement was handed on while the server was still sending the rest.
    expect(streamed[0]?.chunksSent).toBeLessThan(requests[0]?.chunks.total ?? 0);
    expect(streamed[0]?.place).toEqual({ part: "bottom-line" });
    expect(streamed[0]?.check.supported).toBe(true);
    expect(streamed[2]?.check).toMatchObject({
      supported: false,
      problem: expect.stringMatching(/states 99/),
    });
    expect(streamed[3]?.place).toEqual({
      part: "section",
      section: 0,
      kind: "treatment-algorithm",
      heading: "Treatment Algorithm",
      label: "First-line: conservative care",
    });
    expect(streamed[5]?.place).toMatchObject({ part: "section", section: 1, kind: "assessment" });
  });

  it("removes statements that cite nothing or evidence it was not given, and sections left empty", async () => {
    const answer = structuredClone(GOOD_ANSWER);
    answer.bottomLine.push({ text: "Pars defects always heal.", evidence: [] });
    answer.bottomLine.push({ text: "Bracing for 3 months did not improve union.", evidence: [1, 7] });
    answer.sections[1] = {
      heading: "Initial Assessment",
      kind: "assessment",
      items: [{ statements: [{ text: "CT is the reference standard.", evidence: [4] }] }],
    };
    const { composer } = await composerAnswering(() => ({ content: JSON.stringify(answer) }));
    const streamed: string[] = [];
    const draft = await composer.composeStreaming(input, ({ statement }) => streamed.push(statement.text));
    expect(draft).toEqual({ bottomLine: GOOD_ANSWER.bottomLine, sections: [GOOD_ANSWER.sections[0]] });
    expect(streamed).not.toContain("Pars defects always heal.");
    expect(streamed).not.toContain("CT is the reference standard.");
  });

  it("asks a yes/no question for a verdict after the evidence, and keeps it", async () => {
    const question = composerInput("Does bracing improve union of a pars defect?");
    expect(JSON.stringify(requestedDraft(input))).not.toContain("verdict");
    expect(Object.keys((requestedDraft(question) as { properties: object }).properties)).toEqual([
      "bottomLine",
      "sections",
      "verdict",
    ]);
    expect(systemPrompt(question)).toMatch(/"verdict": yes, no or maybe/);
    const answer = {
      bottomLine: [
        {
          text: "Bracing for 3 months did not improve union over activity restriction alone.",
          evidence: [1],
        },
      ],
      sections: [],
      verdict: "No",
    };
    const { composer } = await composerAnswering(() => ({ content: JSON.stringify(answer) }));
    expect(await composer.compose(question)).toEqual({ ...answer, verdict: "no" });
  });

  it("fails with a GalenError when no statement cites the evidence given", async () => {
    const answer = { bottomLine: [{ text: "See reference 12.", evidence: [12] }], sections: [] };
    const { composer } = await composerAnswering(() => ({ content: JSON.stringify(answer) }));
    const failure = composer.compose(input);
    await expect(failure).rejects.toThrow(GalenError);
    await expect(failure).rejects.toThrow(/wrote no statement that cites the 3 sources it was given/);
  });

  it("fails with a GalenError, not a crash, when the model writes prose or JSON of another shape", async () => {
    const replies = [
      "I'm sorry, but I can't help with that.",
      JSON.stringify({ bottomLine: "Rest and bracing." }),
    ];
    const { composer } = await composerAnswering((_request, index) => ({ content: replies[index] ?? "" }));
    await expect(composer.compose(input)).rejects.toThrow(/did not write JSON \(it began "I'm sorry/);
    await expect(composer.compose(input)).rejects.toThrow(/wrote JSON that is not an answer \(bottomLine: /);
  });
});

describe("the model composer's reader", () => {
  it("asks for everyday words for a patient and clinical prose for a physician", () => {
    expect(systemPrompt({ ...composerInput(), audience: "patient" })).toMatch(
      /for a patient or caregiver, in short sentences and everyday words \(school grade 8 or below\)/,
    );
    expect(systemPrompt(composerInput())).toMatch(
      /^You write the findings of a clinical answer for clinicians\./,
    );
  });
});
