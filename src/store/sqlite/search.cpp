// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/search.h"

#include "store/codec.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {

Result<SearchPage> Search(Connection& reader, const SearchQuery& q) {
  SearchPage page;
  if (q.query.empty()) return page;
  const std::string match = search::Fts5Expression(q.query, true);
  const std::string exact = search::HasTypos(q.query) ? search::Fts5Expression(q.query, false) : "";
  const SearchFilter& f = q.filter;
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // facets and page from one snapshot
  if (!tx) return tx.error();
  if (q.count) {
    auto facets = Statement::Prepare(reader, sql::kSearchFacets);
    if (!facets) return facets.error();
    facets->Bind(match, q.now_utc, f.type, f.role, f.kind, f.competency, f.remote);
    for (;;) {
      auto row = facets->Step();
      if (!row) return row.error();
      if (!*row) break;
      ++page.total;
      CountFacets(page.facets, facets->ColumnText(0), facets->ColumnText(1), facets->ColumnText(2),
                  facets->ColumnText(3), facets->ColumnText(4));
    }
  }
  if ((q.count && page.total == 0) || q.limit <= 0) return page;
  auto list = Statement::Prepare(reader, sql::kSearchPage);
  if (!list) return list.error();
  list->Bind(match, q.now_utc, f.type, f.role, f.kind, f.competency, f.remote, exact, q.limit,
             q.offset < 0 ? 0 : q.offset);
  for (;;) {
    auto row = list->Step();
    if (!row) return row.error();
    if (!*row) break;
    SearchHit hit;
    hit.type = list->ColumnText(0);
    hit.id = list->ColumnText(1);
    hit.slug = list->ColumnText(2);
    const auto roles = DecodeBarList(list->ColumnText(3));
    if (!roles.empty() && roles.front() != jobs::kOtherRole) hit.role = roles.front();
    hit.title = list->ColumnText(4);
    hit.snippet = search::SplitSnippet(list->ColumnText(5));
    hit.score = list->ColumnDouble(6);
    hit.exact = list->ColumnBool(7);
    page.hits.push_back(std::move(hit));
  }
  return page;
}

Result<std::vector<search::VocabularyEntry>> SearchVocabulary(Connection& reader, const VocabularyRequest& request) {
  std::vector<search::VocabularyEntry> out;
  if (request.limit <= 0) return out;
  auto stmt = Statement::Prepare(reader, sql::kSearchVocabulary);
  if (!stmt) return stmt.error();
  stmt->Bind(request.prefix, request.min_length, request.max_length, request.limit);
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({stmt->ColumnText(0), stmt->ColumnInt64(1)});
  }
}

Result<SearchIndexState> GetSearchIndexState(Connection& reader, const std::string& now_utc) {
  auto stmt = Statement::Prepare(reader, sql::kSearchIndexState);
  if (!stmt) return stmt.error();
  stmt->Bind(now_utc);
  auto row = stmt->Step();
  if (!row) return row.error();
  if (!*row) return Error{ErrorCode::kInternal, "the search index state query returned no row"};
  return SearchIndexState{stmt->ColumnInt64(0), stmt->ColumnInt64(1), stmt->ColumnText(2)};
}

}  // namespace starprep::store::sqlite
