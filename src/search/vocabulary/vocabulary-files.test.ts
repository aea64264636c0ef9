import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hasSharedData, SKIP_REASON, sharedData } from "../../../test/shared-data.ts";

/** One vocabulary file: where it is, its header, which columns make a row's key, and its least size. */
interface VocabularyFile {
  readonly url: URL;
  readonly header: readonly string[];
  /** Columns that together identify a row, compared case-insensitively. */
  readonly keyColumns: readonly number[];
  /** Columns that may be empty. */
  readonly optionalColumns: readonly number[];
  readonly minimumRows: number;
}

const ABBREVIATIONS: VocabularyFile = {
  url: new URL("./abbreviations.tsv", import.meta.url),
  header: ["abbreviation", "expansion", "context"],
  keyColumns: [0, 1],
  optionalColumns: [2],
  minimumRows: 450,
};
const SYNONYMS: VocabularyFile = {
  url: new URL("./synonyms.tsv", import.meta.url),
  header: ["clinical", "lay_or_alternative"],
  keyColumns: [0, 1],
  optionalColumns: [],
  minimumRows: 350,
};
const SPELLINGS: VocabularyFile = {
  url: new URL("./spellings.tsv", import.meta.url),
  header: ["british", "american"],
  keyColumns: [0],
  optionalColumns: [],
  minimumRows: 150,
};
const DRUGS: VocabularyFile = {
  url: new URL("./drugs.tsv", import.meta.url),
  header: ["name", "generic", "kind"],
  keyColumns: [0],
  optionalColumns: [],
  minimumRows: 250,
};
const DRUG_CLASSES: VocabularyFile = {
  url: new URL("./drug-classes.tsv", import.meta.url),
  header: ["generic", "class"],
  keyColumns: [0, 1],
  optionalColumns: [],
  minimumRows: 400,
};
const FILES = [ABBREVIATIONS, SYNONYMS, SPELLINGS, DRUGS, DRUG_CLASSES];

interface Table {
  readonly text: string;
  readonly header: readonly string[];
  /** Data rows with their 1-based line numbers, for messages. */
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

/** Reads a vocabulary file: UTF-8 (invalid bytes throw), `#` comment lines, a header, then data rows. */
function readTable(url: URL): Table {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(url));
  let header: string[] | undefined;
  const rows: { line: number; cells: string[] }[] = [];
  text
    .replace(/\n$/, "")
    .split("\n")
    .forEach((content, index) => {
      if (content.startsWith("#")) return;
      if (header === undefined) header = content.split("\t");
      else rows.push({ line: index + 1, cells: content.split("\t") });
    });
  return { text, header: header ?? [], rows };
}

const tables = new Map<VocabularyFile, Table>();

/** The file read once, on first use inside a test, so a bad file fails that test rather than the whole run. */
function tableOf(file: VocabularyFile): Table {
  let table = tables.get(file);
  if (table === undefined) {
    table = readTable(file.url);
    tables.set(file, table);
  }
  return table;
}

function fileName(file: VocabularyFile): string {
  return file.url.pathname.split("/").at(-1) ?? "";
}

/** Problems found by `check`, as "line N: what" strings, so a failure names every bad row at once. */
function problems(file: VocabularyFile, check: (cells: readonly string[]) => string | undefined): string[] {
  return tableOf(file).rows.flatMap(({ line, cells }) => {
    const problem = check(cells);
    return problem === undefined ? [] : [`line ${line}: ${problem}: ${cells.join(" | ")}`];
  });
}

function column(cells: readonly string[], index: number): string {
  return cells[index] ?? "";
}

describe.each(FILES.map((file) => [fileName(file), file] as const))("%s", (_name, file) => {
  it("is UTF-8 text with LF line ends, no byte-order mark and no blank lines", () => {
    const { text } = tableOf(file);
    expect(text.startsWith("\uFEFF")).toBe(false);
    expect(text.includes("\r")).toBe(false);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.includes("\n\n")).toBe(false);
  });

  it("has its header and the right number of columns on every row", () => {
    expect(tableOf(file).header).toEqual(file.header);
    expect(
      problems(file, (cells) =>
        cells.length === file.header.length ? undefined : `${cells.length} columns`,
      ),
    ).toEqual([]);
  });

  it("has no empty or padded cells, except the optional ones empty", () => {
    expect(
      problems(file, (cells) => {
        for (const [index, cell] of cells.entries()) {
          if (cell !== cell.trim() || /\s{2}/.test(cell)) return `stray spaces in column ${index + 1}`;
          if (cell === "" && !file.optionalColumns.includes(index)) return `empty column ${index + 1}`;
        }
        return undefined;
      }),
    ).toEqual([]);
  });

  it("has no self-loops (a term equal to its counterpart)", () => {
    expect(
      problems(file, (cells) =>
        column(cells, 0).toLowerCase() === column(cells, 1).toLowerCase() ? "self-loop" : undefined,
      ),
    ).toEqual([]);
  });

  it("has no duplicate rows or keys", () => {
    const seen = new Set<string>();
    expect(
      problems(file, (cells) => {
        const key = file.keyColumns.map((index) => column(cells, index).toLowerCase()).join("\t");
        if (seen.has(key)) return "duplicate key";
        seen.add(key);
        return undefined;
      }),
    ).toEqual([]);
  });

  it("is sorted by its first column, case-insensitively", () => {
    let previous = "";
    expect(
      problems(file, (cells) => {
        const current = column(cells, 0).toLowerCase();
        const problem = current < previous ? `should come before "${previous}"` : undefined;
        previous = current;
        return problem;
      }),
    ).toEqual([]);
  });

  it(`has at least ${file.minimumRows} rows`, () => {
    expect(tableOf(file).rows.length).toBeGreaterThanOrEqual(file.minimumRows);
  });
});

describe("the vocabulary as a whole", () => {
  it("holds at least 1,000 entries", () => {
    const total = FILES.reduce((sum, file) => sum + tableOf(file).rows.length, 0);
    expect(total).toBeGreaterThanOrEqual(1000);
  });

  it("gives cue words to every sense of an ambiguous abbreviation and to no unambiguous one", () => {
    const senses = new Map<string, number>();
    for (const { cells } of tableOf(ABBREVIATIONS).rows) {
      const abbreviation = column(cells, 0).toLowerCase();
      senses.set(abbreviation, (senses.get(abbreviation) ?? 0) + 1);
    }
    expect(
      problems(ABBREVIATIONS, (cells) => {
        const ambiguous = (senses.get(column(cells, 0).toLowerCase()) ?? 0) > 1;
        const context = column(cells, 2);
        if (ambiguous && context === "") return "ambiguous abbreviation without context";
        if (!ambiguous && context !== "") return "context on an unambiguous abbreviation";
        return undefined;
      }),
    ).toEqual([]);
  });

  it("lists the senses of one abbreviation on adjacent lines", () => {
    const finished = new Set<string>();
    let current = "";
    expect(
      problems(ABBREVIATIONS, (cells) => {
        const abbreviation = column(cells, 0).toLowerCase();
        if (abbreviation === current) return undefined;
        finished.add(current);
        current = abbreviation;
        return finished.has(abbreviation) ? "senses split" : undefined;
      }),
    ).toEqual([]);
  });

  it("writes spellings as lower-case whole words", () => {
    expect(
      problems(SPELLINGS, (cells) =>
        cells.every((word) => /^[a-z]+(?:-[a-z]+)*$/.test(word)) ? undefined : "not a lower-case word",
      ),
    ).toEqual([]);
  });

  it("names drugs and their classes in lower case, bar acronyms (DPP-4 inhibitor, GnRH agonist)", () => {
    expect(
      problems(DRUG_CLASSES, (cells) => {
        if (!/^[a-z0-9]/.test(column(cells, 0))) return "generic not in lower case";
        const [first = ""] = column(cells, 1).split(" ");
        // GnRH, DPP-4, H2, Z-drug: capitals with another capital, a digit or a hyphen; not "Statin".
        const acronym =
          /[A-Z]/.test(first) && ((first.match(/[A-Z]/g) ?? []).length >= 2 || /[0-9-]/.test(first));
        if (!/^[a-z0-9]/.test(first) && !acronym) return "class capitalised";
        return undefined;
      }),
    ).toEqual([]);
  });

  it("gives every drug name one generic, in lower case, and a known kind", () => {
    expect(
      problems(DRUGS, (cells) => {
        if (!["brand", "international"].includes(column(cells, 2))) return "unknown kind";
        if (!/^[a-z0-9]/.test(column(cells, 1))) return "generic not in lower case";
        return undefined;
      }),
    ).toEqual([]);
  });
});

/** Minimal CSV (RFC 4180: quoted fields with doubled quotes, commas and line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      record.push(field);
      field = "";
    } else if (character === "\n") {
      records.push([...record, field.replace(/\r$/, "")]);
      record = [];
      field = "";
    } else field += character;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

const ABBREVIATION_FILES = [
  "0-A",
  "B",
  "C",
  "D",
  "E-G",
  "H",
  "I",
  "J-L",
  "M",
  "N-O",
  "P",
  "Q-R",
  "S",
  "T",
  "U-Z",
];

const PubmedQaRecord = z.object({
  QUESTION: z.string(),
  CONTEXTS: z.array(z.string()),
  LONG_ANSWER: z.string(),
});

/**
 * The public list's abbreviations with a single meaning, letters only, 2 to 5 characters, ranked by how often
 * each occurs as a whole word, case-sensitively, in the 1,000 PubMedQA abstracts (question, abstract and
 * conclusion): the 200 most frequent are "the common ones". Ties go alphabetically.
 */
function commonPublicAbbreviations(count: number): string[] {
  const meanings = new Map<string, number>();
  for (const name of ABBREVIATION_FILES) {
    const [, ...records] = parseCsv(readFileSync(sharedData(`medical-abbreviations/${name}.csv`), "utf8"));
    for (const record of records) {
      const abbreviation = (record[0] ?? "").trim();
      if (abbreviation !== "") meanings.set(abbreviation, (meanings.get(abbreviation) ?? 0) + 1);
    }
  }
  const candidates = [...meanings]
    .filter(([abbreviation, senses]) => senses === 1 && /^[A-Za-z]{2,5}$/.test(abbreviation))
    .map(([abbreviation]) => abbreviation);

  const records = z
    .record(z.string(), PubmedQaRecord)
    .parse(JSON.parse(readFileSync(sharedData("pubmedqa/ori_pqal.json"), "utf8")));
  const occurrences = new Map<string, number>();
  for (const record of Object.values(records)) {
    const text = [record.QUESTION, ...record.CONTEXTS, record.LONG_ANSWER].join(" ");
    for (const word of text.match(/[A-Za-z0-9]+/g) ?? []) {
      occurrences.set(word, (occurrences.get(word) ?? 0) + 1);
    }
  }
  const frequency = (abbreviation: string) => occurrences.get(abbreviation) ?? 0;
  return candidates
    .filter((abbreviation) => frequency(abbreviation) > 0)
    .sort((a, b) => frequency(b) - frequency(a) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, count);
}

describe("coverage of a public abbreviation list (shared data)", () => {
  it.skipIf(!hasSharedData)(
    `covers at least 75% of the 200 commonest single-meaning abbreviations in PubMedQA abstracts (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    () => {
      const common = commonPublicAbbreviations(200);
      expect(common).toHaveLength(200);
      const ours = new Set(tableOf(ABBREVIATIONS).rows.map(({ cells }) => column(cells, 0)));
      const missing = common.filter((abbreviation) => !ours.has(abbreviation));
      const share = (common.length - missing.length) / common.length;
      console.log(
        `abbreviations.tsv covers ${common.length - missing.length} of the ${common.length} commonest ` +
          `(${(share * 100).toFixed(1)}%); missing: ${missing.join(" ")}`,
      );
      expect(share).toBeGreaterThanOrEqual(0.75);
    },
  );
});
