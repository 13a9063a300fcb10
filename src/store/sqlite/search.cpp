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
#include "store/sqlite/rank.h"

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

constexpr std::int64_t kMinRowid = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxRowid = std::numeric_limits<std::int64_t>::max();

// The documents matching `phrase` alone (one phrase of an Fts5Tree, as written there): kept by
// `docs` (the warm-up's, or an earlier search's), else FTS5's answer (kSearchMatches: its
// doclist, rowids only), kept when `warm` or large enough to be worth keeping.
Result<std::shared_ptr<const DocSet>> PhraseMatches(Connection& reader, const SearchDocs& docs,
                                                    const std::string& phrase, bool warm) {
  if (auto kept = docs.PhraseSet(phrase)) {
    if (warm) docs.KeepPhraseSet(phrase, kept, true);  // a search's set becomes the warm-up's
    return kept;
  }
  auto stmt = Statement::Prepare(reader, sql::kSearchMatches);
  if (!stmt) return stmt.error();
  stmt->Bind(phrase, kMinRowid, kMaxRowid);
  auto set = std::make_shared<DocSet>(docs.size());
  std::uint32_t hint = 0;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) break;
    const std::uint32_t pos = docs.Find(stmt->ColumnInt64(0), hint);
    if (pos == SearchDocs::kNone) continue;  // not in this snapshot's documents (cannot happen)
    set->Add(pos);
    hint = pos;
  }
  if (warm || set->count() >= SearchDocs::kMinCachedPhraseDocs) docs.KeepPhraseSet(phrase, set, warm);
  return std::shared_ptr<const DocSet>(std::move(set));
}

// The phrases that rank as one: per prefix clause whose completions are every word with its
// prefix (Clause::all_completions), its word's and its completions' phrases, which stand for the
// prefix operator FTS5 would otherwise set up at great cost (search::Fts5Expression).
std::vector<std::vector<std::string>> PrefixGroups(const search::Query& query) {
  std::vector<std::vector<std::string>> groups;
  for (const search::Clause& c : query.clauses) {
    if (!c.prefix || c.phrase || !c.all_completions) continue;
    std::vector<std::string> group{search::Fts5Word(c.words.front())};
    for (const std::string& w : c.completions) group.push_back(search::Fts5Word(w));
    groups.push_back(std::move(group));
  }
  return groups;
}

// The index's stem of each vocabulary word (its tokenizer, run on them in a TEMP table: kCreateStems).
Result<std::unordered_map<std::string, std::string>> StemsOf(Connection& reader,
                                                             const std::vector<search::VocabularyEntry>& vocabulary) {
  if (auto s = reader.Exec(sql::kCreateStems); !s) return s.error();
  auto insert = Statement::Prepare(reader, sql::kInsertStemWord);
  if (!insert) return insert.error();
  for (std::size_t i = 0; i < vocabulary.size(); ++i) {
    insert->Bind(static_cast<std::int64_t>(i), vocabulary[i].term);
    if (auto s = insert->Run(); !s) return s.error();
    insert->Reset();
  }
  auto read = Statement::Prepare(reader, sql::kStems);
  if (!read) return read.error();
  std::unordered_map<std::string, std::string> stems;
  std::vector<std::string> split;  // words the tokenizer made two tokens of (none expected): no stem
  for (;;) {
    auto row = read->Step();
    if (!row) return row.error();
    if (!*row) break;
    const auto i = static_cast<std::size_t>(read->ColumnInt64(1));
    if (i >= vocabulary.size()) continue;
    if (!stems.try_emplace(vocabulary[i].term, read->ColumnText(0)).second) split.push_back(vocabulary[i].term);
  }
  for (const auto& word : split) stems.erase(word);
  return stems;
}

// An Fts5Expression's matches without walking them: its phrases' document sets combined as the
// expression combines them, and each phrase's count for starprep_bm25 (rank.h): the documents
// matching it, or for a phrase of a prefix group (PrefixGroups(query)) those matching any
// phrase of the group, the count the prefix operator's one phrase had.
struct ExpressionMatches {
  DocSet all;
  PhraseDocs counts;
};
Result<ExpressionMatches> MatchesOf(Connection& reader, const SearchDocs& docs, const std::string& expression,
                                    const search::Query& query) {
  const auto tree = search::ParseFts5Expression(expression);
  if (!tree) return Error{ErrorCode::kInternal, "a search expression did not parse (search::ParseFts5Expression)"};
  std::unordered_map<std::string, std::shared_ptr<const DocSet>> sets;
  std::vector<const DocSet*> raw;
  ExpressionMatches out;
  for (const std::string& phrase : tree->phrases) {
    auto& set = sets[phrase];
    if (!set) {
      auto found = PhraseMatches(reader, docs, phrase, false);
      if (!found) return found.error();
      set = std::move(*found);
    }
    raw.push_back(set.get());
  }
  out.all = Evaluate(*tree, raw);
  std::unordered_map<std::string, std::int64_t> grouped;  // phrase -> its group's documents
  for (const auto& group : PrefixGroups(query)) {
    DocSet any(docs.size());
    for (const std::string& phrase : group)
      if (const auto it = sets.find(phrase); it != sets.end()) any = DocSet::Union(any, *it->second);
    for (const std::string& phrase : group) grouped[phrase] = static_cast<std::int64_t>(any.count());
  }
  for (std::size_t i = 0; i < tree->phrases.size(); ++i) {
    const auto it = grouped.find(tree->phrases[i]);
    out.counts.docs.push_back(it != grouped.end() ? it->second : static_cast<std::int64_t>(raw[i]->count()));
  }
  return out;
}

// What the scan's functions see of one search: each match of the scan, in scan order.
// starprep_search_take(rowid) applies the filter and decides whether the match is ranked; starprep_search_score(score)
// records a ranked match's score and decides whether the match may be on the page (the `keep` best so far of its group:
// a match of the final page was among the best when it was seen, so nothing it needs is missed); starprep_search_kept()
// then says whether to read the match's text columns and snippet in the same walk.
struct Scan {
  const SearchDocs* docs = nullptr;
  const SearchDocs::Filter* filter = nullptr;
  const DocSet* exact = nullptr;  // which matches are exact (null: every match is)
  SearchOrder* order = nullptr;
  std::size_t keep = 0;    // per group: the best so far whose text is read (0: none)
  int taken = 0;           // matches passing the filter
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
    is_exact = exact == nullptr || exact->Has(pos);
    ++taken;
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

// Runs kSearchHits (?1 expression, ?2..?3 range, ?4 JSON rowids, ?5 the phrases' counts) over
// `docids` (ascending, not empty): one range, as setting the expression up costs more than
// walking the matches between.
template <class F>
Status ForRows(Connection& reader, const std::string& expression, PhraseDocs& counts,
               const std::vector<std::int64_t>& docids, F&& each) {
  auto stmt = Statement::Prepare(reader, sql::kSearchHits);
  if (!stmt) return stmt.error();
  stmt->Bind(expression, docids.front(), docids.back(), IdListJson(docids), Pointer{&counts, kPhraseDocsType});
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

Status WarmSearch(Connection& reader, SearchDocsCache& cache, const std::vector<search::VocabularyEntry>& vocabulary) {
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);  // the stamp and the rows from one snapshot
  if (!tx) return tx.error();
  auto docs_or = CurrentDocs(reader, cache);
  if (!docs_or) return docs_or.error();
  const SearchDocs& docs = **docs_or;
  if (docs.HasStems() || vocabulary.empty()) return {};  // warmed already (this stamp's documents)
  auto stems = StemsOf(reader, vocabulary);
  if (!stems) return stems.error();
  // Per stem, at most the sum of its words' documents (the documents holding any of them), and
  // one of its words to search it by.
  std::unordered_map<std::string, std::pair<std::int64_t, std::string>> by_stem;
  for (const auto& entry : vocabulary) {
    const auto it = stems->find(entry.term);
    if (it == stems->end()) continue;
    auto& [docs_at_most, word] = by_stem[it->second];
    docs_at_most += entry.docs;
    if (word.empty()) word = entry.term;
  }
  std::vector<std::pair<std::int64_t, std::string>> candidates;  // (documents at most, word)
  candidates.reserve(by_stem.size());
  for (auto& [stem, value] : by_stem) candidates.push_back(std::move(value));
  std::sort(candidates.begin(), candidates.end(), std::greater<>());
  docs.SetStems(std::move(*stems));
  // The stems in at least 1 % of the documents (a rarer stem's set costs a search well under a
  // millisecond to read), the most frequent first.
  const auto worth =
      static_cast<std::int64_t>(std::max<std::size_t>(docs.size() / 100, SearchDocs::kMinCachedPhraseDocs));
  for (std::size_t i = 0; i < candidates.size() && candidates[i].first >= worth &&
                          docs.WarmSetBytes() + docs.size() / 8 <= SearchDocs::kMaxWarmSetBytes;
       ++i) {
    if (auto set = PhraseMatches(reader, docs, search::Fts5Word(candidates[i].second), true); !set) return set.error();
  }
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
  // Which documents match, and which of them exactly, from the phrases' document sets (most
  // kept from the warm-up or an earlier search): the total and the facets count those passing
  // the filter, without walking the matches.
  auto matches = MatchesOf(reader, docs, match, q.query);
  if (!matches) return matches.error();
  std::optional<DocSet> exact_set;
  if (!exact.empty()) {
    auto exact_matches = MatchesOf(reader, docs, exact, q.query);
    if (!exact_matches) return exact_matches.error();
    exact_set = std::move(exact_matches->all);
  }
  if (q.count) {
    std::vector<int> tally = docs.NewTally();
    int total = 0;
    matches->all.ForEach([&](std::uint32_t pos) {
      if (!docs.Passes(pos, filter)) return;
      ++total;
      docs.Tally(pos, tally);
    });
    page.total = total;
    page.facets = docs.Facets(tally);
    if (total == 0) return page;
  }
  if (q.limit <= 0) return page;
  // One walk of the matches ranks and reads the text of the matches that may be on the page
  // (reading the page's text in the same walk saves setting the expression up again). The jobs
  // (negative rowids, newest first) are walked until their order up to the page's end is
  // settled, then the questions and roles (positive) all. A group's first jobs_wanted jobs
  // settle its ranked window and every page within them (its other jobs can only come after
  // them): so the walk stops once the exact group holds jobs_wanted jobs, or holds all its jobs
  // (known from the sets: exact_jobs) and the typo group holds jobs_wanted.
  const std::size_t ranked_jobs = q.quick ? kRankedJobsQuick : kRankedJobs;
  SearchOrder order(ranked_jobs);
  scan.docs = &docs;
  scan.filter = &filter;
  scan.order = &order;
  scan.exact = exact_set ? &*exact_set : nullptr;
  const std::size_t offset = q.offset < 0 ? 0 : static_cast<std::size_t>(q.offset);
  const std::size_t limit = static_cast<std::size_t>(q.limit);
  scan.keep = offset + limit <= kMaxKept ? offset + limit : 0;  // deep pages read their text afterwards
  std::unordered_map<std::int64_t, SearchHit> hits;
  const std::size_t jobs_wanted = std::max(ranked_jobs, offset + limit);
  std::size_t exact_jobs = 0;
  if (exact_set)
    exact_set->ForEach([&](std::uint32_t pos) { exact_jobs += docs.IsJob(pos) && docs.Passes(pos, filter) ? 1 : 0; });
  const auto settled = [&] {
    return order.Jobs(true) >= jobs_wanted ||
           (exact_set && order.Jobs(true) >= exact_jobs && order.Jobs(false) >= jobs_wanted);
  };
  for (const auto& [lo, hi] : {std::pair{kMinRowid, std::int64_t{-1}}, std::pair{std::int64_t{0}, kMaxRowid}}) {
    auto stmt = Statement::Prepare(reader, sql::kSearchScan);
    if (!stmt) return stmt.error();
    stmt->Bind(match, lo, hi, Pointer{&matches->counts, kPhraseDocsType});
    while (!(hi < 0 && settled())) {
      auto row = stmt->Step();
      if (!row) return row.error();
      if (!*row) break;
      if (!stmt->ColumnIsNull(2)) hits.insert_or_assign(stmt->ColumnInt64(0), ReadHit(*stmt, 2));
    }
  }
  if (scan.taken == 0) return page;

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
    if (auto s = ForRows(reader, match, matches->counts, missing, read); !s) return s.error();
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

Result<std::int64_t> SearchSegments(Connection& conn) {
  auto count = Statement::Prepare(conn, sql::kSearchSegments);
  if (!count) return count.error();
  auto row = count->Step();
  if (!row) return row.error();
  return *row ? count->ColumnInt64(0) : 0;
}

void CompactSearchIndex(Connection& writer) {
  const auto segments = SearchSegments(writer);
  if (!segments || *segments <= kMaxSearchSegments) return;
  // Its own statement, after the write committed: if it fails, FTS5 rolls it back and the
  // index is as the write left it (correct, only slower to search until the next batch).
  if (auto optimize = Statement::Prepare(writer, sql::kSearchOptimize)) (void)optimize->Run();
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
