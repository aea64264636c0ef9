/** Splits streamed text into lines (without their line ends), numbering them from 1. */
export async function* textLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ line: string; number: number }> {
  let pending = "";
  let number = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    let end = pending.indexOf("\n");
    while (end >= 0) {
      number++;
      yield { line: pending.slice(0, end).replace(/\r$/, ""), number };
      pending = pending.slice(end + 1);
      end = pending.indexOf("\n");
    }
  }
  if (pending.length > 0) yield { line: pending.replace(/\r$/, ""), number: number + 1 };
}

/** Parses one JSON Lines line, failing with the file and line number. */
export function parseJsonLine(line: string, number: number, fileName: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new SyntaxError(`${fileName} line ${number}: not valid JSON (${(error as Error).message}).`);
  }
}
