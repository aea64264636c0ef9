import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ANSWER_FIXTURE } from "./fixture-store.ts";
import { makeTempDir, runGalen, writeFixture } from "./run-galen.ts";

const folder = makeTempDir();
const db = join(folder, "corpus.db");
const PASSWORD = { GALEN_NEW_PASSWORD: "correct horse battery staple" };

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** An article as the web app publishes it, straight into the database the CLI then reviews. */
async function submittedArticle(): Promise<string> {
  const { openCorpusStore } = await import("../src/store/index.ts");
  const store = await openCorpusStore({ db });
  const article = await store.saveArticle({
    slug: "q",
    question: "Treatment for pars defect?",
    questionType: "treatment",
    answer: {},
    cited: [],
  });
  await store.close();
  return article.id;
}

describe("accounts, review and audit from the command line", () => {
  it("adds a reviewer, who claims and approves an article; the audit log records it and verifies", async () => {
    const added = await runGalen(
      [
        "user",
        "add",
        "ann@example.org",
        "--name",
        "Ann Reviewer",
        "--role",
        "reviewer",
        "--credentials",
        "MD",
        "--specialty",
        "orthopaedics",
        "--db",
        db,
      ],
      { env: PASSWORD },
    );
    expect(added.stdout).toBe("Added ann@example.org (reviewer).\n");
    const id = await submittedArticle();
    const approveTooEarly = await runGalen(["review", id, "approve", "--as", "ann@example.org", "--db", db]);
    expect(approveTooEarly.code).toBe(1);
    expect(approveTooEarly.stderr).toBe(
      "galen: An article that is submitted cannot be approved. Allowed now: claim.\n",
    );
    expect((await runGalen(["review", id, "claim", "--as", "ann@example.org", "--db", db])).stdout).toMatch(
      /is now under-review/,
    );
    const approved = await runGalen([
      "review",
      id,
      "approve",
      "--as",
      "ann@example.org",
      "--db",
      db,
      "--json",
    ]);
    expect(JSON.parse(approved.stdout)).toMatchObject({
      status: "approved",
      reviewedBy: "Ann Reviewer, MD (orthopaedics)",
    });
    const verified = await runGalen(["audit", "verify", "--db", db]);
    expect(verified.stdout).toBe("The audit log is intact: 3 entries, each chained to the one before.\n");
  });

  it("keeps clinicians from approving, and disabled accounts from acting", async () => {
    await runGalen(
      ["user", "add", "cli@example.org", "--name", "Cal Clinician", "--role", "clinician", "--db", db],
      { env: PASSWORD },
    );
    const id = await submittedArticle();
    const refused = await runGalen(["review", id, "claim", "--as", "cli@example.org", "--db", db]);
    expect(refused.stderr).toMatch(
      /A clinician may not claim articles; that needs the role reviewer or editor or admin/,
    );
    await runGalen(["user", "set-role", "cli@example.org", "reviewer", "--db", db]);
    await runGalen(["user", "disable", "cli@example.org", "--db", db]);
    const disabled = await runGalen(["review", id, "claim", "--as", "cli@example.org", "--db", db]);
    expect(disabled.stderr).toMatch(/There is no active account cli@example\.org/);
  });

  it("refuses weak or missing passwords and duplicate accounts", async () => {
    const missing = await runGalen([
      "user",
      "add",
      "x@example.org",
      "--name",
      "X",
      "--role",
      "reader",
      "--db",
      db,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--password-stdin, or in GALEN_NEW_PASSWORD/);
    const weak = await runGalen(
      ["user", "add", "x@example.org", "--name", "X", "--role", "reader", "--db", db],
      { env: { GALEN_NEW_PASSWORD: "short" } },
    );
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const duplicate = await runGalen(
      ["user", "add", "ann@example.org", "--name", "Ann", "--role", "reader", "--db", db],
      { env: PASSWORD },
    );
    expect(duplicate.stderr).toMatch(/already an account ann@example\.org/);
  });

  it("detects an audit log edited behind Galen's back", async () => {
    const raw = new Database(db);
    raw.exec("DROP TRIGGER audit_log_no_update");
    raw.prepare("UPDATE audit_log SET actor = 'mallory@example.org' WHERE sequence = 2").run();
    raw.close();
    const verified = await runGalen(["audit", "verify", "--db", db]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/broken at entry 2: its contents do not match its hash/);
  });
});

describe("living evidence after an ingest", () => {
  it("sends an approved article back to the board when a new trial on its question is ingested", async () => {
    const livingDb = join(folder, "living.db");
    expect((await runGalen(["ingest", ANSWER_FIXTURE, "--db", livingDb, "--quiet"])).code).toBe(0);
    const { openCorpusStore } = await import("../src/store/index.ts");
    const { askQuestion } = await import("../src/answer/ask-question.ts");
    const { publishAnswer } = await import("../src/editorial/publish-answer.ts");
    const store = await openCorpusStore({ db: livingDb });
    const article = await publishAnswer(
      store,
      await askQuestion(store, "What is the treatment for pars defect?"),
    );
    await store.changeArticleStatus(article.id, "submitted", "under-review", {
      claimedBy: "ann@example.org",
    });
    await store.changeArticleStatus(article.id, "under-review", "approved", {
      approveVersion: 1,
      claimedBy: null,
    });
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const trial = {
      id: "fixture:spondylolysis-new-trial",
      source: "fixture",
      title:
        "Early rehabilitation versus rest for the treatment of pars defect (spondylolysis) in adolescents: a randomized trial",
      abstract: [
        { text: "Early rehabilitation shortened return to sport in adolescents with spondylolysis." },
      ],
      publicationTypes: ["Randomized Controlled Trial"],
    };
    const update = writeFixture(folder, "update.jsonl", `${JSON.stringify(trial)}\n`);
    const ingested = await runGalen(["ingest", update, "--db", livingDb, "--json"]);
    expect(ingested.code).toBe(0);
    const { livingEvidence } = JSON.parse(ingested.stdout) as {
      livingEvidence: Array<{ articleId: string; status: string; documents: Array<{ id: string }> }>;
    };
    expect(livingEvidence).toEqual([
      expect.objectContaining({
        articleId: article.id,
        status: "submitted",
        documents: [expect.objectContaining({ id: trial.id })],
      }),
    ]);
    const plain = await runGalen(["ingest", update, "--db", livingDb, "--force"]);
    expect(plain.stdout).not.toContain("Living evidence");
  });
});
