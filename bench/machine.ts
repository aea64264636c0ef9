import { cpus, loadavg, totalmem } from "node:os";
import Database from "better-sqlite3";

export interface Machine {
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
  platform: string;
  sqlite: string;
  /** 1-minute load average at the start and the end: figures from a machine busy with other work are pessimistic. */
  loadAverage: { start: number; end?: number };
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    totalMemoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    sqlite: sqliteVersion(),
    loadAverage: { start: loadAverage1m() },
  };
}

export function loadAverage1m(): number {
  return loadavg()[0] ?? 0;
}

/** The SQLite that better-sqlite3 bundles: FTS5 speed depends on it. */
function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return String(db.prepare("SELECT sqlite_version()").pluck().get());
  } finally {
    db.close();
  }
}
