import { describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { collect, inChunks } from "../../test/text-chunks.ts";
import { readPubmedXml } from "./pubmed-xml.ts";
import { readTextChunks } from "./source-file.ts";
import { withoutUnreadElements } from "./unread-elements.ts";

async function cut(text: string, size = 41): Promise<string> {
  let out = "";
  for await (const chunk of withoutUnreadElements(inChunks(text, size))) out += chunk;
  return out;
}

const ARTICLE = `<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">
<!-- <GrantList> before the root stays -->
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>1</PMID><DateCreated><Year>2001</Year></DateCreated>
<Article><ArticleTitle>Title</ArticleTitle><AuthorList><Author><LastName>Lee</LastName>
<AffiliationInfo><Affiliation>Dept. of "Spine" &amp; Back, a > b</Affiliation></AffiliationInfo></Author></AuthorList>
<GrantList CompleteYN="Y"/></Article>
<CommentsCorrectionsList><CommentsCorrections RefType="Cites"><PMID>9</PMID></CommentsCorrections>
<CommentsCorrections RefType="RetractionIn"><PMID>8</PMID></CommentsCorrections></CommentsCorrectionsList>
<ChemicalList><!-- a comment inside --><Chemical>x</Chemical></ChemicalList>
<OtherID Source="NLM">PMC1<![CDATA[ </OtherID> ]]></OtherID>
</MedlineCitation></PubmedArticle>
</PubmedArticleSet>`;

describe("cutting the elements Galen does not read", () => {
  it("cuts whole unread elements and keeps everything else as it was", async () => {
    const out = await cut(ARTICLE);
    expect(out).not.toContain("DateCreated");
    expect(out).not.toContain("AffiliationInfo");
    expect(out).not.toContain('RefType="Cites"');
    expect(out).toContain('<CommentsCorrections RefType="RetractionIn"><PMID>8</PMID></CommentsCorrections>');
    expect(out).toContain("<!-- <GrantList> before the root stays -->");
    expect(out).toContain('<GrantList CompleteYN="Y"/>');
    expect(out).toContain("<ChemicalList><!-- a comment inside -->");
    expect(out).toContain("<![CDATA[ </OtherID> ]]></OtherID>");
    expect(out.replace(/<DateCreated>.*?<\/DateCreated>/, "")).toBe(
      ARTICLE.replace(/<DateCreated>.*?<\/DateCreated>/, "")
        .replace(/<AffiliationInfo>.*?<\/AffiliationInfo>/s, "")
        .replace(/<CommentsCorrections RefType="Cites">.*?<\/CommentsCorrections>/, ""),
    );
  });

  it("leaves the documents read from the text unchanged, retraction notices included", async () => {
    const whole = await collect(readPubmedXml(inChunks(ARTICLE, ARTICLE.length), "a.xml"));
    for (const size of [3, 41]) {
      const fast = await collect(readPubmedXml(inChunks(ARTICLE, size), "a.xml", () => inChunks(ARTICLE)));
      expect(fast).toEqual(whole);
    }
    expect(whole).toMatchObject([{ document: { retracted: true, authors: [{ lastName: "Lee" }] } }]);
  });

  it("leaves a DOCTYPE's internal subset whole", async () => {
    const declared =
      '<!DOCTYPE PubmedArticleSet [ <!ENTITY g "<GrantList><Grant/></GrantList>"> ]>\n<PubmedArticleSet><GrantList><Grant/></GrantList></PubmedArticleSet>';
    expect(await cut(declared, 9)).toBe(
      '<!DOCTYPE PubmedArticleSet [ <!ENTITY g "<GrantList><Grant/></GrantList>"> ]>\n<PubmedArticleSet></PubmedArticleSet>',
    );
  });

  it("gives the same text whatever the chunking", async () => {
    const whole = await cut(ARTICLE, ARTICLE.length);
    for (const size of [1, 2, 3, 7, 16, 64]) expect(await cut(ARTICLE, size)).toBe(whole);
  });

  it("passes an element that never closes to the parser, which reports it", async () => {
    const truncated = "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><GrantList><Grant>";
    expect(await cut(truncated, 5)).toBe(truncated);
    await expect(
      collect(readPubmedXml(inChunks(truncated), "cut.xml", () => inChunks(truncated))),
    ).rejects.toThrow(/cut\.xml:1:\d+/);
  });

  it.skipIf(!hasSharedData)(
    `reads the same documents from the real files with and without the cut (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      for (const name of ["medline16n0902.xml.gz", "test_current_medline.xml.gz", "pubmed-29768149.xml"]) {
        const chunks = () => readTextChunks(sharedData(`pubmed-xml/${name}`), { bytesRead: 0 });
        // Without `reread` the reader tracks positions and reads every element; with it, it cuts.
        const everything = await collect(readPubmedXml(chunks(), name));
        const cutFirst = await collect(readPubmedXml(chunks(), name, chunks));
        expect(cutFirst).toEqual(everything);
        expect(everything.length).toBeGreaterThan(0);
      }
    },
  );
});
