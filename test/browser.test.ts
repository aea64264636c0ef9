import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../src/editorial/passwords.ts";
import { ingestSources } from "../src/ingest/ingest-sources.ts";
import { planSources } from "../src/ingest/source-format.ts";
import { type GalenStore, openCorpusStore } from "../src/store/index.ts";
import { createApp } from "../src/web/app.tsx";

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const SKIP = hasChromium ? "" : ` (skipped: needs ${CHROMIUM}; apt-get install chromium)`;

const FIXTURE = fileURLToPath(new URL("./fixtures/answer-corpus.jsonl", import.meta.url));
/** Screenshots for people to look at; the folder is not committed. */
const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const REVIEWER_PASSWORD = "correct horse battery staple";
const folder = mkdtempSync(join(tmpdir(), "galen-browser-"));
let store: GalenStore;
let server: ReturnType<typeof serve>;
let browser: Browser;
let base = "";

beforeAll(async () => {
  if (!hasChromium) return;
  store = await openCorpusStore({ db: join(folder, "corpus.db") });
  await ingestSources(store, await planSources([FIXTURE]));
  await store.createAccount({
    email: "ann@example.org",
    name: "Ann Reviewer",
    role: "reviewer",
    credentials: "MD",
    passwordHash: await hashPassword(REVIEWER_PASSWORD),
  });
  server = serve({ fetch: createApp({ store }).fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await store?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Serious or critical accessibility violations axe-core finds on the page (CSP is bypassed only to inject it). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; help: string }> }> };
      }
    ).axe;
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help}`);
  });
}

describe.skipIf(!hasChromium)(`the web app in Chromium${SKIP}`, () => {
  it("asks by keyboard, reads a cited article, switches to patient, follows a citation and asks a follow-up", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(base);
    expect(await seriousViolations(page)).toEqual([]);
    // Keyboard only: focus the question, type, tab to the reader choice and the button, press Enter.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.getByLabel("Clinical question").focus();
    await page.keyboard.type("What is the treatment for pars defect?");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await Promise.all([page.waitForURL(/\/articles\//), page.keyboard.press("Enter")]);
    await expect(page.locator("h1").textContent()).resolves.toBe("What is the treatment for pars defect?");
    await expect(
      page.getByText("Educational purpose only · content is pending human review").count(),
    ).resolves.toBe(1);
    expect(await page.locator("ol.references > li").count()).toBeGreaterThan(3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "article-physician.png"), fullPage: true });

    await page.getByLabel("Personalize — which best describes you?").selectOption("patient");
    await Promise.all([
      page.waitForURL(/audience=patient/),
      page.getByRole("button", { name: "Show" }).click(),
    ]);
    await expect(
      page.getByRole("heading", { name: "Treatment Options, Step by Step" }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole("heading", { name: "Questions to Ask Your Clinician" }).count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "article-patient.png"), fullPage: true });

    await page.getByRole("link", { name: "Reference 1", exact: true }).first().click();
    expect(new URL(page.url()).hash).toBe("#ref-1");
    expect(await page.locator("#ref-1").isVisible()).toBe(true);

    await page.getByLabel("Your follow-up question").fill("What about in adults?");
    // The page is an article already: wait for the follow-up's own article, not for any article URL.
    const asked = page.url().split("#")[0];
    await Promise.all([
      page.waitForURL((url) => /\/articles\//.test(url.pathname) && url.href.split("#")[0] !== asked),
      page.getByRole("button", { name: "Ask", exact: true }).click(),
    ]);
    await expect(page.getByText("Searched as: pars defect treatment adults").count()).resolves.toBe(1);
    // The reader chosen is remembered.
    await expect(
      page.getByRole("heading", { name: "Questions to Ask Your Clinician" }).count(),
    ).resolves.toBe(1);
    await context.close();
  }, 60_000);

  it("lets a reviewer sign in, claim, edit a section and approve an article; readers then see it approved, with the reviewer", async () => {
    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto(base);
    await readerPage.getByLabel("Clinical question").fill("How is spondylolysis treated in athletes?");
    await Promise.all([
      readerPage.waitForURL(/\/articles\//),
      readerPage.getByRole("button", { name: "Ask", exact: true }).click(),
    ]);
    const articleUrl = readerPage.url().split("?")[0] ?? "";
    const articleId = new URL(articleUrl).pathname.split("/")[2] ?? "";
    await expect(
      readerPage.getByText("Educational purpose only · content is pending human review").count(),
    ).resolves.toBe(1);
    const draftUpdated = await readerPage.locator("time").first().getAttribute("datetime");

    const board = await browser.newContext();
    const page = await board.newPage();
    await page.goto(`${base}/login?next=${encodeURIComponent(new URL(articleUrl).pathname)}`);
    await page.getByLabel("Email").fill("ann@example.org");
    await page.getByLabel("Password").fill(REVIEWER_PASSWORD);
    await Promise.all([
      page.waitForURL(/\/articles\//),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await Promise.all([
      page.waitForLoadState("load"),
      page.getByRole("button", { name: "Claim for review" }).click(),
    ]);
    await page.getByRole("button", { name: "Approve" }).waitFor();

    // Edits a section: follows its "Edit:" link in the review panel, removes the last line and saves version 2.
    const draft = await page.locator("article").textContent();
    await Promise.all([
      page.waitForURL(/\/edit\?part=/),
      page.locator("p", { hasText: "Edit:" }).getByRole("link", { name: "Initial Assessment" }).click(),
    ]);
    const textarea = page.getByRole("textbox", { name: "Initial Assessment" });
    const lines = (await textarea.inputValue()).split("\n");
    expect(lines.length).toBeGreaterThan(1);
    const removed = (lines.at(-1) ?? "").replace(/(\s*\[[^\]]+\])+$/, "");
    expect(removed.length).toBeGreaterThan(20);
    expect(draft).toContain(removed);
    await textarea.fill(lines.slice(0, -1).join("\n"));
    await page
      .getByLabel("Note for the board (why this change)")
      .fill("Slip monitoring belongs in follow-up");
    await Promise.all([
      page.waitForURL(articleUrl),
      page.getByRole("button", { name: "Save as version 2" }).click(),
    ]);
    await expect(page.getByText("Version 2 of 2").count()).resolves.toBe(1);
    await expect(page.locator("article").textContent()).resolves.not.toContain(removed);
    await page.screenshot({ path: join(SCREENSHOTS, "article-reviewer-edited.png"), fullPage: true });

    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Approve" }).click()]);
    await page.screenshot({ path: join(SCREENSHOTS, "article-reviewer.png"), fullPage: true });

    await readerPage.goto(articleUrl);
    await expect(
      readerPage.getByText("Educational purpose only · content is pending human review").count(),
    ).resolves.toBe(0);
    await expect(readerPage.getByText("Reviewed and approved by Ann Reviewer, MD").count()).resolves.toBe(1);
    // "Last updated" is now the approval, not the draft; and readers get the edited version.
    const approved = await store.articleSummary(articleId);
    expect(approved).toMatchObject({ status: "approved", approvedVersion: 2 });
    const lastUpdated = readerPage.locator("time").first();
    await expect(lastUpdated.getAttribute("datetime")).resolves.toBe(approved?.approvedAt);
    await expect(lastUpdated.textContent()).resolves.toBe(approved?.approvedAt?.slice(0, 10));
    expect(approved?.approvedAt ?? "").not.toBe(draftUpdated);
    expect(Date.parse(approved?.approvedAt ?? "")).toBeGreaterThan(Date.parse(draftUpdated ?? ""));
    await expect(readerPage.locator("article").textContent()).resolves.not.toContain(removed);
    await board.close();
    await reader.close();
  }, 60_000);

  it("reads well at 375 px: no sideways scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel("Clinical question").fill("What is the treatment for pars defect?");
    await Promise.all([
      page.waitForURL(/\/articles\//),
      page.getByRole("button", { name: "Ask", exact: true }).click(),
    ]);
    const width = await page.evaluate("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(SCREENSHOTS, "article-375px.png"), fullPage: true });
    await context.close();
  }, 60_000);
});
