import { type AuditEntry, auditHash, GENESIS_HASH } from "../store/audit-store.ts";

export type ChainCheck =
  | { intact: true; entries: number }
  | { intact: false; entries: number; sequence: number; problem: string };

/** Recomputes every entry's hash and its link to the one before: an edited, removed or inserted entry shows. */
export function verifyAuditChain(entries: readonly AuditEntry[]): ChainCheck {
  let previous = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const { hash, previousHash, ...body } = entry;
    const broken = (problem: string): ChainCheck => ({
      intact: false,
      entries: entries.length,
      sequence: entry.sequence,
      problem,
    });
    if (entry.sequence !== index + 1)
      return broken(`entry ${index + 1} is missing (found ${entry.sequence} in its place)`);
    if (previousHash !== previous) return broken("it does not link to the entry before it");
    if (auditHash(previousHash, body) !== hash)
      return broken("its contents do not match its hash (it was changed)");
    previous = hash;
  }
  return { intact: true, entries: entries.length };
}
