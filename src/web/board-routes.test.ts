import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import { hashPassword } from "../editorial/passwords.ts";
import { createApp } from "./app.tsx";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
let app: ReturnType<typeof createApp>;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  fixture = await fixtureStore();
  const passwordHash = await hashPassword(PASSWORD);
  await fixture.store.createAccount({
    email: "ann@example.org",
    name: "Ann Reviewer",
    role: "reviewer",
    credentials: "MD",
    passwordHash,
  });
  await fixture.store.createAccount({
    email: "cal@example.org",
    name: "Cal Clinician",
    role: "clinician",
    passwordHash,
  });
  app = createApp({ store: fixture.store, asksPerMinute: 1000 });
});

afterAll(() => fixture.remove());

const form = (fields: Record<string, string>, cookie = "") => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});

async function signIn(email: string, password = PASSWORD): Promise<string> {
  const response = await app.request("/login", form({ email, password, next: "/" }));
  expect(response.status).toBe(303);
  const cookie = response.headers.get("Set-Cookie") ?? "";
  expect(cookie).toMatch(/^galen_session=[\w-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
  return cookie.split(";")[0] ?? "";
}

async function newArticle(): Promise<string> {
  const response = await app.request("/ask", form({ question: "What is the treatment for pars defect?" }));
  return response.headers.get("Location") ?? "";
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

describe("the advisory board in the browser", () => {
  it("signs a reviewer in, who claims and approves; the public page then names them and drops the banner", async () => {
    const location = await newArticle();
    const id = location.split("/")[2] ?? "";
    const cookie = await signIn("ann@example.org");
    const page = await (await app.request(location, { headers: { Cookie: cookie } })).text();
    expect(page).toContain("Signed in as Ann Reviewer (reviewer)");
    expect(page).toContain(">Claim for review</button>");
    const claimed = await app.request(
      `/articles/${id}/review`,
      form({ action: "claim", csrf: csrfOf(page) }, cookie),
    );
    expect(claimed.status).toBe(303);
    const approved = await app.request(
      `/articles/${id}/review`,
      form({ action: "approve", csrf: csrfOf(page) }, cookie),
    );
    expect(approved.status).toBe(303);
    const publicPage = await (await app.request(location)).text();
    expect(publicPage).not.toContain("pending human review");
    expect(publicPage).toContain("Reviewed and approved by Ann Reviewer, MD");
    expect((await fixture.store.auditEntries()).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["session.sign-in", "article.claim", "article.approve"]),
    );
  });

  it("refuses a review without the form's CSRF token, from a role that may not act, and an illegal transition", async () => {
    const location = await newArticle();
    const id = location.split("/")[2] ?? "";
    const ann = await signIn("ann@example.org");
    expect(
      (await app.request(`/articles/${id}/review`, form({ action: "claim", csrf: "forged" }, ann))).status,
    ).toBe(403);
    const cal = await signIn("cal@example.org");
    const calPage = await (await app.request(location, { headers: { Cookie: cal } })).text();
    expect(calPage).not.toContain("Signed in as");
    // A direct call that skips the page, with the clinician's own valid CSRF token: refused for the role.
    const forbidden = await app.request(
      `/articles/${id}/review`,
      form({ action: "claim", csrf: await csrfOfSession(cal) }, cal),
    );
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain("A clinician may not claim articles");
    const annPage = await (await app.request(location, { headers: { Cookie: ann } })).text();
    const illegal = await app.request(
      `/articles/${id}/review`,
      form({ action: "approve", csrf: csrfOf(annPage) }, ann),
    );
    expect(illegal.status).toBe(409);
    expect(await illegal.text()).toContain("Allowed now: claim.");
    const anonymous = await app.request(`/articles/${id}/review`, form({ action: "claim", csrf: "x" }));
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?next=/);
  });

  it("gives a new session at every sign-in, ends it at sign-out, and refuses a guessed password after five tries", async () => {
    const first = await signIn("ann@example.org");
    const second = await signIn("ann@example.org");
    expect(first).not.toBe(second);
    const page = await (await app.request("/articles", { headers: { Cookie: second } })).text();
    expect(page).toBeDefined();
    const article = await newArticle();
    const csrf = csrfOf(await (await app.request(article, { headers: { Cookie: second } })).text());
    await app.request("/logout", form({ csrf }, second));
    expect(await (await app.request(article, { headers: { Cookie: second } })).text()).not.toContain(
      "Signed in as",
    );
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (await app.request("/login", form({ email: "cal@example.org", password: "guess" }))).status,
      ).toBe(401);
    }
    const locked = await app.request("/login", form({ email: "cal@example.org", password: PASSWORD }));
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many failed attempts/);
  });

  it("marks the session cookie Secure behind TLS (directly or through a proxy that says so)", async () => {
    const body = { email: "ann@example.org", password: PASSWORD, next: "/" };
    const direct = await app.request("https://galen.example.org/login", form(body));
    expect(direct.headers.get("Set-Cookie")).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    const proxied = await app.request("/login", {
      ...form(body),
      headers: { ...form(body).headers, "X-Forwarded-Proto": "https" },
    });
    expect(proxied.headers.get("Set-Cookie")).toMatch(/; Secure$/);
  });

  it("never redirects off the site after sign-in", async () => {
    const response = await app.request(
      "/login",
      form({ email: "ann@example.org", password: PASSWORD, next: "//evil.example/" }),
    );
    expect(response.headers.get("Location")).toBe("/");
  });
});

describe("review through the API", () => {
  const json = (body: unknown, cookie: string, csrf?: string) => ({
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Cookie: cookie,
      ...(csrf ? { "X-CSRF-Token": csrf } : {}),
    },
    body: JSON.stringify(body),
  });

  it("claims and approves with the session and its CSRF token; an illegal action is 409 with the allowed ones", async () => {
    const id = (await newArticle()).split("/")[2] ?? "";
    const ann = await signIn("ann@example.org");
    const session = (await (await app.request("/api/v1/session", { headers: { Cookie: ann } })).json()) as {
      role: string;
      csrfToken: string;
    };
    expect(session.role).toBe("reviewer");
    const early = await app.request(
      `/api/v1/articles/${id}/review`,
      json({ action: "approve" }, ann, session.csrfToken),
    );
    expect(early.status).toBe(409);
    expect(early.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await early.json()).toMatchObject({ status: 409, allowedActions: ["claim"] });
    const claimed = await app.request(
      `/api/v1/articles/${id}/review`,
      json({ action: "claim" }, ann, session.csrfToken),
    );
    expect(await claimed.json()).toMatchObject({ article: { status: "under-review" } });
    const approved = await app.request(
      `/api/v1/articles/${id}/review`,
      json({ action: "approve", version: 1 }, ann, session.csrfToken),
    );
    expect(await approved.json()).toMatchObject({ article: { status: "approved", approvedVersion: 1 } });
  });

  it("withdraws a rejected article from the library, the API list and its page", async () => {
    const location = await newArticle();
    const id = location.split("/")[2] ?? "";
    const ann = await signIn("ann@example.org");
    const csrf = await csrfOfSession(ann);
    for (const action of ["claim", "reject"]) {
      expect((await app.request(`/api/v1/articles/${id}/review`, json({ action }, ann, csrf))).status).toBe(
        200,
      );
    }
    expect(await (await app.request("/articles")).text()).not.toContain(`/articles/${id}/`);
    const listed = (await (await app.request("/api/v1/articles?limit=100")).json()) as {
      articles: Array<{ id: string }>;
    };
    expect(listed.articles.map((article) => article.id)).not.toContain(id);
    expect((await app.request(location)).status).toBe(404);
  });

  it("refuses calls without a session, without the CSRF header, from a clinician, and with a bad body", async () => {
    const id = (await newArticle()).split("/")[2] ?? "";
    expect((await app.request(`/api/v1/articles/${id}/review`, json({ action: "claim" }, ""))).status).toBe(
      401,
    );
    const ann = await signIn("ann@example.org");
    expect((await app.request(`/api/v1/articles/${id}/review`, json({ action: "claim" }, ann))).status).toBe(
      403,
    );
    await fixture.store.createAccount({
      email: "dee@example.org",
      name: "Dee Clinician",
      role: "clinician",
      passwordHash: await hashPassword(PASSWORD),
    });
    const dee = await signIn("dee@example.org");
    const forbidden = await app.request(
      `/api/v1/articles/${id}/review`,
      json({ action: "claim" }, dee, await csrfOfSession(dee)),
    );
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ allowedActions: [] });
    const bad = await app.request(
      `/api/v1/articles/${id}/review`,
      json({ action: "publish" }, ann, await csrfOfSession(ann)),
    );
    expect(bad.status).toBe(400);
    expect((await app.request("/api/v1/session")).status).toBe(401);
  });
});
