// SPDX-License-Identifier: Apache-2.0
// PostgresStore: full-text search (store/store.h has the contracts; the SQLite twin is
// store/sqlite/search.cpp). The index is maintained by triggers (postgres/migrations.h, migration 2).
#include "store/codec.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {

Result<SearchPage> PostgresStore::Search(const SearchQuery& q) {
  if (q.query.empty()) return SearchPage{};
  const std::string match = search::TsQueryExpression(q.query, true);
  const std::string exact = search::HasTypos(q.query) ? search::TsQueryExpression(q.query, false) : "";
  const SearchFilter& f = q.filter;
  const bool page_rows = q.limit > 0;
  if (!q.count && !page_rows) return SearchPage{};
  // One statement, so one snapshot: the facets (summing to the total) and the page agree.
  const char* statement = !q.count ? sql::kSearchPage : page_rows ? sql::kSearchFacetsAndPage : sql::kSearchFacets;
  return pool_.Read([&](Conn& c) -> Result<SearchPage> {
    auto rows = page_rows ? c.Exec(statement, match, q.now_utc, f.type, f.role, f.kind, f.competency, f.remote, exact,
                                   q.limit, q.offset < 0 ? 0 : q.offset)
                          : c.Exec(statement, match, q.now_utc, f.type, f.role, f.kind, f.competency, f.remote, exact);
    if (!rows) return rows.error();
    SearchPage page;
    for (int r = 0; r < rows->size(); ++r) {
      if (rows->View(r, 0) == "f") {
        const auto documents = static_cast<int>(rows->Int(r, 12));
        page.total += documents;
        CountFacets(page.facets, rows->View(r, 1), rows->View(r, 4), rows->View(r, 9), rows->View(r, 10),
                    rows->View(r, 11), documents);
        continue;
      }
      SearchHit hit = SearchHitFrom(rows->Text(r, 1), rows->Text(r, 2), rows->Text(r, 3), rows->View(r, 4),
                                    rows->Text(r, 5), rows->View(r, 6));
      hit.score = rows->Double(r, 7);
      hit.exact = rows->Bool(r, 8);
      page.hits.push_back(std::move(hit));
    }
    return page;
  });
}

Result<std::vector<search::VocabularyEntry>> PostgresStore::SearchVocabulary(const VocabularyRequest& request) {
  if (request.limit <= 0) return std::vector<search::VocabularyEntry>{};
  return pool_.Read([&](Conn& c) -> Result<std::vector<search::VocabularyEntry>> {
    auto rows = c.Exec(sql::kSearchVocabulary, request.prefix, request.min_length, request.max_length, request.limit);
    if (!rows) return rows.error();
    std::vector<search::VocabularyEntry> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) out.push_back({rows->Text(r, 0), rows->Int(r, 1)});
    return out;
  });
}

Result<SearchIndexState> PostgresStore::GetSearchIndexState(const std::string& now_utc) {
  return pool_.Read([&](Conn& c) -> Result<SearchIndexState> {
    auto rows = c.Exec(sql::kSearchIndexState, now_utc);
    if (!rows) return rows.error();
    if (rows->size() != 1) return Error{ErrorCode::kInternal, "the search index state query returned no row"};
    return SearchIndexState{rows->Int(0, 0), rows->Int(0, 1), rows->Text(0, 2)};
  });
}

// Nothing is kept in memory per index state here (every search reads the index itself).
Status PostgresStore::WarmSearch(const std::vector<search::VocabularyEntry>& /*vocabulary*/) {
  return {};
}

}  // namespace starprep::store::postgres
