// SPDX-License-Identifier: Apache-2.0
#pragma once
// Full-text search on one SQLite reader connection (see store/store.h for the contracts; the
// index itself is maintained by triggers, store/sqlite/migrations.h migration 9; the cold path:
// store/sqlite/search_docs.h).

#include <vector>

#include "store/sqlite/db.h"
#include "store/sqlite/search_docs.h"
#include "store/store.h"

namespace starprep::store::sqlite {

// Store::Search, with the documents' filter and facet values from `cache` (rebuilt in this
// read's snapshot when the content or jobs version changed) and a bounded ranking: see
// SearchOrder (search_docs.h) for the order of the hits.
Result<SearchPage> Search(Connection& reader, SearchDocsCache& cache, const SearchQuery& q);
// Store::WarmSearch: builds `cache`'s documents for the index as `reader` sees it now.
Status WarmSearch(Connection& reader, SearchDocsCache& cache);
Result<std::vector<search::VocabularyEntry>> SearchVocabulary(Connection& reader, const VocabularyRequest& request);
Result<SearchIndexState> GetSearchIndexState(Connection& reader, const std::string& now_utc);

}  // namespace starprep::store::sqlite
