// SPDX-License-Identifier: Apache-2.0
#pragma once
// Full-text search on one SQLite reader connection (see store/store.h for the contracts; the
// index itself is maintained by triggers, store/sqlite/migrations.h migration 9; the cold path:
// store/sqlite/search_docs.h).

#include <cstdint>
#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/sqlite/search_docs.h"
#include "store/store.h"

namespace starprep::store::sqlite {

// Store::Search, with the documents' filter and facet values from `cache` (rebuilt in this
// read's snapshot when the content or jobs version changed) and a bounded ranking: see
// SearchOrder (search_docs.h) for the order of the hits.
Result<SearchPage> Search(Connection& reader, SearchDocsCache& cache, const SearchQuery& q);
// Store::WarmSearch: builds `cache`'s documents for the index as `reader` sees it now, and with
// them the stems of `vocabulary`'s words (SearchDocs::SetStems) and the document sets of the stems
// in 1 % of the documents or more, the most frequent first (up to SearchDocs::kMaxWarmSetBytes).
Status WarmSearch(Connection& reader, SearchDocsCache& cache, const std::vector<search::VocabularyEntry>& vocabulary);
// After a batch write (a jobs import, a content import): merges search_index's segments into one
// when there are more than kMaxSearchSegments. Every write transaction adds a segment (FTS5's
// automerge keeps them to a few per level: 16 after importing 100,000 postings in batches), and
// every phrase of every search statement looks its word up in each segment and merges what it
// finds: measured at 100,000 postings, a 3-word search with a common word's completions set up
// in 3.3 ms over 16 segments and 0.08 ms over one. Costs about 0.7 s at 100,000 postings (the
// whole index is rewritten), once per batch write that left the index fragmented. Best effort:
// a failure leaves the index as it was (correct, only slower).
inline constexpr std::int64_t kMaxSearchSegments = 4;
void CompactSearchIndex(Connection& writer);
// search_index's segments now.
Result<std::int64_t> SearchSegments(Connection& conn);
Result<std::vector<search::VocabularyEntry>> SearchVocabulary(Connection& reader, const VocabularyRequest& request);
Result<SearchIndexState> GetSearchIndexState(Connection& reader, const std::string& now_utc);

}  // namespace starprep::store::sqlite
