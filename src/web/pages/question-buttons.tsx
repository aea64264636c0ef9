/** Questions as one-click buttons: each posts itself to `action`, so they work without JavaScript. */
export function QuestionButtons({
  questions,
  action,
  audience,
}: {
  questions: readonly string[];
  action: string;
  audience?: string;
}) {
  return (
    <ul class="plain">
      {questions.map((question) => (
        <li>
          <form method="post" action={action}>
            <input type="hidden" name="question" value={question} />
            {audience ? <input type="hidden" name="audience" value={audience} /> : null}
            <button class="link" type="submit">
              {question}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
