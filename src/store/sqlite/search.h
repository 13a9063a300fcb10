// SPDX-License-Identifier: Apache-2.0
#pragma once
// Full-text search on one SQLite reader connection (see store/store.h for the contracts; the
// index itself is maintained by triggers, store/sqlite/migrations.h migration 9).

#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::store::sqlite {

Result<SearchPage> Search(Connection& reader, const SearchQuery& q);
Result<std::vector<search::VocabularyEntry>> SearchVocabulary(Connection& reader, const VocabularyRequest& request);
Result<SearchIndexState> GetSearchIndexState(Connection& reader, const std::string& now_utc);

}  // namespace starprep::store::sqlite
