// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/search.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>

#include "store/codec.h"
#include "store/job_list_index.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

// Jobs ranked per group (exact, typo) of a search: the newest matches passing the filter (every
// question and role is ranked too). bm25 costs a few microseconds a row (it reads the row's
// column sizes), so this bounds a search's scoring to a few milliseconds however many match.
constexpr std::size_t kRankedJobs = 1000;
// The same for a suggestion list (SearchQuery::quick): 5 hits, and bm25 of 1,000 jobs alone would
// take its whole time budget. Without counts the walk of the jobs stops once the exact group
// holds its ranked window's jobs (or the page's end).
constexpr std::size_t kRankedJobsQuick = 200;
// The scan reads the text of the best (offset + limit) matches per group so far when that is at
// most this; a deeper page reads its rows afterwards.
constexpr std::size_t kMaxKept = 100;

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

// A hit's columns as kSearchScan and kSearchHits give them from column `first` on: type, ref,
// slug, roles, title, snippet.
SearchHit ReadHit(const Statement& row, int first) {
  return SearchHitFrom(row.ColumnText(first), row.ColumnText(first + 1), row.ColumnText(first + 2),
                       row.ColumnText(first + 3), row.ColumnText(first + 4), row.ColumnText(first + 5));
}

// The exact matches of a rowid range (kSearchMatches), stepped along with the scan of the same
// range (both ascending), so a walk that stops early reads no further exact matches either.
class ExactCursor {
 public:
  static Result<ExactCursor> Open(Connection& reader, const std::string& expression, std::int64_t lo, std::int64_t hi) {
    auto stmt = Statement::Prepare(reader, sql::kSearchMatches);
    if (!stmt) return stmt.error();
    stmt->Bind(expression, lo, hi);
    return ExactCursor(std::move(*stmt));
  }
  // True when `id` (not below any id asked before) is an exact match; false on an error (error()).
  bool Has(std::int64_t id) {
    while (!done_ && (!started_ || current_ < id)) {
      auto row = stmt_.Step();
      if (!row) {
        error_ = row.error();
        done_ = true;
      } else if (!*row) {
        done_ = true;
      } else {
        current_ = stmt_.ColumnInt64(0);
        started_ = true;
      }
    }
    return !done_ && current_ == id;
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  explicit ExactCursor(Statement stmt) : stmt_(std::move(stmt)) {}
  Statement stmt_;
  std::int64_t current_ = 0;
  bool started_ = false;
  bool done_ = false;
  std::optional<Error> error_;
};

// What the scan's functions see of one search: each match of the scan, in scan order.
// starprep_search_take(rowid) applies the filter, counts and decides whether the match is
// ranked; starprep_search_score(score) records a ranked match's score and decides whether the
// match may be on the page (the `keep` best so far of its group: a match of the final page was
// among the best when it was seen, so nothing it needs is missed); starprep_search_kept() then
// says whether to read the match's text columns and snippet in the same walk.
struct Scan {
  const SearchDocs* docs = nullptr;
  const SearchDocs::Filter* filter = nullptr;
  ExactCursor* exact = nullptr;  // which matches are exact (null: every match is)
  SearchOrder* order = nullptr;
  std::vector<int>* tally = nullptr;  // null: no facets
  std::size_t keep = 0;               // per group: the best so far whose text is read (0: none)
  int total = 0;
  std::uint32_t hint = 0;  // the previous match's position (the scan is ascending)
  std::unordered_map<std::int64_t, double> scores;

  struct Best {
    double score;
    std::pair<std::string, std::string> tie;  // (type, ref)
    bool operator<(const Best& o) const {     // "better": higher score, then lower (type, ref)
      if (score != o.score) return score > o.score;
      return tie < o.tie;
    }
  };
  std::priority_queue<Best> best[2];  // per group, the worst of the best on top
  std::int64_t docid = 0;             // the current match
  std::uint32_t pos = 0;
  bool is_exact = true;
  bool kept = false;

  bool Take(std::int64_t id) {
    kept = false;
    docid = id;
    pos = docs->Find(id, hint);
    if (pos == SearchDocs::kNone) return false;  // not in this snapshot's documents (cannot happen)
    hint = pos;
    if (!docs->Passes(pos, *filter)) return false;
    is_exact = exact == nullptr || exact->Has(id);
    ++total;
    if (tally != nullptr) docs->Tally(pos, *tally);
    return order->Add(id, docs->IsJob(pos), is_exact);
  }
  void Score(double score) {
    scores[docid] = score;
    if (keep == 0) return;
    auto& heap = best[is_exact ? 0 : 1];
    Best b{score, {docs->DocType(pos), docs->Ref(pos)}};
    if (heap.size() < keep) {
      heap.push(std::move(b));
    } else if (b < heap.top()) {
      heap.pop();
      heap.push(std::move(b));
    } else {
      return;
    }
    kept = true;
  }
};

Scan& ScanOf(sqlite3_context* context) {
  return *static_cast<Scan*>(sqlite3_user_data(context));
}

void TakeFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  sqlite3_result_int(context, ScanOf(context).Take(sqlite3_value_int64(argv[0])) ? 1 : 0);
}
void ScoreFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  const double score = sqlite3_value_double(argv[0]);
  ScanOf(context).Score(score);
  sqlite3_result_double(context, score);
}
void KeptFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** /*argv*/) {
  sqlite3_result_int(context, ScanOf(context).kept ? 1 : 0);
}

// Registers the scan's functions for `scan` (they are called by kSearchScan only: DIRECTONLY).
Status RegisterScan(Connection& reader, Scan& scan) {
  struct Fn {
    const char* name;
    int args;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  for (const Fn& f : {Fn{"starprep_search_take", 1, &TakeFunction}, Fn{"starprep_search_score", 1, &ScoreFunction},
                      Fn{"starprep_search_kept", 0, &KeptFunction}}) {
    if (sqlite3_create_function_v2(reader.handle(), f.name, f.args, SQLITE_UTF8 | SQLITE_DIRECTONLY, &scan, f.fn,
                                   nullptr, nullptr, nullptr) != SQLITE_OK)
      return Error{ErrorCode::kInternal,
                   std::string("cannot register the search scan functions: ") + sqlite3_errmsg(reader.handle())};
  }
  return {};
}

// Runs kSearchHits (?1 expression, ?2..?3 range, ?4 JSON rowids) over `docids` (ascending, not
// empty): one range, as setting the expression up costs more than walking the matches between.
template <class F>
Status ForRows(Connection& reader, const std::string& expression, const std::vector<std::int64_t>& docids, F&& each) {
  auto stmt = Statement::Prepare(reader, sql::kSearchHits);
  if (!stmt) return stmt.error();
  stmt->Bind(expression, docids.front(), docids.back(), IdListJson(docids));
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return {};
    each(*stmt);
  }
}

// The documents of the snapshot `reader` reads (in a transaction: the same snapshot as what
// follows), from `cache` or built now.
Result<std::shared_ptr<const SearchDocs>> CurrentDocs(Connection& reader, SearchDocsCache& cache) {
  SearchDocsStamp stamp;
  {
    auto stmt = Statement::Prepare(reader, sql::kSearchDocsStamp);
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Error{ErrorCode::kInternal, "the search documents' stamp query returned no row"};
    stamp = {stmt->ColumnInt64(0), stmt->ColumnInt64(1)};
  }
  return cache.Get(stamp, [&] { return ReadDocs(reader); });
}

}  // namespace

Status WarmSearch(Connection& reader, SearchDocsCache& cache) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // the stamp and the rows from one snapshot
  if (!tx) return tx.error();
  auto docs = CurrentDocs(reader, cache);
  if (!docs) return docs.error();
  return {};
}

Result<SearchPage> Search(Connection& reader, SearchDocsCache& cache, const SearchQuery& q) {
  SearchPage page;
  if (q.query.empty()) return page;
  const std::string match = search::Fts5Expression(q.query, true);
  const std::string exact = search::HasTypos(q.query) ? search::Fts5Expression(q.query, false) : "";
  // The scan's functions see this search's state; registered before any statement of the
  // search runs (SQLite refuses to replace a function while a statement is active).
  Scan scan;
  if (auto s = RegisterScan(reader, scan); !s) return s.error();
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // documents, matches and page from one snapshot
  if (!tx) return tx.error();
  auto docs_or = CurrentDocs(reader, cache);
  if (!docs_or) return docs_or.error();
  const SearchDocs& docs = **docs_or;
  const SearchDocs::Filter filter = docs.Compile(q.filter, q.now_utc);
  // One walk of the matches computes the total, the facets, the ranked windows' scores and the
  // text of the matches that may be on the page (reading the page's text in the same walk saves
  // setting the expression up again). Without a count (suggestions) nothing needs every match:
  // the jobs (negative rowids, newest first) are walked until the exact group's ranked window
  // and the page are full, then the questions and roles (positive) all.
  const std::size_t ranked_jobs = q.quick ? kRankedJobsQuick : kRankedJobs;
  SearchOrder order(ranked_jobs);
  std::vector<int> tally = q.count ? docs.NewTally() : std::vector<int>();
  scan.docs = &docs;
  scan.filter = &filter;
  scan.order = &order;
  scan.tally = q.count ? &tally : nullptr;
  const std::size_t offset = q.offset < 0 ? 0 : static_cast<std::size_t>(q.offset);
  const std::size_t limit = q.limit < 0 ? 0 : static_cast<std::size_t>(q.limit);
  scan.keep = offset + limit <= kMaxKept ? offset + limit : 0;  // deep pages read their text afterwards
  std::unordered_map<std::int64_t, SearchHit> hits;
  // With counts every match is walked: one range, [min, max]. Without, the jobs' range
  // [min, -1] is walked only until the exact group holds jobs_wanted jobs, which settle its
  // ranked window and every page within them (the rest of the jobs can only come after them),
  // then the questions' and roles' range [0, max] in full.
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::size_t jobs_wanted = std::max(ranked_jobs, offset + limit);
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges{{kMin, kMax}};
  if (!q.count) ranges = {{kMin, -1}, {0, kMax}};
  for (const auto& [lo, hi] : ranges) {
    std::optional<ExactCursor> cursor;
    if (!exact.empty()) {
      auto opened = ExactCursor::Open(reader, exact, lo, hi);
      if (!opened) return opened.error();
      cursor.emplace(std::move(*opened));
    }
    scan.exact = cursor ? &*cursor : nullptr;
    auto stmt = Statement::Prepare(reader, sql::kSearchScan);
    if (!stmt) return stmt.error();
    stmt->Bind(match, lo, hi);
    while (!(hi < 0 && order.Jobs(true) >= jobs_wanted)) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      if (!stmt->ColumnIsNull(2)) hits.insert_or_assign(stmt->ColumnInt64(0), ReadHit(*stmt, 2));
    }
    if (cursor && cursor->error()) return *cursor->error();
    scan.exact = nullptr;
  }
  if (q.count) {
    page.total = scan.total;
    page.facets = docs.Facets(tally);
  }
  if (scan.total == 0 || q.limit <= 0) return page;

  const auto score = [&](std::int64_t docid) {
    const auto it = scan.scores.find(docid);
    return it == scan.scores.end() ? 0.0 : it->second;
  };
  const auto tie = [&](std::int64_t docid) {
    const std::uint32_t pos = docs.Find(docid);
    return pos == SearchDocs::kNone ? std::pair<std::string, std::string>()
                                    : std::pair{docs.DocType(pos), docs.Ref(pos)};
  };
  const auto entries = order.Page(offset, limit, score, tie);
  // The page's matches whose text the walk did not read (a deep page, the unranked jobs).
  std::vector<std::int64_t> missing;
  for (const auto& e : entries)
    if (hits.find(e.docid) == hits.end()) missing.push_back(e.docid);
  std::sort(missing.begin(), missing.end());
  if (!missing.empty()) {
    const auto read = [&](Statement& row) {
      SearchHit hit = ReadHit(row, 1);
      hit.score = row.ColumnDouble(7);
      hits.insert_or_assign(row.ColumnInt64(0), std::move(hit));
    };
    if (auto s = ForRows(reader, match, missing, read); !s) return s.error();
  }
  for (const auto& e : entries) {
    auto it = hits.find(e.docid);
    if (it == hits.end()) continue;
    it->second.exact = e.exact;
    if (const auto ranked = scan.scores.find(e.docid); ranked != scan.scores.end()) it->second.score = ranked->second;
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
