import { createHash } from "node:crypto";

/** One thing someone did, chained to the entry before it so that editing or deleting an entry shows. */
export interface AuditEntry {
  sequence: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  requestId?: string;
  previousHash: string;
  hash: string;
}

export type NewAuditEntry = Pick<AuditEntry, "actor" | "action" | "target" | "details"> & {
  requestId?: string;
};

/** The hash the first entry chains to. */
export const GENESIS_HASH = "0".repeat(64);

/** SHA-256 over the previous hash and the entry's own fields, in a fixed order. */
export function auditHash(previousHash: string, entry: Omit<AuditEntry, "hash" | "previousHash">): string {
  const fields = [
    entry.sequence,
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    JSON.stringify(entry.details),
    entry.requestId ?? "",
  ];
  return createHash("sha256")
    .update(`${previousHash}\n${JSON.stringify(fields)}`)
    .digest("hex");
}

/** An append-only log: entries are added at the end and never changed. */
export interface AuditStore {
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  auditEntries(): Promise<AuditEntry[]>;
}
