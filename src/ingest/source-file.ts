import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";
import { GalenError } from "../galen-error.ts";

const GZIP_MAGIC = [0x1f, 0x8b];

/** How much of a source file has been read: compressed bytes for `.gz`, so progress matches the file size. */
export interface ReadProgress {
  bytesRead: number;
}

export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** SHA-256 of the file's bytes: a file already ingested whole is recognised by it and skipped. */
export async function fileChecksum(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Fails with one clear line when the path is missing, a folder, or empty. */
export async function assertReadableFile(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new GalenError(`${path}: no such file or folder. Check the path and run again.`);
    if (code === "EACCES") throw new GalenError(`${path}: permission denied. Make it readable by this user.`);
    throw error;
  }
  if (!info.isFile()) throw new GalenError(`${path}: not a regular file.`);
  if (info.size === 0)
    throw new GalenError(`${path} is empty (0 bytes): nothing to ingest. Re-download or remove it.`);
  return info.size;
}

/**
 * Reads a file (gunzipping it when it starts with the gzip magic bytes) as UTF-8 text chunks. Invalid UTF-8 and
 * truncated or corrupt gzip data stop the read with a message naming the file and the byte offset.
 */
export async function* readTextChunks(path: string, progress: ReadProgress): AsyncGenerator<string> {
  const gzipped = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  raw.on("data", (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const bytes = gzipped ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
  if (gzipped) raw.on("error", (error) => bytes.destroy(error));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      yield decodeUtf8(decoder, chunk, path, offset);
      offset += chunk.length;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (error) {
    throw explainReadError(error, path, gzipped);
  } finally {
    raw.destroy();
  }
}

function decodeUtf8(decoder: TextDecoder, chunk: Buffer, path: string, offset: number): string {
  try {
    return decoder.decode(chunk, { stream: true });
  } catch {
    const lenient = new TextDecoder("utf-8").decode(chunk);
    const bad = Buffer.byteLength(lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD"))));
    throw new GalenError(
      `${path}: not valid UTF-8 text near byte ${offset + bad}. Convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8) and run again.`,
    );
  }
}

function explainReadError(error: unknown, path: string, gzipped: boolean): unknown {
  if (error instanceof GalenError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (gzipped && (code.startsWith("Z_") || code === "ERR_ZLIB")) {
    return new GalenError(
      `${path}: the gzip data is truncated or corrupt (${(error as Error).message}). Re-download the file; documents read before this point are kept.`,
      1,
      { cause: error },
    );
  }
  return error;
}
