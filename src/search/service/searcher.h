// SPDX-License-Identifier: Apache-2.0
#pragma once
// The search service: what a user typed (search::Parse) → the last word's completions and every
// word's typo candidates from the store's vocabulary → Store::Search; "did you mean" when nothing
// is found; suggestions while typing. Shared by GET /api/v1/search, /api/v1/search/suggest and
// the /search page. Thread-safe.
//
// Speed (docs/search.md, "Speed"): the index's vocabulary is held in memory (search::Vocabulary),
// built on the first search and again on the first search after the index changes (a content
// import or any job write bumps Store::GetSearchIndexState's versions), unless Warm() built it
// first (the server calls it on its watcher thread after every change); while one request
// rebuilds it, others keep using the previous one, so a burst of job imports costs at most one
// rebuild per search that notices a new version, never one per import. Whole answers (searches
// and suggestions) are kept per query and index state, a bounded number of them, and dropped
// when the state changes: an answer is only reused while the same documents are searchable.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "search/query.h"
#include "search/vocabulary.h"
#include "store/store.h"

namespace starprep::search {

inline constexpr int kDefaultLimit = 20;
inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxOffset = 10'000;           // deeper pages are refused (refine the query)
inline constexpr std::size_t kMaxQueryBytes = 500;  // a longer q is refused (400)
inline constexpr int kSuggestions = 5;              // hits and completions a suggestion list shows
// Vocabulary words (the most frequent first) that typo candidates are chosen from, per word.
inline constexpr int kVocabularyScan = 2000;
// Fewer documents than this matching every word: the first page adds those matching all but one
// (queries of 2 to kMaxDroppedWords words), after them.
inline constexpr int kFewResults = 3;
inline constexpr std::size_t kMaxDroppedWords = 4;
// Two-word spellings of a compound word searched with it ("frontend" → "front end").
inline constexpr std::size_t kMaxSplits = 2;
// Answers kept per index state (searches and suggestions each); the oldest goes first.
inline constexpr std::size_t kCachedAnswers = 512;

struct SearchRequest {
  std::string text;  // what the user typed
  store::SearchFilter filter;
  int limit = kDefaultLimit;
  int offset = 0;  // from the request's cursor
};

// A request's query parameters: q (required, at most kMaxQueryBytes bytes of UTF-8), type
// (question|job|role), role, kind, competency (at most 100 bytes each), remote (remote|hybrid),
// limit (1..kMaxLimit) and cursor (a next_cursor from an earlier page). An absent or empty
// optional parameter means "any"; anything else wrong is a kInvalidArgument naming the parameter.
using ParamLookup = std::function<std::optional<std::string>(const char* name)>;
Result<SearchRequest> ParseSearchRequest(const ParamLookup& params);

// The cursor of the page after `offset` + `limit`, or "" when that page would be past `total`.
std::string NextCursor(int offset, int limit, int total);

struct SearchResult {
  store::SearchPage page;
  std::string query;         // the query as understood (search::ToText): words folded, operators gone
  std::string did_you_mean;  // a corrected query that finds something, when this one found nothing
};

struct Suggestion {
  std::string text;  // a completed query (the last word completed)
};

struct Suggestions {
  std::vector<Suggestion> completions;  // at most kSuggestions, the most frequent words first
  std::vector<store::SearchHit> hits;   // the best hits for the text as typed, at most kSuggestions
};

class Searcher {
 public:
  explicit Searcher(store::Store& store) : store_(store) {}

  // Searches; the store's errors pass through. A query without words finds nothing. When every
  // word together finds fewer than kFewResults documents, the first page also lists, after them,
  // the best documents matching all words but one (each word dropped in turn; not when a word is
  // unknown to the index in every form: the query is about something it does not hold); `total` then
  // counts the page's hits, and the facets count only the documents matching every word.
  Result<SearchResult> Search(const SearchRequest& request, const std::string& now_utc);

  // Completions of the last word and the best few hits, for a search box while typing. Needs
  // no totals or facets, so the store skips counting (SearchQuery::count false).
  Result<Suggestions> Suggest(std::string_view text, const std::string& now_utc);

  // The vocabulary for the index as it is now (built or rebuilt if the index changed), for
  // tests and diagnostics; its size and MemoryBytes() are what the server holds.
  Result<std::shared_ptr<const Vocabulary>> CurrentVocabulary(const std::string& now_utc);

  // Builds now, on the caller's thread, what the first search after a write would otherwise
  // build: the vocabulary for the index as it is now and the store's per-state search caches
  // (Store::WarmSearch, with the vocabulary's words). For the server's watcher thread after a
  // content or jobs change and at start-up (app/app.cpp). Changes no answer: a search always
  // checks the index state itself.
  Status Warm(const std::string& now_utc);

 private:
  // The vocabulary for `state`: the held one if its versions match, else a new one read from
  // the store (or the held one while another thread is reading the new one: `current` is then
  // false, and an answer made with it is not kept).
  Result<std::shared_ptr<const Vocabulary>> VocabularyFor(const store::SearchIndexState& state, bool& current);
  // Appends to `page` (up to the request's limit) the hits of `query` with one clause dropped.
  // Nothing is added when a word is unknown to the vocabulary in every form.
  Status AddNearMatches(const Vocabulary& vocabulary, const Query& query, const SearchRequest& request,
                        const std::string& now_utc, store::SearchPage& page);
  // Fills every clause's completions (prefix clauses), splits and typo candidates from the vocabulary.
  static void Expand(const Vocabulary& vocabulary, Query& query);
  // `query` with each word replaced by its nearest vocabulary word (one typo allowed even for
  // short words), or nullopt when nothing changes.
  static std::optional<Query> Corrected(const Vocabulary& vocabulary, const Query& query);

  // Answers per key for one index state; Put forgets everything of an older state.
  template <typename Answer>
  struct AnswerCache {
    store::SearchIndexState state;
    std::map<std::string, Answer> answers;
    std::deque<std::string> order;  // insertion order, for forgetting the oldest
  };
  template <typename Answer>
  std::optional<Answer> Get(AnswerCache<Answer>& cache, const store::SearchIndexState& state, const std::string& key);
  template <typename Answer>
  void Put(AnswerCache<Answer>& cache, const store::SearchIndexState& state, const std::string& key, Answer answer);

  store::Store& store_;
  std::mutex mu_;  // guards everything below
  std::shared_ptr<const Vocabulary> vocabulary_;
  std::int64_t vocabulary_content_ = -1, vocabulary_jobs_ = -1;  // the versions it was read at
  bool rebuilding_ = false;
  AnswerCache<SearchResult> searches_;
  AnswerCache<Suggestions> suggestions_;
};

}  // namespace starprep::search
