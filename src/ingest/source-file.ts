import { createHash } from "node:crypto";
import { createReadStream, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
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

/** The path's file-system entry, or one clear line when it is missing or unreadable. */
export async function statPath(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new GalenError(`${path}: no such file or folder. Check the path and run again.`);
    if (code === "EACCES") throw new GalenError(`${path}: permission denied. Make it readable by this user.`);
    throw error;
  }
}

/** Fails with one clear line when the path is missing, a folder, or empty. */
export async function assertReadableFile(path: string): Promise<number> {
  const info = await statPath(path);
  if (!info.isFile())
    throw new GalenError(`${path}: not a regular file. Give the path of a file or a folder.`);
  if (info.size === 0)
    throw new GalenError(`${path} is empty (0 bytes): nothing to ingest. Re-download or remove it.`);
  return info.size;
}

/** Large reads keep gunzip ahead of the parser (each read is a round trip to libuv's thread pool). */
const READ_BYTES = 256 * 1024;
/**
 * Small slices decode much faster: Node 20 turns a whole buffer into a two-byte string when it holds any
 * non-ASCII character (measured: 155 MB of PubMed XML in 0.13 s in 16 KiB slices, 1.2 s in 256 KiB ones).
 */
const DECODE_BYTES = 16 * 1024;

/**
 * Reads a file (gunzipping it when it starts with the gzip magic bytes) as UTF-8 text chunks. Invalid UTF-8 and
 * truncated or corrupt gzip data stop the read with a message naming the file and the byte offset.
 */
export async function* readTextChunks(path: string, progress: ReadProgress): AsyncGenerator<string> {
  const gzipped = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: READ_BYTES });
  raw.on("data", (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const bytes = gzipped ? raw.pipe(createGunzip({ chunkSize: READ_BYTES })) : raw;
  if (gzipped) raw.on("error", (error) => bytes.destroy(error));
  const decoder = new StringDecoder("utf8");
  let offset = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length; at += DECODE_BYTES) {
        const slice = chunk.subarray(at, at + DECODE_BYTES);
        yield checkedUtf8(decoder.write(slice), slice, path, offset);
        offset += slice.length;
      }
    }
    const tail = decoder.end();
    if (tail) yield checkedUtf8(tail, Buffer.alloc(0), path, offset);
  } catch (error) {
    throw explainReadError(error, path, gzipped);
  } finally {
    raw.destroy();
  }
}

const REPLACEMENT_CHARACTER_BYTES = Buffer.from("\uFFFD");

/**
 * StringDecoder turns invalid bytes into U+FFFD; a U+FFFD that the bytes do not spell out themselves means the
 * input was not UTF-8. (Much faster than a fatal TextDecoder in streaming mode.)
 */
function checkedUtf8(text: string, chunk: Buffer, path: string, offset: number): string {
  const replaced = text.indexOf("\uFFFD");
  if (replaced >= 0 && (chunk.length === 0 || !chunk.includes(REPLACEMENT_CHARACTER_BYTES))) {
    const bad = Buffer.byteLength(text.slice(0, replaced));
    throw new GalenError(
      `${path}: not valid UTF-8 text near byte ${offset + bad}. Convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8) and run again.`,
    );
  }
  return text;
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
