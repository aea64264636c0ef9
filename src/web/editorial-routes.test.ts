import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import { Answer } from "../answer/answer.ts";
import { EDITORIAL_POLICY_SETTING, editorialPolicy } from "../editorial/editorial-policy.ts";
import { hashPassword } from "../editorial/passwords.ts";
import { createApp } from "./app.tsx";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
let app: ReturnType<typeof createApp>;
const PASSWORD = "correct horse battery staple";

const ANN = "ann@example.org";
const BOB = "bob@example.org";
const EVE = "eve@example.org";
const ADA = "ada@example.org";
const CAL = "cal@example.org";

beforeAll(async () => {
  fixture = await fixtureStore();
  const passwordHash = await hashPassword(PASSWORD);
  await fixture.store.createAccount({
    email: ANN,
    name: "Ann Reviewer",
    role: "reviewer",
    credentials: "MD",
    specialty: "orthopaedics",
    passwordHash,
  });
  await fixture.store.createAccount({ email: BOB, name: "Bob Reviewer", role: "reviewer", passwordHash });
  await fixture.store.createAccount({ email: EVE, name: "Eve Editor", role: "editor", passwordHash });
  await fixture.store.createAccount({ email: ADA, name: "Ada Admin", role: "admin", passwordHash });
  await fixture.store.createAccount({ email: CAL, name: "Cal Clinician", role: "clinician", passwordHash });
  app = createApp({ store: fixture.store, asksPerMinute: 1000 });
});

afterAll(() => fixture.remove());

const form = (fields: Record<string, string>, cookie = "") => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});

const get = (path: string, cookie = "") => app.request(path, cookie ? { headers: { Cookie: cookie } } : {});

async function signIn(email: string, password = PASSWORD): Promise<string> {
  const response = await app.request("/login", form({ email, password, next: "/" }));
  expect(response.status).toBe(303);
  return (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

/** A fresh article in Submitted: its permalink and id. */
async function newArticle(): Promise<{ location: string; id: string }> {
  const response = await app.request("/ask", form({ question: "What is the treatment for pars defect?" }));
  expect(response.status).toBe(303);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(/^\/articles\/[\w-]+\/what-is-the-treatment-for-pars-defect$/);
  return { location, id: location.split("/")[2] ?? "" };
}

const csrfOf = (html: string) => /name="csrf" value="([\w-]+)"/.exec(html)?.[1] ?? "";

/** The CSRF token of a session, read from the store as the server would: for direct calls that skip the pages. */
async function csrfOfSession(cookie: string): Promise<string> {
  const token = cookie.split("=")[1] ?? "";
  const session = await fixture.store.findSession(
    createHash("sha256").update(token).digest("hex"),
    new Date(),
  );
  return session?.csrfToken ?? "";
}

const unescapeHtml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** What the page's textarea named "text" holds, as the browser would submit it. */
function textareaOf(html: string): string | undefined {
  const match = /<textarea[^>]*name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  return match ? unescapeHtml(match[1] ?? "") : undefined;
}

const hiddenOf = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

async function latestAnswer(id: string): Promise<Answer> {
  return Answer.parse((await fixture.store.getArticle(id))?.answer);
}

/** The statements of an answer's section, in order. */
async function sectionTexts(id: string, section: number, version?: number): Promise<string[]> {
  const answer = Answer.parse((await fixture.store.getArticle(id, version))?.answer);
  return (answer.sections[section]?.items ?? []).flatMap((item) => item.statements.map((s) => s.text));
}

/** A statement's line without the citations that end it. */
const withoutCitations = (line: string) => line.replace(/(\s*\[[^\]]+\])+\s*$/, "");

/** Takes a review action from the article page's own form, as the board member's browser would. */
async function review(location: string, cookie: string, fields: Record<string, string>): Promise<Response> {
  const id = location.split("/")[2] ?? "";
  const page = await (await get(location, cookie)).text();
  return app.request(`/articles/${id}/review`, form({ csrf: csrfOf(page), ...fields }, cookie));
}

async function claim(location: string, cookie: string): Promise<void> {
  expect((await review(location, cookie, { action: "claim" })).status).toBe(303);
}

/** Opens the edit form for a part of the article: its status, page, textarea, CSRF token and base version. */
async function openEditor(id: string, part: string, cookie: string) {
  const response = await get(`/articles/${id}/edit?part=${part}`, cookie);
  const html = await response.text();
  return {
    status: response.status,
    html,
    text: textareaOf(html) ?? "",
    csrf: csrfOf(html),
    basedOn: hiddenOf(html, "basedOn") ?? "",
  };
}

async function saveEdit(id: string, cookie: string, fields: Record<string, string>): Promise<Response> {
  return app.request(`/articles/${id}/edit`, form(fields, cookie));
}

async function auditActions(target: string): Promise<string[]> {
  return (await fixture.store.auditEntries())
    .filter((entry) => entry.target === target)
    .map((entry) => entry.action);
}

describe("editing a section", () => {
  it("lets the reviewer who claimed an article reorder a section, saved as version 2 with their note", async () => {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    await claim(location, ann);

    const editor = await openEditor(id, "1", ann);
    expect(editor.status).toBe(200);
    expect(editor.basedOn).toBe("1");
    const answer = await latestAnswer(id);
    const section = answer.sections[1];
    expect(editor.html).toContain(`Edit: ${section?.heading}`);
    // One statement a line, each ending with the reference numbers it cites.
    const lines = editor.text.split("\n");
    expect(lines).toEqual(
      (section?.items ?? []).flatMap((item) =>
        item.statements.map((s) => `${s.text} [${s.citations.join(", ")}]`),
      ),
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/ \[\d+(, \d+)*\]$/);

    const reordered = [...lines].reverse();
    const saved = await saveEdit(id, ann, {
      csrf: editor.csrf,
      part: "1",
      basedOn: "1",
      text: reordered.join("\n"),
      note: "Lead with the sports at risk",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(location);

    const versions = await fixture.store.articleVersions(id);
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    expect(versions[0]).toMatchObject({ author: "galen" });
    expect(versions[1]).toMatchObject({ version: 2, author: ANN, note: "Lead with the sports at risk" });
    expect(await sectionTexts(id, 1)).toEqual(reordered.map(withoutCitations));
    expect(await sectionTexts(id, 1, 1)).toEqual(lines.map(withoutCitations));
    expect(await fixture.store.articleSummary(id)).toMatchObject({
      status: "under-review",
      claimedBy: ANN,
      latestVersion: 2,
    });

    const page = await (await get(location, ann)).text();
    expect(page).toContain("Version 2 of 2");
    const entry = (await fixture.store.auditEntries()).find(
      (e) => e.action === "article.edit" && e.target === `article:${id}`,
    );
    expect(entry).toMatchObject({
      actor: ANN,
      details: { version: 2, basedOn: 1, part: "section 2", note: "Lead with the sports at risk" },
    });
  });

  it("never loses an edit: the second editor to save is shown what changed and keeps their text", async () => {
    const { id } = await newArticle();
    const eve = await signIn(EVE);
    const ada = await signIn(ADA);
    const first = await openEditor(id, "1", eve);
    const second = await openEditor(id, "1", ada);
    expect([first.basedOn, second.basedOn]).toEqual(["1", "1"]);
    const lines = first.text.split("\n");

    const won = await saveEdit(id, eve, {
      csrf: first.csrf,
      part: "1",
      basedOn: first.basedOn,
      text: [...lines].reverse().join("\n"),
    });
    expect(won.status).toBe(303);

    const adaText = lines.slice(0, 1).join("\n");
    const lost = await saveEdit(id, ada, {
      csrf: second.csrf,
      part: "1",
      basedOn: second.basedOn,
      text: adaText,
      note: "Shorter",
    });
    expect(lost.status).toBe(409);
    const html = await lost.text();
    expect(html).toContain("Version 2 was saved after the version 1 you edited");
    expect(html).toContain('<h2 id="changes">Changes</h2>');
    expect(html).toMatch(/<del>|<ins>/);
    expect(html).toContain("Version 1 (you edited)");
    expect(html).toContain("Version 2 (saved meanwhile)");
    // Ada keeps her wording; her reference numbers, which belonged to version 1, now name their documents.
    const withoutCitations = (text: string) => text.replace(/\s*\[[^\]]+\]$/gm, "");
    expect(withoutCitations(textareaOf(html) ?? "")).toBe(withoutCitations(adaText));
    expect(textareaOf(html)).toMatch(/\[fixture:spondylolysis-\d+/);
    // The form now builds on the version saved meanwhile.
    expect(hiddenOf(html, "basedOn")).toBe("2");
    expect(html).toContain("Save as version 3");
    expect((await fixture.store.articleVersions(id)).map((version) => version.author)).toEqual([
      "galen",
      EVE,
    ]);
    expect(await sectionTexts(id, 1)).toEqual([...lines].reverse().map(withoutCitations));
  });

  // Reference numbers differ between versions (here [4] meant spondylolysis-18 in version 1 and means
  // spondylolysis-09 in version 2): the text kept after a conflict must go on citing the same documents.
  it("keeps every citation on its source when the second editor saves again after a conflict", async () => {
    const { id } = await newArticle();
    const eve = await signIn(EVE);
    const ada = await signIn(ADA);
    const first = await openEditor(id, "0", eve);
    const second = await openEditor(id, "0", ada);
    const lines = first.text.split("\n");
    const reversed = [...lines].reverse().join("\n");
    expect(
      (await saveEdit(id, eve, { csrf: first.csrf, part: "0", basedOn: "1", text: reversed })).status,
    ).toBe(303);
    const adaText = lines.slice(0, 1).join("\n");
    const lost = await saveEdit(id, ada, { csrf: second.csrf, part: "0", basedOn: "1", text: adaText });
    expect(lost.status).toBe(409);
    const conflictPage = await lost.text();
    const retried = await saveEdit(id, ada, {
      csrf: csrfOf(conflictPage),
      part: "0",
      basedOn: hiddenOf(conflictPage, "basedOn") ?? "",
      text: textareaOf(conflictPage) ?? "",
    });
    expect(retried.status).toBe(303);
    const citedSources = async (version: number) => {
      const answer = Answer.parse((await fixture.store.getArticle(id, version))?.answer);
      const idOf = new Map(answer.references.map((reference) => [reference.number, reference.id]));
      return answer.sections[0]?.items[0]?.statements[0]?.citations.map((number) => idOf.get(number));
    };
    // Version 3 keeps Ada's one statement, which must still cite what it cited in the version she edited.
    expect(await citedSources(3)).toEqual(await citedSources(1));
    expect((await fixture.store.articleVersions(id))[2]?.flaggedStatements).toBe(0);
  });

  it("refuses an edit that invents a citation, cites nothing, or cites a reference the article lacks", async () => {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    await claim(location, ann);
    const editor = await openEditor(id, "0", ann);
    const [kept] = editor.text.split("\n");
    const attempt = (text: string) => saveEdit(id, ann, { csrf: editor.csrf, part: "0", basedOn: "1", text });

    const invented = `${kept}\nSurgery cures every pars defect. [pubmed:99999999]`;
    const refused = await attempt(invented);
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain("pubmed:99999999, which is not in the corpus");
    expect(textareaOf(refusedPage)).toBe(invented);

    const uncited = await attempt(`${kept}\nSurgery cures every pars defect.`);
    expect(uncited.status).toBe(400);
    expect(await uncited.text()).toContain("Line 2 cites nothing");

    const unknownNumber = await attempt(`${kept}\nSurgery cures every pars defect. [99]`);
    expect(unknownNumber.status).toBe(400);
    expect(await unknownNumber.text()).toContain("cites [99], but the article has references 1–");

    expect(await fixture.store.articleVersions(id)).toHaveLength(1);
    expect(await auditActions(`article:${id}`)).not.toContain("article.edit");
  });
});

describe("who may reach the board's pages", () => {
  it("sends anonymous visitors to sign in before the review queue, the edit form or the versions", async () => {
    const { id } = await newArticle();
    const queue = await get("/review");
    expect(queue.status).toBe(303);
    expect(queue.headers.get("Location")).toBe("/login?next=%2Freview");
    const edit = await get(`/articles/${id}/edit?part=0`);
    expect(edit.status).toBe(303);
    expect(edit.headers.get("Location")).toMatch(
      new RegExp(`^/login\\?next=${encodeURIComponent(`/articles/${id}/edit`)}`),
    );
    const versions = await get(`/articles/${id}/versions`);
    expect(versions.status).toBe(303);
    expect(versions.headers.get("Location")).toBe(
      `/login?next=${encodeURIComponent(`/articles/${id}/versions`)}`,
    );
    const post = await app.request(
      `/articles/${id}/edit`,
      form({ csrf: "x", part: "0", basedOn: "1", text: "Anything. [1]" }),
    );
    expect(post.status).toBe(303);
    expect(post.headers.get("Location")).toMatch(/^\/login\?next=/);
    expect((await get("/admin/editorial-policy")).headers.get("Location")).toBe(
      "/login?next=%2Fadmin%2Feditorial-policy",
    );
    expect(await fixture.store.articleVersions(id)).toHaveLength(1);
  });

  // The sign-in page must send the editor back to the same part (the query names it).
  it("returns an editor to the section they were editing after they sign in", async () => {
    const { id } = await newArticle();
    const next = decodeURIComponent(
      (await get(`/articles/${id}/edit?part=0`)).headers.get("Location")?.split("next=")[1] ?? "",
    );
    const signedIn = await app.request("/login", form({ email: EVE, password: PASSWORD, next }));
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const landing = await get(signedIn.headers.get("Location") ?? "", cookie);
    expect(landing.status).toBe(200);
  });

  it("turns a clinician away from the queue, the editor and the versions, even with their own form token", async () => {
    const { location, id } = await newArticle();
    const cal = await signIn(CAL);
    const queue = await get("/review", cal);
    expect(queue.status).toBe(403);
    expect(await queue.text()).toContain("This page is for the medical advisory board and its editors.");
    expect((await get(`/articles/${id}/edit?part=0`, cal)).status).toBe(403);
    expect((await get(`/articles/${id}/versions`, cal)).status).toBe(403);

    const ownToken = await csrfOfSession(cal);
    expect(ownToken).not.toBe("");
    const text = (await openEditor(id, "0", await signIn(EVE))).text;
    const edit = await saveEdit(id, cal, { csrf: ownToken, part: "0", basedOn: "1", text });
    expect(edit.status).toBe(403);
    expect(await edit.text()).toContain("This page is for the medical advisory board and its editors.");
    const comment = await app.request(
      `/articles/${id}/comments`,
      form({ csrf: ownToken, anchor: "article", body: "Looks fine to me", version: "1" }, cal),
    );
    expect(comment.status).toBe(403);

    expect(await fixture.store.articleVersions(id)).toHaveLength(1);
    expect(await fixture.store.reviewComments(id)).toEqual([]);
    expect((await get(location, cal)).status).toBe(200);
  });

  it("refuses every board form whose CSRF token was forged", async () => {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    await claim(location, ann);
    const eve = await signIn(EVE);
    const ada = await signIn(ADA);
    const { text } = await openEditor(id, "0", ann);
    await app.request(
      `/articles/${id}/comments`,
      form({ csrf: await csrfOfSession(ann), anchor: "article", body: "Check the dates", version: "1" }, ann),
    );
    const [comment] = await fixture.store.reviewComments(id);
    const forged = "forged-token-forged-token-forged-token";
    const attempts: Array<[string, Record<string, string>, string]> = [
      [`/articles/${id}/edit`, { part: "0", basedOn: "1", text }, ann],
      [`/articles/${id}/comments`, { anchor: "article", body: "Forged comment", version: "1" }, ann],
      [`/articles/${id}/comments/${comment?.id}/resolve`, { resolved: "yes" }, ann],
      [`/articles/${id}/specialty`, { specialty: "orthopaedics" }, eve],
      ["/admin/editorial-policy", { text: "A forged policy." }, ada],
    ];
    for (const [path, fields, cookie] of attempts) {
      const response = await app.request(path, form({ ...fields, csrf: forged }, cookie));
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toContain("This form has expired or did not come from Galen.");
    }
    expect(await fixture.store.articleVersions(id)).toHaveLength(1);
    expect(await fixture.store.reviewComments(id)).toEqual([comment]);
    expect((await fixture.store.articleSummary(id))?.specialty).toBeUndefined();
    expect(await fixture.store.getSetting(EDITORIAL_POLICY_SETTING)).not.toBe("A forged policy.");
  });

  it("lets only the claimant (or an editor) edit: another reviewer's direct save is refused", async () => {
    const { location, id } = await newArticle();
    const bob = await signIn(BOB);
    const text = (await openEditor(id, "0", bob)).text;
    const bobToken = await csrfOfSession(bob);

    // Nobody has claimed it yet: a reviewer may not edit a submitted article.
    const unclaimed = await saveEdit(id, bob, { csrf: bobToken, part: "0", basedOn: "1", text });
    expect(unclaimed.status).toBe(403);
    expect(await unclaimed.text()).toContain(
      "Only an editor, or the reviewer who has claimed the article, may edit it.",
    );

    // Ann claims it: Bob still may not.
    await claim(location, await signIn(ANN));
    const theirs = await saveEdit(id, bob, { csrf: bobToken, part: "0", basedOn: "1", text });
    expect(theirs.status).toBe(403);
    // And Bob's review panel offers him no edit links.
    expect(await (await get(location, bob)).text()).not.toContain(`href="/articles/${id}/edit?part=`);
    expect(await fixture.store.articleVersions(id)).toHaveLength(1);

    // An editor may edit an article someone else has claimed.
    const eve = await signIn(EVE);
    const edited = await saveEdit(id, eve, { csrf: await csrfOfSession(eve), part: "0", basedOn: "1", text });
    expect(edited.status).toBe(303);
    expect((await fixture.store.articleVersions(id)).map((version) => version.author)).toEqual([
      "galen",
      EVE,
    ]);
  });

  it("keeps the editorial policy page for admins: reviewers and editors are refused", async () => {
    const ann = await signIn(ANN);
    const eve = await signIn(EVE);
    const before = await fixture.store.getSetting(EDITORIAL_POLICY_SETTING);
    for (const cookie of [ann, eve]) {
      expect((await get("/admin/editorial-policy", cookie)).status).toBe(403);
      const posted = await app.request(
        "/admin/editorial-policy",
        form({ csrf: await csrfOfSession(cookie), text: "Anything goes." }, cookie),
      );
      expect(posted.status).toBe(403);
    }
    expect(await fixture.store.getSetting(EDITORIAL_POLICY_SETTING)).toBe(before);
  });

  it("lets only editors file an article under a specialty", async () => {
    const { id } = await newArticle();
    const ann = await signIn(ANN);
    const refused = await app.request(
      `/articles/${id}/specialty`,
      form({ csrf: await csrfOfSession(ann), specialty: "orthopaedics" }, ann),
    );
    expect(refused.status).toBe(403);
    expect((await fixture.store.articleSummary(id))?.specialty).toBeUndefined();
  });
});

describe("versions", () => {
  it("lists every version with its author and note, and shows the changes side by side", async () => {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    await claim(location, ann);
    // Initial Assessment: drop the last line (reference 7 is cited nowhere else) and swap the first two.
    const editor = await openEditor(id, "1", ann);
    const lines = editor.text.split("\n");
    expect(lines).toHaveLength(3);
    const dropped = lines[2] ?? "";
    const saved = await saveEdit(id, ann, {
      csrf: editor.csrf,
      part: "1",
      basedOn: "1",
      text: [lines[1], lines[0]].join("\n"),
      note: "Imaging order; oblique views are not used",
    });
    expect(saved.status).toBe(303);
    const removedId = Answer.parse((await fixture.store.getArticle(id, 1))?.answer).references.find(
      (reference) => `[${reference.number}]` === /\[\d+\]$/.exec(dropped)?.[0],
    )?.id;
    expect(removedId).toBeDefined();

    const response = await get(`/articles/${id}/versions?from=1&to=2`, ann);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await response.text();
    const rows = html.split("<tr>").slice(2);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("<td>galen</td>");
    expect(rows[1]).toContain(`<td>${ANN}</td>`);
    expect(rows[1]).toContain("Imaging order; oblique views are not used");
    expect(html).toContain('<option value="1" selected="">1</option>');
    expect(html).toContain('<option value="2" selected="">2</option>');
    expect(html).toContain('class="side-by-side"');
    expect(html).toContain("<h3>Initial Assessment</h3>");
    expect(html).toContain("Version 1</p>");
    expect(html).toContain("Version 2</p>");
    const droppedWords = dropped.split(" ").slice(0, 2).join(" ");
    expect(html).toMatch(new RegExp(`<del>[^<]*${droppedWords.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(html).toContain(`References removed: ${removedId}`);

    // With no versions asked for, the latest is compared with the one before it.
    const latest = await (await get(`/articles/${id}/versions`, ann)).text();
    expect(latest).toContain('<option value="1" selected="">1</option>');
    expect(latest).toContain('<option value="2" selected="">2</option>');
  });
});

describe("what readers see while the board revises an article", () => {
  const NEW_SENTENCE = "Coffee cures every pars defect within a week.";

  /** An article the reviewer approved at version 1, which an editor then revised in the bottom line. */
  async function approvedThenEdited() {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    await claim(location, ann);
    expect((await review(location, ann, { action: "approve", version: "1" })).status).toBe(303);
    const eve = await signIn(EVE);
    const editor = await openEditor(id, "bottom-line", eve);
    expect(editor.status).toBe(200);
    const saved = await saveEdit(id, eve, {
      csrf: editor.csrf,
      part: "bottom-line",
      basedOn: "1",
      text: `${editor.text}\n${NEW_SENTENCE} [1]`,
      note: "Add the coffee finding",
    });
    expect(saved.status).toBe(303);
    return { location, id, ann, eve };
  }

  it("keeps showing readers the approved version while an editor's revision waits for review", async () => {
    const { location, id, eve } = await approvedThenEdited();
    const publicPage = await (await get(location)).text();
    expect(publicPage).not.toContain(NEW_SENTENCE);
    expect(publicPage).not.toContain("pending human review");
    expect(publicPage).toContain("Reviewed and approved by Ann Reviewer, MD (orthopaedics)");

    const editorPage = await (await get(location, eve)).text();
    expect(editorPage).toContain(NEW_SENTENCE);
    expect(editorPage).toContain("Version 2 of 2; version 1 is approved and is what readers see");

    expect(await fixture.store.articleSummary(id)).toMatchObject({
      status: "submitted",
      approvedVersion: 1,
      latestVersion: 2,
    });
    // The revision the sources do not bear out is flagged for the reviewer.
    expect((await fixture.store.articleVersions(id))[1]).toMatchObject({ author: EVE, flaggedStatements: 1 });
  });

  it("publishes the revision to readers once a reviewer approves it again", async () => {
    const { location, ann } = await approvedThenEdited();
    await claim(location, ann);
    expect((await review(location, ann, { action: "approve", version: "2" })).status).toBe(303);
    const publicPage = await (await get(location)).text();
    expect(publicPage).toContain(NEW_SENTENCE);
    expect(publicPage).not.toContain("pending human review");
  });

  it("refuses to approve the version the reviewer read once a newer one has been saved", async () => {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    await claim(location, ann);
    const annPage = await (await get(location, ann)).text();
    expect(hiddenOf(annPage, "version")).toBe("1");

    const eve = await signIn(EVE);
    const editor = await openEditor(id, "0", eve);
    const lines = editor.text.split("\n");
    expect(
      (
        await saveEdit(id, eve, {
          csrf: editor.csrf,
          part: "0",
          basedOn: "1",
          text: [...lines].reverse().join("\n"),
        })
      ).status,
    ).toBe(303);

    // Ann approves from the page she read, which carries version 1.
    const stale = await app.request(
      `/articles/${id}/review`,
      form({ csrf: csrfOf(annPage), action: "approve", version: "1" }, ann),
    );
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("You read version 1, but version 2 has been saved since.");
    expect(await fixture.store.articleSummary(id)).toMatchObject({
      status: "under-review",
      latestVersion: 2,
    });
    expect((await fixture.store.articleSummary(id))?.approvedVersion).toBeUndefined();

    expect((await review(location, ann, { action: "approve", version: "2" })).status).toBe(303);
    expect(await fixture.store.articleSummary(id)).toMatchObject({ status: "approved", approvedVersion: 2 });
  });
});

describe("review comments", () => {
  it("lets a reviewer comment on a section, resolve the comment and reopen it", async () => {
    const { location, id } = await newArticle();
    const ann = await signIn(ANN);
    const page = await (await get(location, ann)).text();
    const heading = (await latestAnswer(id)).sections[0]?.heading ?? "";

    const posted = await app.request(
      `/articles/${id}/comments`,
      form(
        {
          csrf: csrfOf(page),
          anchor: "section:0",
          body: "Say which sports carry the highest risk.",
          version: "1",
        },
        ann,
      ),
    );
    expect(posted.status).toBe(303);
    expect(posted.headers.get("Location")).toBe(`${location}#review`);
    const comments = await fixture.store.reviewComments(id);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      anchor: "section:0",
      version: 1,
      author: "Ann Reviewer",
      body: "Say which sports carry the highest risk.",
    });
    expect(comments[0]?.resolvedBy).toBeUndefined();

    const withComment = await (await get(location, ann)).text();
    expect(withComment).toContain("<blockquote>Say which sports carry the highest risk.</blockquote>");
    expect(withComment).toContain(`<strong>${heading}</strong> · Ann Reviewer · version 1`);
    expect(withComment).not.toContain("resolved by");

    const resolvePath = `/articles/${id}/comments/${comments[0]?.id}/resolve`;
    const resolved = await app.request(resolvePath, form({ csrf: csrfOf(page), resolved: "yes" }, ann));
    expect(resolved.status).toBe(303);
    const resolvedPage = await (await get(location, ann)).text();
    expect(resolvedPage).toContain("resolved by Ann Reviewer");
    expect(resolvedPage).toContain('name="resolved" value="no"');
    expect((await fixture.store.reviewComments(id))[0]?.resolvedBy).toBe("Ann Reviewer");

    const reopened = await app.request(resolvePath, form({ csrf: csrfOf(page), resolved: "no" }, ann));
    expect(reopened.status).toBe(303);
    const reopenedPage = await (await get(location, ann)).text();
    expect(reopenedPage).not.toContain("resolved by");
    expect(reopenedPage).toContain('name="resolved" value="yes"');
    expect((await fixture.store.reviewComments(id))[0]?.resolvedBy).toBeUndefined();

    expect(await auditActions(`article:${id}`)).toEqual(
      expect.arrayContaining(["article.comment", "article.comment-resolve", "article.comment-reopen"]),
    );
  });

  // Anchors are positions ("statement:0.0.0"): a comment is labelled from the version it was written on, so that a
  // re-ordered section does not move it onto another statement.
  it("keeps a comment on a statement labelled with that statement after the section is reordered", async () => {
    const { location, id } = await newArticle();
    const eve = await signIn(EVE);
    const first = (await sectionTexts(id, 0))[0] ?? "";
    const commented = await app.request(
      `/articles/${id}/comments`,
      form(
        { csrf: await csrfOfSession(eve), anchor: "statement:0.0.0", body: "Is L5 right?", version: "1" },
        eve,
      ),
    );
    expect(commented.status).toBe(303);
    const editor = await openEditor(id, "0", eve);
    const reversed = editor.text.split("\n").reverse().join("\n");
    expect(
      (await saveEdit(id, eve, { csrf: editor.csrf, part: "0", basedOn: "1", text: reversed })).status,
    ).toBe(303);
    const page = await (await get(location, eve)).text();
    const label = /<strong>([^<]*)<\/strong> · Eve Editor · version 1/.exec(page)?.[1] ?? "";
    expect(label).toContain(first.slice(0, 30));
  });

  it("refuses an empty comment and one anchored to no part of the article", async () => {
    const { id } = await newArticle();
    const ann = await signIn(ANN);
    const csrf = await csrfOfSession(ann);
    const post = (fields: Record<string, string>) =>
      app.request(`/articles/${id}/comments`, form({ csrf, version: "1", ...fields }, ann));

    for (const body of ["", "   "]) {
      const empty = await post({ anchor: "section:0", body });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain("The comment was not saved");
    }
    for (const anchor of ["section:first", "statement:<b>", "everything"]) {
      const badAnchor = await post({ anchor, body: "A real comment" });
      expect(badAnchor.status, anchor).toBe(400);
    }
    const tooLong = await post({ anchor: "article", body: "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(await fixture.store.reviewComments(id)).toEqual([]);
    expect((await post({ anchor: "article", body: "x".repeat(2000) })).status).toBe(303);
  });

  it("answers 404 for a comment that is not on the article", async () => {
    const { id } = await newArticle();
    const ann = await signIn(ANN);
    const response = await app.request(
      `/articles/${id}/comments/999999/resolve`,
      form({ csrf: await csrfOfSession(ann), resolved: "yes" }, ann),
    );
    expect(response.status).toBe(404);
  });
});

describe("the review queue", () => {
  /** The queue's row for an article: its cells' text, or undefined when it is not listed. */
  function rowOf(html: string, location: string): string[] | undefined {
    const row = html.split("<tr>").find((candidate) => candidate.includes(`href="${location}"`));
    return row === undefined ? undefined : [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? "");
  }

  it("lists submitted articles oldest first with how many statements are flagged, and claims from the queue", async () => {
    const plain = await newArticle();
    const flagged = await newArticle();
    // An editor adds a statement its source does not bear out: the article carries one flagged statement.
    const eve = await signIn(EVE);
    const editor = await openEditor(flagged.id, "bottom-line", eve);
    await saveEdit(flagged.id, eve, {
      csrf: editor.csrf,
      part: "bottom-line",
      basedOn: "1",
      text: `${editor.text}\nCoffee cures every pars defect within a week. [1]`,
    });
    expect((await fixture.store.articleSummary(flagged.id))?.flaggedStatements).toBe(1);

    const ann = await signIn(ANN);
    const response = await get("/review?status=submitted&specialty=", ann);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await response.text();
    expect(html).toContain('<th scope="col">Flagged</th>');
    // No specialty is chosen: "Any", the first option, is what the form shows.
    expect(html).toContain('<option value="">Any</option>');
    expect(html).not.toMatch(/<option value="[^"]+" selected="">(?!Submitted)/);
    const plainRow = rowOf(html, plain.location);
    const flaggedRow = rowOf(html, flagged.location);
    expect(plainRow?.[3]).toBe("0");
    expect(flaggedRow?.[3]).toBe("1");
    expect(plainRow?.[2]).toBe("—");
    expect(plainRow?.[4]).toBe("—");
    expect(html.indexOf(plain.location)).toBeLessThan(html.indexOf(flagged.location));

    const claimed = await app.request(
      `/articles/${plain.id}/review`,
      form({ csrf: csrfOf(html), action: "claim", next: "/review" }, ann),
    );
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get("Location")).toBe("/review");
    expect(await fixture.store.articleSummary(plain.id)).toMatchObject({
      status: "under-review",
      claimedBy: ANN,
    });
    expect(rowOf(await (await get("/review?status=submitted&specialty=", ann)).text(), plain.location)).toBe(
      undefined,
    );
    const underReview = await (await get("/review?status=under-review&specialty=", ann)).text();
    const row = rowOf(underReview, plain.location);
    expect(row?.[4]).toBe("Ann Reviewer");
    expect(row?.[5]).toContain(">Release</button>");
  });

  it("shows a reviewer the articles filed under their specialty unless they ask for another", async () => {
    const filed = await newArticle();
    const unfiled = await newArticle();
    const eve = await signIn(EVE);
    const filing = await app.request(
      `/articles/${filed.id}/specialty`,
      form({ csrf: await csrfOfSession(eve), specialty: "orthopaedics" }, eve),
    );
    expect(filing.status).toBe(303);
    expect((await fixture.store.articleSummary(filed.id))?.specialty).toBe("orthopaedics");
    expect((await fixture.store.articleSummary(unfiled.id))?.specialty).toBeUndefined();

    const ann = await signIn(ANN);
    const chosen = await (await get("/review?status=submitted&specialty=orthopaedics", ann)).text();
    expect(rowOf(chosen, filed.location)?.[2]).toBe("orthopaedics");
    expect(rowOf(chosen, unfiled.location)).toBeUndefined();

    // Ann's own specialty is the default filter.
    const byDefault = await (await get("/review", ann)).text();
    expect(byDefault).toContain('<option value="orthopaedics" selected="">orthopaedics</option>');
    expect(rowOf(byDefault, filed.location)).toBeDefined();
    expect(rowOf(byDefault, unfiled.location)).toBeUndefined();

    // Bob has no specialty: he sees everything by default; another specialty shows neither.
    const bob = await signIn(BOB);
    const bobs = await (await get("/review", bob)).text();
    expect(rowOf(bobs, filed.location)).toBeDefined();
    expect(rowOf(bobs, unfiled.location)).toBeDefined();
    const cardiology = await (await get("/review?specialty=cardiology", bob)).text();
    expect(rowOf(cardiology, filed.location)).toBeUndefined();
    expect(cardiology).toContain("Nothing is waiting here.");

    // Filed with setArticleSpecialty directly, the same filter applies.
    const direct = await newArticle();
    await fixture.store.setArticleSpecialty(direct.id, "orthopaedics");
    expect(rowOf(await (await get("/review", ann)).text(), direct.location)).toBeDefined();
  });
});

describe("the editorial policy", () => {
  it("shows an admin the policy readers see, in a textarea to edit", async () => {
    const ada = await signIn(ADA);
    const response = await get("/admin/editorial-policy", ada);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(textareaOf(await response.text())).toBe((await editorialPolicy(fixture.store)).join("\n\n"));
  });

  it("publishes an admin's new policy to readers, paragraph by paragraph, and audits it", async () => {
    const ada = await signIn(ADA);
    const csrf = csrfOf(await (await get("/admin/editorial-policy", ada)).text());
    const text =
      "Every article is reviewed by two orthopaedic surgeons.\n\nReaders may write to the board about any statement.";
    const posted = await app.request("/admin/editorial-policy", form({ csrf, text }, ada));
    expect(posted.status).toBe(303);
    expect(posted.headers.get("Location")).toBe("/editorial-policy");

    const publicPage = await (await get("/editorial-policy")).text();
    expect(publicPage).toContain("<p>Every article is reviewed by two orthopaedic surgeons.</p>");
    expect(publicPage).toContain("<p>Readers may write to the board about any statement.</p>");
    expect(textareaOf(await (await get("/admin/editorial-policy", ada)).text())).toBe(text);
    const entry = (await fixture.store.auditEntries()).findLast((e) => e.action === "policy.edit");
    expect(entry).toMatchObject({ actor: ADA, target: "setting:editorial-policy" });
  });

  it("refuses an empty policy and keeps the published one", async () => {
    const ada = await signIn(ADA);
    const csrf = await csrfOfSession(ada);
    const before = await editorialPolicy(fixture.store);
    for (const text of ["", "  \n\n  "]) {
      const response = await app.request("/admin/editorial-policy", form({ csrf, text }, ada));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Write the policy in 1 to 12,000 characters");
    }
    expect(await editorialPolicy(fixture.store)).toEqual(before);
  });
});
