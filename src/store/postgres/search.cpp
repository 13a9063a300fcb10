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
  // The facets and the page come from one snapshot (READ COMMITTED would take one per statement).
  return pool_.Write([&](Conn& c) -> Result<SearchPage> {
    if (auto s = c.Run(sql::kJobListSnapshot); !s) return s.error();
    SearchPage page;
    if (q.count) {
      auto facets = c.Exec(sql::kSearchFacets, match, q.now_utc, f.type, f.role, f.kind, f.competency, f.remote);
      if (!facets) return facets.error();
      page.total = facets->size();
      for (int r = 0; r < facets->size(); ++r)
        CountFacets(page.facets, facets->View(r, 0), facets->View(r, 1), facets->View(r, 2), facets->View(r, 3),
                    facets->View(r, 4));
      if (page.total == 0) return page;
    }
    if (q.limit <= 0) return page;
    auto rows = c.Exec(sql::kSearchPage, match, q.now_utc, f.type, f.role, f.kind, f.competency, f.remote, exact,
                       q.limit, q.offset < 0 ? 0 : q.offset);
    if (!rows) return rows.error();
    page.hits.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) {
      SearchHit hit;
      hit.type = rows->Text(r, 0);
      hit.id = rows->Text(r, 1);
      hit.slug = rows->Text(r, 2);
      const auto roles = DecodeBarList(rows->View(r, 3));
      if (!roles.empty() && roles.front() != jobs::kOtherRole) hit.role = roles.front();
      hit.title = rows->Text(r, 4);
      hit.snippet = search::SplitSnippet(rows->View(r, 5));
      hit.score = rows->Double(r, 6);
      hit.exact = rows->Bool(r, 7);
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

}  // namespace starprep::store::postgres
