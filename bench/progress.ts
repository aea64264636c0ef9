import { SingleBar } from "cli-progress";

/** Progress of one long step on stderr: a bar on a terminal, a line every few seconds otherwise (CI logs). */
export interface Step {
  update(done: number): void;
  finish(summary: string): void;
}

const LOG_EVERY_MS = 5000;

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function step(label: string, total: number, unit: string): Step {
  return process.stderr.isTTY ? barStep(label, total, unit) : lineStep(label, total, unit);
}

function barStep(label: string, total: number, unit: string): Step {
  const bar = new SingleBar({
    stream: process.stderr,
    format: ` ${label} |{bar}| {percentage}% · {value}/{total} ${unit} · {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    finish(summary) {
      bar.stop();
      note(`${label}: ${summary}`);
    },
  };
}

function lineStep(label: string, total: number, unit: string): Step {
  const started = performance.now();
  let lastAt = started;
  return {
    update(done) {
      const now = performance.now();
      if (now - lastAt < LOG_EVERY_MS) return;
      lastAt = now;
      note(`${label}: ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit}`);
    },
    finish: (summary) => note(`${label}: ${summary}`),
  };
}

/** For a step whose progress cannot be seen (a child process): elapsed time, so a long wait looks alive. */
export function ticker(label: string): { stop(summary: string): void } {
  const started = performance.now();
  const everyMs = process.stderr.isTTY ? 1000 : LOG_EVERY_MS * 2;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const write = (line: string) =>
    process.stderr.isTTY ? process.stderr.write(`\r${line}\x1b[K`) : process.stderr.write(`${line}\n`);
  write(`${label}…`);
  const timer = setInterval(() => write(`${label}… ${elapsed()}`), everyMs);
  return {
    stop(summary) {
      clearInterval(timer);
      if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
      note(`${label}: ${summary}`);
    },
  };
}
