import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import type { ThreadStore } from "../store/thread-store.ts";
import { askInThread, MAX_THREAD_TURNS, type ThreadReply } from "./ask-in-thread.ts";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
let store: CorpusStore & ThreadStore;

beforeAll(async () => {
  fixture = await fixtureStore();
  store = fixture.store;
});

afterAll(() => fixture.remove());

function answered(reply: ThreadReply) {
  if (reply.kind !== "answer") throw new Error(`expected an answer, got: ${reply.text}`);
  return reply;
}

describe("askInThread", () => {
  it("starts a thread, then answers a follow-up with the earlier condition carried, each turn cited and stored", async () => {
    const first = answered(await askInThread(store, "What is the treatment for pars defect?"));
    expect(first.position).toBe(1);
    expect(first.answer.followUps?.length).toBeGreaterThan(0);
    expect(first.answer.followUps?.length).toBeLessThanOrEqual(3);
    const second = answered(await askInThread(store, "What about in adults?", { threadId: first.threadId }));
    expect(second.position).toBe(2);
    expect(second.resolved?.carried).toEqual(["pars defect"]);
    expect(second.answer.searchedAs).toBe("pars defect treatment adults");
    expect(second.answer.questionType).toBe("treatment");
    expect(second.answer.references.length).toBeGreaterThan(0);
    for (const reference of second.answer.references) expect(reference.id).toMatch(/^fixture:spondylolysis-/);
    const thread = await store.getThread(first.threadId);
    expect(thread?.turns.map((turn) => turn.question)).toEqual([
      "What is the treatment for pars defect?",
      "What about in adults?",
    ]);
  });

  it("finds the thread and turns a request's first run saved when the request runs again (a retried job)", async () => {
    const first = answered(
      await askInThread(store, "What is the treatment for pars defect?", { requestKey: "job-a" }),
    );
    const again = answered(
      await askInThread(store, "What is the treatment for pars defect?", { requestKey: "job-a" }),
    );
    expect([again.threadId, again.position]).toEqual([first.threadId, 1]);
    const followUp = { threadId: first.threadId, requestKey: "job-b" };
    expect(answered(await askInThread(store, "What about in adults?", followUp)).position).toBe(2);
    expect(answered(await askInThread(store, "What about in adults?", followUp)).position).toBe(2);
    const thread = await store.getThread(first.threadId);
    expect(thread?.turns.map((turn) => turn.question)).toEqual([
      "What is the treatment for pars defect?",
      "What about in adults?",
    ]);
  });

  it("suggests only follow-ups the corpus can answer", async () => {
    const reply = answered(await askInThread(store, "What is the treatment for pars defect?"));
    for (const question of reply.answer.followUps ?? []) {
      const follow = answered(await askInThread(store, question));
      expect(follow.answer.insufficientEvidence).toBe(false);
    }
  });

  it("answers greetings, empty and off-topic messages politely, without a search, and stores nothing", async () => {
    const first = answered(await askInThread(store, "What is the treatment for pars defect?"));
    for (const message of ["thanks!", "   ", "what's the weather tomorrow?"]) {
      const reply = await askInThread(store, message, { threadId: first.threadId });
      expect(reply.kind).toBe("polite");
    }
    expect((await store.getThread(first.threadId))?.turns).toHaveLength(1);
  });

  it("refuses a thread that does not exist, and a thread that is full, with what to do", async () => {
    await expect(askInThread(store, "What about in adults?", { threadId: "no-such-thread" })).rejects.toThrow(
      /no thread no-such-thread.*Ask without --thread/,
    );
    const id = await store.createThread();
    for (let turn = 1; turn < MAX_THREAD_TURNS; turn++) {
      await store.appendTurn(id, { question: `q${turn}`, searchedAs: `q${turn}`, answer: {} });
    }
    const last = { threadId: id, requestKey: "job-last" };
    expect(answered(await askInThread(store, "What about in adults?", last)).position).toBe(MAX_THREAD_TURNS);
    await expect(askInThread(store, "What about in adults?", { threadId: id })).rejects.toThrow(
      /already holds 20 questions.*start a new one/,
    );
    // The request that filled the thread, run again (a retried job), finds its turn instead of a refusal.
    expect(answered(await askInThread(store, "What about in adults?", last)).position).toBe(MAX_THREAD_TURNS);
  });
});
