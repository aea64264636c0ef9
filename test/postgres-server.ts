import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.ts";

/** Where Debian puts PostgreSQL 15's server programs. */
const BIN = "/usr/lib/postgresql/15/bin";

export interface PostgresServer {
  /** A superuser URL of the server's one database. */
  url: string;
  stop(): Promise<void>;
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  return existsSync(join(BIN, "postgres"))
    ? undefined
    : `PostgreSQL 15 is not installed (${BIN}/postgres); .ci/run installs it (apt-get install postgresql-15)`;
}

/**
 * A private PostgreSQL server for the tests: a fresh cluster in a temporary folder, on a free loopback port, with
 * durability off (tests never need a crash-safe disk). Run as the postgres user when the tests run as root,
 * because the server refuses root.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), "galen-pg-"));
  const data = join(folder, "data");
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? ["runuser", "-u", "postgres", "--"] : [];
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(folder, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const [command = program, ...rest] = [...user, program, ...args];
    return { command, args: rest };
  };
  const initdb = run(join(BIN, "initdb"), [
    "-D",
    data,
    "-U",
    "galen",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  execFileSync(initdb.command, initdb.args, { stdio: "pipe" });
  const port = await freePort();
  const server = run(join(BIN, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    folder,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "max_connections=200",
  ]);
  const child: ChildProcess = spawn(server.command, server.args, { stdio: "ignore" });
  const url = `postgres://galen@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, child);
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        // A fast shutdown through pg_ctl: signals sent to runuser would not reach the server.
        const stop = run(join(BIN, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w"]);
        execFileSync(stop.command, stop.args, { stdio: "ignore" });
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the test PostgreSQL server exited (${child.exitCode})`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A new empty database on the test server; returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return serverUrl.replace(/\/postgres$/, `/${name}`);
}
