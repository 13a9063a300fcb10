// SPDX-License-Identifier: Apache-2.0
#pragma once
// The search service: what a user typed (search::Parse) → the last word's completions and every
// word's typo candidates from the store's vocabulary → Store::Search; "did you mean" when nothing
// is found; suggestions while typing. Shared by GET /api/v1/search, /api/v1/search/suggest and
// the /search page. Thread-safe (it holds only the store).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "search/query.h"
#include "store/store.h"

namespace starprep::search {

inline constexpr int kDefaultLimit = 20;
inline constexpr int kMaxLimit = 100;
inline constexpr int kMaxOffset = 10'000;           // deeper pages are refused (refine the query)
inline constexpr std::size_t kMaxQueryBytes = 500;  // a longer q is refused (400)
inline constexpr int kSuggestions = 5;              // hits and completions a suggestion list shows
// Vocabulary words (the most frequent first) that typo candidates are chosen from, per word.
inline constexpr int kVocabularyScan = 2000;

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

  // Searches; the store's errors pass through. A query without words finds nothing.
  Result<SearchResult> Search(const SearchRequest& request, const std::string& now_utc);

  // Completions of the last word and the best few hits, for a search box while typing.
  Result<Suggestions> Suggest(std::string_view text, const std::string& now_utc);

 private:
  // Fills every clause's completions (prefix clauses) and typo candidates from the vocabulary.
  Status Expand(Query& query);
  // `query` with each word replaced by its nearest vocabulary word (one typo allowed even for
  // short words), or nullopt when nothing changes.
  Result<std::optional<Query>> Corrected(const Query& query);

  store::Store& store_;
};

}  // namespace starprep::search
