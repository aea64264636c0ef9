import { describe, expect, it } from "vitest";
import { hasSharedData, SKIP_REASON, sharedData } from "../../test/shared-data.ts";
import { collect, inChunks } from "../../test/text-chunks.ts";
import type { EvidenceDocument } from "../evidence/index.ts";
import { parsePublicationDate, readPubmedXml } from "./pubmed-xml.ts";
import { readTextChunks } from "./source-file.ts";
import type { SourceRecord } from "./source-record.ts";

function documents(records: SourceRecord[]): EvidenceDocument[] {
  return records.flatMap((record) => (record.kind === "document" ? [record.document] : []));
}

const CURRENT = `<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet>
<PubmedArticleSet>
  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">111</PMID>
      <Article>
        <Journal><JournalIssue><PubDate><Year>2021</Year><Month>Mar</Month><Day>9</Day></PubDate></JournalIssue>
          <Title>The Spine Journal</Title></Journal>
        <ArticleTitle>Bracing for <i>pars</i> defects&nbsp;in athletes</ArticleTitle>
        <Abstract>
          <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Spondylolysis is a stress fracture of the
            pars interarticularis with a &#946;<sub>2</sub> mention.</AbstractText>
          <AbstractText Label="FINDINGS">Most healed.</AbstractText>
        </Abstract>
        <AuthorList><Author><LastName>Lee</LastName><ForeName>Ann</ForeName><Initials>A</Initials></Author>
          <Author><CollectiveName>Spine Study Group</CollectiveName></Author></AuthorList>
        <Language>eng</Language>
        <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>
          <PublicationType UI="D000078182">Systematic Review</PublicationType></PublicationTypeList>
        <ELocationID EIdType="doi" ValidYN="Y">10.1000/ABC.123</ELocationID>
      </Article>
      <MeshHeadingList>
        <MeshHeading><DescriptorName UI="D013167" MajorTopicYN="Y">Spondylolysis</DescriptorName>
          <QualifierName UI="Q000628" MajorTopicYN="N">therapy</QualifierName></MeshHeading>
      </MeshHeadingList>
      <KeywordList><Keyword>bracing</Keyword></KeywordList>
      <CommentsCorrectionsList>
        <CommentsCorrections RefType="Cites"><RefSource>Other</RefSource><PMID Version="1">999</PMID></CommentsCorrections>
      </CommentsCorrectionsList>
    </MedlineCitation>
    <PubmedData>
      <ArticleIdList><ArticleId IdType="pubmed">111</ArticleId><ArticleId IdType="pmc">PMC42</ArticleId></ArticleIdList>
      <ReferenceList><Reference><Citation>Ref</Citation>
        <ArticleIdList><ArticleId IdType="doi">10.9/not-this-one</ArticleId></ArticleIdList></Reference></ReferenceList>
    </PubmedData>
  </PubmedArticle>
  <PubmedArticle>
    <MedlineCitation><PMID Version="1">222</PMID>
      <Article><ArticleTitle>A retracted trial</ArticleTitle>
        <PublicationTypeList><PublicationType>Randomized Controlled Trial</PublicationType></PublicationTypeList></Article>
      <CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>Notice</RefSource></CommentsCorrections>
      </CommentsCorrectionsList>
    </MedlineCitation>
  </PubmedArticle>
  <DeleteCitation><PMID Version="1">333</PMID><PMID Version="1">444</PMID></DeleteCitation>
</PubmedArticleSet>`;

describe("PubMed XML reader", () => {
  it("reads the current PubmedArticleSet format, whatever the chunking", async () => {
    for (const size of [7, 64, 100_000]) {
      const records = await collect(readPubmedXml(inChunks(CURRENT, size), "current.xml"));
      expect(records).toHaveLength(3);
      const [first, second] = documents(records);
      expect(first).toMatchObject({
        id: "pubmed:111",
        source: "pubmed",
        pmid: "111",
        title: "Bracing for pars defects\u00a0in athletes",
        journal: "The Spine Journal",
        publicationDate: { year: 2021, month: 3, day: 9 },
        doi: "10.1000/abc.123",
        pmcid: "PMC42",
        language: "eng",
        keywords: ["bracing"],
        evidenceLevel: "systematic-review",
        retracted: false,
        authors: [
          { lastName: "Lee", foreName: "Ann", initials: "A" },
          { collectiveName: "Spine Study Group" },
        ],
        mesh: [
          {
            descriptor: "Spondylolysis",
            descriptorUi: "D013167",
            majorTopic: true,
            qualifiers: [{ name: "therapy", ui: "Q000628", majorTopic: false }],
          },
        ],
      });
      expect(first?.abstract).toEqual([
        {
          label: "BACKGROUND",
          nlmCategory: "BACKGROUND",
          text: "Spondylolysis is a stress fracture of the pars interarticularis with a β2 mention.",
        },
        { label: "FINDINGS", nlmCategory: "RESULTS", text: "Most healed." },
      ]);
      expect(second).toMatchObject({ id: "pubmed:222", retracted: true, evidenceLevel: "randomized-trial" });
      expect(records[2]).toEqual({ kind: "deletion", ids: ["pubmed:333", "pubmed:444"] });
    }
  });

  it("reads the legacy MedlineCitationSet format", async () => {
    const legacy = `<MedlineCitationSet><MedlineCitation><PMID>5</PMID><Article>
      <Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue></Journal>
      <ArticleTitle>Old</ArticleTitle><Abstract><AbstractText>Plain abstract.</AbstractText></Abstract></Article>
      </MedlineCitation></MedlineCitationSet>`;
    const [document] = documents(await collect(readPubmedXml(inChunks(legacy), "legacy.xml")));
    expect(document).toMatchObject({
      id: "pubmed:5",
      title: "Old",
      publicationDate: { year: 1998, month: 12 },
      abstract: [{ text: "Plain abstract." }],
      evidenceLevel: "unclassified",
    });
  });

  it("stops at malformed XML with the file, line and column", async () => {
    const broken =
      "<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation><PMID>1</PMID></Oops>\n</PubmedArticleSet>";
    await expect(collect(readPubmedXml(inChunks(broken), "broken.xml"))).rejects.toThrow(/broken\.xml:3:\d+/);
    await expect(
      collect(readPubmedXml(inChunks(broken), "broken.xml", () => inChunks(broken))),
    ).rejects.toThrow(/broken\.xml:3:\d+.*Fix or re-download/);
  });

  it("says where a citation without a PMID is: its line, or its place when lines are not tracked", async () => {
    const missing =
      "<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>\n" +
      "<PubmedArticle><MedlineCitation><Article><ArticleTitle>T</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>";
    await expect(collect(readPubmedXml(inChunks(missing), "m.xml"))).rejects.toThrow(
      /^m\.xml:3: a citation has no PMID/,
    );
    await expect(collect(readPubmedXml(inChunks(missing), "m.xml", () => inChunks(missing)))).rejects.toThrow(
      /^m\.xml, citation 2: a citation has no PMID/,
    );
  });

  it("rejects XML that is not PubMed", async () => {
    await expect(collect(readPubmedXml(inChunks("<html><body/></html>"), "page.xml"))).rejects.toThrow(
      /root element <html> is not PubMed XML/,
    );
    await expect(collect(readPubmedXml(inChunks("   \n"), "blank.xml"))).rejects.toThrow(/no XML elements/);
  });

  it("parses publication dates in every PubMed form", () => {
    expect(parsePublicationDate({ year: "2020", month: "02", day: "30" })).toEqual({
      year: 2020,
      month: 2,
      day: 30,
    });
    expect(parsePublicationDate({ year: "2020", month: "Spring" })).toEqual({ year: 2020 });
    expect(parsePublicationDate({ medlineDate: "2000 Winter" })).toEqual({ year: 2000 });
    expect(parsePublicationDate({})).toBeUndefined();
  });

  it.skipIf(!hasSharedData)(
    `reads the real sample files (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      const read = async (name: string) =>
        collect(readPubmedXml(readTextChunks(sharedData(`pubmed-xml/${name}`), { bytesRead: 0 }), name));
      const legacy = await read("medline16n0902.xml.gz");
      expect(documents(legacy)).toHaveLength(604);
      expect(legacy.filter((record) => record.kind === "deletion")).toEqual([
        { kind: "deletion", ids: ["pubmed:26432306"] },
      ]);
      const current = documents(await read("test_current_medline.xml.gz"));
      expect(current.map((document) => document.id)).toHaveLength(4);
      expect(current.find((document) => document.id === "pubmed:36400559")).toMatchObject({
        title: "Back Pain: Differential Diagnosis and Management.",
        evidenceLevel: "narrative-review",
        doi: "10.1016/j.ncl.2022.07.002",
      });
      const [nejm] = documents(await read("pubmed-29768149.xml"));
      expect(nejm).toMatchObject({
        id: "pubmed:29768149",
        evidenceLevel: "randomized-trial",
        journal: "The New England journal of medicine",
      });
      expect(nejm?.abstract.map((section) => section.label)).toEqual([
        "BACKGROUND",
        "METHODS",
        "RESULTS",
        "CONCLUSIONS",
      ]);
      expect(nejm?.mesh).toHaveLength(23);
    },
  );
});
