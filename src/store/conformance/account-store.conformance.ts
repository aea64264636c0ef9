import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountStore } from "../account-store.ts";
import { type AuditStore, auditHash, GENESIS_HASH } from "../audit-store.ts";
import type { RateLimitStore } from "../rate-limit-store.ts";
import type { SessionStore } from "../session-store.ts";

/** What every engine's accounts and audit log must do. */
export function describeAccountStoreConformance(
  engine: string,
  open: () => Promise<AccountStore & AuditStore & SessionStore & RateLimitStore & { close(): Promise<void> }>,
): void {
  describe(`${engine} accounts and audit log`, () => {
    let store: AccountStore & AuditStore & SessionStore & RateLimitStore & { close(): Promise<void> };
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("creates accounts with unique emails, lists, changes roles and disables", async () => {
      const reviewer = {
        email: "A.Reviewer@example.org",
        name: "Ann Reviewer",
        role: "reviewer",
        credentials: "MD",
        passwordHash: "x",
      };
      expect(await store.createAccount(reviewer)).toMatchObject({
        email: "a.reviewer@example.org",
        role: "reviewer",
        disabled: false,
        credentials: "MD",
      });
      expect(await store.createAccount({ ...reviewer, name: "Someone else" })).toBeUndefined();
      expect((await store.findAccount("a.reviewer@EXAMPLE.org"))?.passwordHash).toBe("x");
      expect(
        await store.updateAccount("a.reviewer@example.org", { role: "editor", disabled: true }),
      ).toMatchObject({ role: "editor", disabled: true });
      expect((await store.listAccounts()).map((account) => account.email)).toEqual([
        "a.reviewer@example.org",
      ]);
      expect(await store.updateAccount("nobody@example.org", { role: "admin" })).toBeUndefined();
    });

    it("keeps sessions until they expire or are ended, one or all of an account's", async () => {
      await store.createAccount({ email: "a@example.org", name: "A", role: "reviewer", passwordHash: "x" });
      const session = { email: "a@example.org", csrfToken: "c", expiresAt: "2030-01-01T00:00:00.000Z" };
      await store.createSession("h1", session);
      await store.createSession("h2", session);
      expect(await store.findSession("h1", new Date("2029-12-31T00:00:00Z"))).toEqual(session);
      expect(await store.findSession("h1", new Date("2030-01-02T00:00:00Z"))).toBeUndefined();
      await store.deleteSession("h1");
      expect(await store.findSession("h1", new Date("2029-12-31T00:00:00Z"))).toBeUndefined();
      await store.deleteSessionsOf("A@example.org");
      expect(await store.findSession("h2", new Date("2029-12-31T00:00:00Z"))).toBeUndefined();
    });

    it("appends audit entries chained by hash, in order", async () => {
      const first = await store.appendAudit({
        actor: "admin@example.org",
        action: "user.add",
        target: "a@example.org",
        details: { role: "reviewer" },
      });
      const second = await store.appendAudit({
        actor: "a@example.org",
        action: "article.claim",
        target: "article:1",
        details: {},
        requestId: "r-1",
      });
      expect(first.previousHash).toBe(GENESIS_HASH);
      expect(second.previousHash).toBe(first.hash);
      const entries = await store.auditEntries();
      expect(entries.map((entry) => entry.sequence)).toEqual([1, 2]);
      for (const entry of entries) {
        const { hash, previousHash, ...body } = entry;
        expect(auditHash(previousHash, body)).toBe(hash);
      }
    });

    it("counts rate events per key in a window and forgets old ones", async () => {
      const start = Date.parse("2026-01-01T00:00:00Z");
      for (const offset of [0, 10_000, 50_000])
        await store.recordEvent("ask 10.0.0.1", new Date(start + offset), 60_000);
      await store.recordEvent("ask 10.0.0.2", new Date(start), 60_000);
      expect(await store.eventsSince("ask 10.0.0.1", new Date(start + 5_000))).toEqual([
        start + 10_000,
        start + 50_000,
      ]);
      // Recording 2 minutes later forgets what is older than the minute kept.
      await store.recordEvent("ask 10.0.0.1", new Date(start + 120_000), 60_000);
      expect(await store.eventsSince("ask 10.0.0.1", new Date(0))).toEqual([start + 120_000]);
      expect(await store.eventsSince("ask 10.0.0.2", new Date(0))).toEqual([start]);
    });
  });
}
