// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/search.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <utility>

#include "store/codec.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

// Jobs ranked per group (exact, typo) of a search: the newest matches passing the filter (every
// question and role is ranked too). bm25 costs a few microseconds a row (it reads the row's
// column sizes), so this bounds a search's scoring to a few milliseconds however many match.
constexpr std::size_t kRankedJobs = 1000;
constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kHighest = std::numeric_limits<std::int64_t>::max();
constexpr const char* kTakeFunction = "starprep_search_take";

Result<std::vector<SearchDocRow>> ReadDocs(Connection& reader) {
  auto stmt = Statement::Prepare(reader, sql::kSearchDocs);
  if (!stmt) return stmt.error();
  std::vector<SearchDocRow> rows;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back({stmt->ColumnInt64(0), stmt->ColumnText(1), stmt->ColumnText(2), stmt->ColumnText(3),
                    stmt->ColumnText(4), stmt->ColumnText(5), stmt->ColumnText(6), stmt->ColumnText(7)});
  }
}

// Every rowid `expression` matches, ascending.
Result<std::vector<std::int64_t>> Matches(Connection& reader, const std::string& expression) {
  auto stmt = Statement::Prepare(reader, sql::kSearchMatches);
  if (!stmt) return stmt.error();
  stmt->Bind(expression, kLowest, kHighest);
  std::vector<std::int64_t> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(stmt->ColumnInt64(0));
  }
}

// What starprep_search_take sees of one search: each match of the scan, in scan order.
struct Scan {
  const SearchDocs* docs = nullptr;
  const SearchDocs::Filter* filter = nullptr;
  const std::vector<std::int64_t>* exact = nullptr;  // the exact matches (null: every match is exact)
  SearchOrder* order = nullptr;
  std::vector<int>* tally = nullptr;  // null: no facets
  int total = 0;
  std::uint32_t hint = 0;  // the previous match's position (the scan is ascending within a range)

  // True when the match joins a ranked window (its score is wanted).
  bool Take(std::int64_t docid) {
    std::uint32_t pos = docs->Find(docid, hint);
    if (pos == SearchDocs::kNone) pos = docs->Find(docid);  // a new range starts below the hint
    if (pos == SearchDocs::kNone) return false;             // not in this snapshot's documents (cannot happen)
    hint = pos;
    if (!docs->Passes(pos, *filter)) return false;
    const bool is_exact = exact == nullptr || std::binary_search(exact->begin(), exact->end(), docid);
    ++total;
    if (tally != nullptr) docs->Tally(pos, *tally);
    return order->Add(docid, docs->IsJob(pos), is_exact);
  }
};

void TakeFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  auto* scan = static_cast<Scan*>(sqlite3_user_data(context));
  sqlite3_result_int(context, scan->Take(sqlite3_value_int64(argv[0])) ? 1 : 0);
}

// Runs kSearchHits (?1 expression, ?2..?3 range, ?4 JSON rowids) over `docids` (ascending, not
// empty): one range, as setting the expression up costs more than walking the matches between.
template <class F>
Status ForRows(Connection& reader, const std::string& expression, const std::vector<std::int64_t>& docids, F&& each) {
  auto stmt = Statement::Prepare(reader, sql::kSearchHits);
  if (!stmt) return stmt.error();
  std::string json = "[";
  for (std::size_t i = 0; i < docids.size(); ++i) json += (i > 0 ? "," : "") + std::to_string(docids[i]);
  json += ']';
  stmt->Bind(expression, docids.front(), docids.back(), json);
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return {};
    each(*stmt);
  }
}

}  // namespace

Result<SearchPage> Search(Connection& reader, SearchDocsCache& cache, const SearchQuery& q) {
  SearchPage page;
  if (q.query.empty()) return page;
  const std::string match = search::Fts5Expression(q.query, true);
  const std::string exact = search::HasTypos(q.query) ? search::Fts5Expression(q.query, false) : "";
  // The scan's function sees this search's state; registered before any statement of the
  // search runs (SQLite refuses to replace a function while a statement is active).
  Scan scan;
  if (sqlite3_create_function_v2(reader.handle(), kTakeFunction, 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, &scan,
                                 &TakeFunction, nullptr, nullptr, nullptr) != SQLITE_OK)
    return Error{ErrorCode::kInternal,
                 std::string("cannot register the search scan function: ") + sqlite3_errmsg(reader.handle())};
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // documents, matches and page from one snapshot
  if (!tx) return tx.error();
  SearchDocsStamp stamp;
  {
    auto stmt = Statement::Prepare(reader, sql::kSearchDocsStamp);
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Error{ErrorCode::kInternal, "the search documents' stamp query returned no row"};
    stamp = {stmt->ColumnInt64(0), stmt->ColumnInt64(1)};
  }
  auto docs_or = cache.Get(stamp, [&] { return ReadDocs(reader); });
  if (!docs_or) return docs_or.error();
  const SearchDocs& docs = **docs_or;
  const SearchDocs::Filter filter = docs.Compile(q.filter, q.now_utc);
  std::vector<std::int64_t> exact_matches;
  if (!exact.empty()) {
    auto found = Matches(reader, exact);
    if (!found) return found.error();
    exact_matches = std::move(*found);
  }

  // One walk of the matches computes the total, the facets and the ranked windows' scores. Even
  // without a count (suggestions) it walks every match: setting a prefix up costs FTS5 more than
  // walking its matches (it merges the doclists of every word with that prefix), so one walk
  // beats two ranges with an early stop.
  SearchOrder order(kRankedJobs);
  std::vector<int> tally = q.count ? docs.NewTally() : std::vector<int>();
  scan = {&docs, &filter, exact.empty() ? nullptr : &exact_matches, &order, q.count ? &tally : nullptr};
  const std::size_t offset = q.offset < 0 ? 0 : static_cast<std::size_t>(q.offset);
  std::unordered_map<std::int64_t, double> scores;
  {
    auto stmt = Statement::Prepare(reader, sql::kSearchScan);
    if (!stmt) return stmt.error();
    stmt->Bind(match, kLowest, kHighest);
    for (;;) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      if (!stmt->ColumnIsNull(1)) scores[stmt->ColumnInt64(0)] = stmt->ColumnDouble(1);
    }
  }
  if (q.count) {
    page.total = scan.total;
    page.facets = docs.Facets(tally);
  }
  if (scan.total == 0 || q.limit <= 0) return page;

  const auto score = [&](std::int64_t docid) {
    const auto it = scores.find(docid);
    return it == scores.end() ? 0.0 : it->second;
  };
  const auto tie = [&](std::int64_t docid) {
    const std::uint32_t pos = docs.Find(docid);
    return pos == SearchDocs::kNone ? std::pair<std::string, std::string>()
                                    : std::pair{docs.DocType(pos), docs.Ref(pos)};
  };
  const auto entries = order.Page(offset, static_cast<std::size_t>(q.limit), score, tie);
  std::vector<std::int64_t> wanted;
  wanted.reserve(entries.size());
  for (const auto& e : entries) wanted.push_back(e.docid);
  std::sort(wanted.begin(), wanted.end());
  std::unordered_map<std::int64_t, SearchHit> hits;
  const auto read_hit = [&](Statement& row) {
    SearchHit hit;
    hit.type = row.ColumnText(1);
    hit.id = row.ColumnText(2);
    hit.slug = row.ColumnText(3);
    const auto roles = DecodeBarList(row.ColumnText(4));
    if (!roles.empty() && roles.front() != jobs::kOtherRole) hit.role = roles.front();
    hit.title = row.ColumnText(5);
    hit.snippet = search::SplitSnippet(row.ColumnText(6));
    hit.score = row.ColumnDouble(7);
    hits.emplace(row.ColumnInt64(0), std::move(hit));
  };
  if (wanted.empty()) return page;
  if (auto s = ForRows(reader, match, wanted, read_hit); !s) return s.error();
  for (const auto& e : entries) {
    auto it = hits.find(e.docid);
    if (it == hits.end()) continue;
    it->second.exact = e.exact;
    page.hits.push_back(std::move(it->second));
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
