/**
 * A problem the person running Galen can fix: the message says what is wrong and what to do. The CLI prints
 * only the message (no stack) and exits with `exitCode`; the web app maps it to a 4xx problem document.
 */
export class GalenError extends Error {
  override readonly name = "GalenError";

  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
