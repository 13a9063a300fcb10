// SPDX-License-Identifier: Apache-2.0
#pragma once
// Personal search (pure: no I/O): a signed-in user's own stories and attempts. Their texts are
// sealed at rest (practice/journal.h), so they are never written to the shared full-text index,
// which every user's searches read. Instead the caller opens one user's records for one request
// and matches them here, in memory; nothing is kept after the call (docs/search.md, "Personal
// search"). Matching follows the shared search's rules as far as they apply without an index:
// every clause must match (a word, a phrase of adjacent words, the last word as a prefix; a
// hyphenated word as its parts or as one word), except a location word ("remote", "hybrid"),
// which only jobs need (LocationForJobsOnly); a plural "s"/"es" counts as the same word, words
// of 5+ characters may have typos (AllowedTypos), and documents matched without typos come first.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "search/query.h"

namespace starprep::search {

inline constexpr std::size_t kPersonalSnippetWords = 24;  // words of text around the first match

// One of the user's records, already opened.
struct PersonalDoc {
  std::string type;   // "story" or "attempt"
  std::string id;     // the record's id (decimal)
  std::string title;  // a story's title; the question an attempt answers
  std::string text;   // a story's four parts; an attempt's answer
};

struct PersonalHit {
  std::size_t doc = 0;               // index into the documents searched
  std::vector<SnippetPart> snippet;  // plain text from `text` around the first match, matches marked
  double score = 0;                  // title matches count 3, text matches 1
  bool exact = true;                 // matched without typos
};

// The documents matching every clause of `query` (Parse(text); completions and typos filled or
// not: this searches the documents' own words), at most `limit`, exact matches first, then by
// score, then in the order given. An empty query finds nothing.
std::vector<PersonalHit> SearchPersonal(const Query& query, std::span<const PersonalDoc> docs, std::size_t limit);

}  // namespace starprep::search
