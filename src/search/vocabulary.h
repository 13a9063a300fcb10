// SPDX-License-Identifier: Apache-2.0
#pragma once
// The index's vocabulary in memory (pure: no I/O), for typo candidates, "did you mean" and
// prefix completions without a store round trip per word. Built once from every word of the
// index (Store::SearchVocabulary with no bounds) and immutable afterwards, so one instance is
// shared by any number of threads; the search service builds a new one when the index version
// changes (search/service/searcher.h). Its answers are exactly those of Store::SearchVocabulary
// for the same bounds over the same words: same order (most documents first, then by bytes),
// same lengths (code points, invalid UTF-8 bytes counting as one each).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/query.h"

namespace starprep::search {

class Vocabulary {
 public:
  Vocabulary() = default;
  // Takes the words in any order; a word listed twice keeps its first entry.
  explicit Vocabulary(std::vector<VocabularyEntry> entries);

  // Words starting with the bytes `prefix` ("" for all) whose length in code points is within
  // [min_length, max_length] (0: unbounded), the most frequent first, then by bytes; at most
  // `limit`. Work: a length-bucketed slice when both bounds and a one-character prefix are given
  // (what SliceFor asks), otherwise the prefix's range of the sorted words.
  std::vector<VocabularyEntry> Lookup(std::string_view prefix, int min_length, int max_length, std::size_t limit) const;

  // Completions of a prefix typed so far: up to `limit` other words starting with `prefix`, the
  // most frequent first (the word itself is never one).
  std::vector<std::string> Completions(std::string_view prefix, std::size_t limit) const;

  // TypoCandidates(word, the `scan` most frequent words of SliceFor(word, max_typos), limit,
  // max_typos): nothing for words allowed no typos.
  std::vector<std::string> Typos(std::string_view word, std::size_t scan, std::size_t limit, int max_typos = -1) const;

  // True when `word` is one of the words of SliceFor(word, max_typos)'s `scan` most frequent
  // (what "did you mean" treats as known).
  bool KnownInSlice(std::string_view word, std::size_t scan, int max_typos) const;

  // True when `word` is a word of the vocabulary.
  bool Contains(std::string_view word) const;

  // The ways to write a word of 6+ ASCII letters or digits as two words of the vocabulary of at
  // least 3 characters each ("frontend" → {"front", "end"}), the most even split first; at most
  // `limit`. Words that are themselves frequent still get their splits: both are searched.
  std::vector<std::vector<std::string>> Splits(std::string_view word, std::size_t limit) const;

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // An estimate of the heap and object bytes this vocabulary holds (strings, indexes, buckets).
  std::size_t MemoryBytes() const;

 private:
  std::vector<VocabularyEntry> entries_;  // sorted by term (bytes)
  std::vector<int> lengths_;              // code points of entries_[i].term
  // First character (its bytes) + '\0' + length → indexes of entries_, most frequent first.
  std::unordered_map<std::string, std::vector<std::uint32_t>> buckets_;
};

}  // namespace starprep::search
