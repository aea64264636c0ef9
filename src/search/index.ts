export { MAX_QUERY_CHARACTERS, queryTerms } from "./query-terms.ts";
export {
  type SearchOptions,
  type SearchOutcome,
  type SearchResult,
  searchDocuments,
} from "./search-documents.ts";
