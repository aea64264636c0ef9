import { SingleBar } from "cli-progress";
import type { IngestProgress } from "../ingest/ingest-sources.ts";

/** Renders ingest progress: a bar on a terminal, a plain line every few seconds otherwise (logs, CI). */
export interface ProgressReporter {
  update(progress: IngestProgress): void;
  stop(): void;
}

export function progressReporter(stream: NodeJS.WriteStream, quiet: boolean): ProgressReporter {
  if (quiet) return { update() {}, stop() {} };
  return stream.isTTY ? terminalBar(stream) : logLines(stream);
}

function rate(progress: IngestProgress): number {
  const seconds = progress.elapsedMs / 1000;
  return seconds > 0 ? Math.round(progress.records / seconds) : 0;
}

function amount(progress: IngestProgress): { done: string; total: string } {
  if (progress.unit === "records") return { done: String(progress.done), total: `${progress.total} records` };
  return {
    done: (progress.done / 1_048_576).toFixed(1),
    total: `${(progress.total / 1_048_576).toFixed(1)} MB`,
  };
}

function terminalBar(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new SingleBar({
    stream,
    format: " {file} |{bar}| {percentage}% · {records} docs · {rate} docs/s · {read}/{size}",
    hideCursor: true,
    clearOnComplete: false,
  });
  let current = "";
  return {
    update(progress) {
      if (progress.source !== current) {
        if (current) bar.stop();
        current = progress.source;
        bar.start(progress.total, 0, { file: "", records: 0, rate: 0, read: "0", size: "" });
      }
      const { done, total } = amount(progress);
      bar.setTotal(progress.total);
      bar.update(progress.done, {
        file: `[${progress.sourceIndex + 1}/${progress.sourceCount}] ${shortName(progress.source)}`,
        records: progress.records,
        rate: rate(progress),
        read: done,
        size: total,
      });
    },
    stop() {
      if (current) bar.stop();
    },
  };
}

function logLines(stream: NodeJS.WriteStream): ProgressReporter {
  const everyMs = 5000;
  let lastAt = 0;
  return {
    update(progress) {
      const now = performance.now();
      if (now - lastAt < everyMs) return;
      lastAt = now;
      const percent = progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;
      const { done, total } = amount(progress);
      stream.write(
        `ingest ${progress.source}: ${progress.records} records, ${rate(progress)} docs/s, ${done}/${total} (${percent}%)\n`,
      );
    },
    stop() {},
  };
}

function shortName(path: string): string {
  const name = path.split("/").pop() ?? path;
  return name.length > 28 ? `…${name.slice(-27)}` : name;
}

/** Progress through a known number of items (questions answered): a bar on a terminal, log lines otherwise. */
export interface CountProgress {
  update(done: number, total: number): void;
  stop(): void;
}

export function countProgress(stream: NodeJS.WriteStream, quiet: boolean, what: string): CountProgress {
  if (quiet) return { update() {}, stop() {} };
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: ` ${what} |{bar}| {value}/{total} · {eta}s left`,
      hideCursor: true,
    });
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastAt = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - lastAt < 5000 && done < total) return;
      lastAt = now;
      stream.write(`${what}: ${done}/${total}\n`);
    },
    stop() {},
  };
}
