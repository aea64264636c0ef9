import type { Command } from "commander";
import { Answer } from "../../answer/answer.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";

export function threadCommand(program: Command): void {
  withCommonOptions(
    program
      .command("thread")
      .description("show a thread of questions and follow-ups, in order")
      .argument("<id>", "the thread id printed with each answer"),
  ).action(async (id: string, options: CommonOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    try {
      const thread = await store.getThread(id);
      if (thread === undefined) {
        const { ThreadNotFound } = await import("../../threads/ask-in-thread.ts");
        throw new ThreadNotFound(id);
      }
      if (options.json) return printJson(thread);
      const lines = [`Thread ${thread.id}, started ${thread.createdAt}`];
      for (const turn of thread.turns) {
        const answer = Answer.safeParse(turn.answer);
        const bottomLine = answer.success
          ? answer.data.bottomLine.map((statement) => statement.text).join(" ")
          : "";
        lines.push("", `${turn.position}. ${turn.question}`);
        if (turn.searchedAs !== turn.question) lines.push(`   searched as: ${turn.searchedAs}`);
        if (bottomLine) lines.push(`   ${bottomLine}`);
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    } finally {
      await store.close();
    }
  });
}
