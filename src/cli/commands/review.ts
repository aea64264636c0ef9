import { Argument, type Command } from "commander";
import { reviewArticle } from "../../editorial/review-article.ts";
import { REVIEW_ACTIONS, type ReviewAction } from "../../editorial/review-lifecycle.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";

interface ReviewOptions extends CommonOptions {
  as: string;
  note?: string;
}

export function reviewCommand(program: Command): void {
  withCommonOptions(
    program
      .command("review")
      .description("take a review action on an article as a named reviewer or editor")
      .argument("<article-id>", "the id in the article's address, /articles/<id>/…")
      .addArgument(new Argument("<action>", "what to do").choices(REVIEW_ACTIONS))
      .requiredOption("--as <email>", "the reviewer or editor acting (see galen user list)")
      .option("--note <text>", "a note for the audit log")
      .addHelpText(
        "after",
        "\nSubmitted → claim → Under Review → approve | request-changes | reject; release hands a claimed article back.\n" +
          "An editor resubmits an article that needs changes (or a new version of an approved one).",
      ),
  ).action(async (articleId: string, action: ReviewAction, options: ReviewOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    try {
      const article = await reviewArticle(store, {
        articleId,
        action,
        actor: options.as,
        ...(options.note ? { note: options.note } : {}),
      });
      if (options.json) return printJson(article);
      process.stdout.write(
        `Article ${article.id} is now ${article.status}${article.reviewedBy ? ` (${article.reviewedBy})` : ""}.\n`,
      );
    } finally {
      await store.close();
    }
  });
}
