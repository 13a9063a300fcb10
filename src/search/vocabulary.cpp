// SPDX-License-Identifier: Apache-2.0
#include "search/vocabulary.h"

#include <algorithm>
#include <tuple>

#include "core/html.h"

namespace starprep::search {
namespace {

// The bytes of the first character of `word` (as SliceFor takes it), "" for "".
std::string FirstCharacter(std::string_view word) {
  return word.empty() ? std::string() : SliceFor(word, 1).first;
}

std::string BucketKey(std::string_view first, int length) {
  std::string key(first);
  key.push_back('\0');
  key += std::to_string(length);
  return key;
}

}  // namespace

Vocabulary::Vocabulary(std::vector<VocabularyEntry> entries) : entries_(std::move(entries)) {
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const VocabularyEntry& a, const VocabularyEntry& b) { return a.term < b.term; });
  entries_.erase(std::unique(entries_.begin(), entries_.end(),
                             [](const VocabularyEntry& a, const VocabularyEntry& b) { return a.term == b.term; }),
                 entries_.end());
  entries_.shrink_to_fit();
  lengths_.reserve(entries_.size());
  for (std::uint32_t i = 0; i < entries_.size(); ++i) {
    const std::string& term = entries_[i].term;
    lengths_.push_back(static_cast<int>(html::CodePoints(html::ToValidUtf8(term))));
    if (!term.empty()) buckets_[BucketKey(FirstCharacter(term), lengths_.back())].push_back(i);
  }
  for (auto& [key, indexes] : buckets_) {
    std::sort(indexes.begin(), indexes.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::tie(entries_[b].docs, entries_[a].term) < std::tie(entries_[a].docs, entries_[b].term);
    });
    indexes.shrink_to_fit();
  }
}

std::vector<VocabularyEntry> Vocabulary::Lookup(std::string_view prefix, int min_length, int max_length,
                                                std::size_t limit) const {
  std::vector<std::uint32_t> picked;
  if (limit == 0) return {};
  if (min_length > 0 && max_length >= min_length && !prefix.empty() && FirstCharacter(prefix) == prefix) {
    // SliceFor's shape: one character and a few lengths, each a bucket already in order.
    for (int n = min_length; n <= max_length; ++n) {
      auto it = buckets_.find(BucketKey(prefix, n));
      if (it == buckets_.end()) continue;
      const std::size_t take = std::min(limit, it->second.size());
      picked.insert(picked.end(), it->second.begin(), it->second.begin() + static_cast<std::ptrdiff_t>(take));
    }
  } else {
    auto begin = std::lower_bound(entries_.begin(), entries_.end(), prefix,
                                  [](const VocabularyEntry& e, std::string_view p) { return e.term < p; });
    for (auto it = begin; it != entries_.end() && it->term.starts_with(prefix); ++it) {
      const auto i = static_cast<std::uint32_t>(it - entries_.begin());
      if ((min_length > 0 && lengths_[i] < min_length) || (max_length > 0 && lengths_[i] > max_length)) continue;
      picked.push_back(i);
    }
  }
  const auto by_rank = [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(entries_[b].docs, entries_[a].term) < std::tie(entries_[a].docs, entries_[b].term);
  };
  const std::size_t n = std::min(limit, picked.size());
  std::partial_sort(picked.begin(), picked.begin() + static_cast<std::ptrdiff_t>(n), picked.end(), by_rank);
  std::vector<VocabularyEntry> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(entries_[picked[i]]);
  return out;
}

std::vector<std::string> Vocabulary::Completions(std::string_view prefix, std::size_t limit) const {
  std::vector<std::string> out;
  for (auto& entry : Lookup(prefix, 0, 0, limit + 1))
    if (entry.term != prefix && out.size() < limit) out.push_back(std::move(entry.term));
  return out;
}

std::vector<std::string> Vocabulary::Typos(std::string_view word, std::size_t scan, std::size_t limit,
                                           int max_typos) const {
  const VocabularySlice slice = SliceFor(word, max_typos);
  if (slice.first.empty()) return {};
  const auto words = Lookup(slice.first, slice.min_length, slice.max_length, scan);
  return TypoCandidates(word, words, limit, max_typos);
}

bool Vocabulary::KnownInSlice(std::string_view word, std::size_t scan, int max_typos) const {
  const VocabularySlice slice = SliceFor(word, max_typos);
  if (slice.first.empty()) return false;
  const auto words = Lookup(slice.first, slice.min_length, slice.max_length, scan);
  return std::any_of(words.begin(), words.end(), [&](const VocabularyEntry& e) { return e.term == word; });
}

bool Vocabulary::Contains(std::string_view word) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), word,
                             [](const VocabularyEntry& e, std::string_view w) { return e.term < w; });
  return it != entries_.end() && it->term == word;
}

std::vector<std::vector<std::string>> Vocabulary::Splits(std::string_view word, std::size_t limit) const {
  constexpr std::size_t kMinPart = 3;
  std::vector<std::vector<std::string>> out;
  if (word.size() < 2 * kMinPart || word.size() > kMaxWordBytes ||
      !std::all_of(word.begin(), word.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
    return out;
  std::vector<std::size_t> cuts;
  for (std::size_t i = kMinPart; i + kMinPart <= word.size(); ++i) cuts.push_back(i);
  const std::size_t middle = word.size() / 2;
  std::stable_sort(cuts.begin(), cuts.end(), [&](std::size_t a, std::size_t b) {
    return (a > middle ? a - middle : middle - a) < (b > middle ? b - middle : middle - b);
  });
  for (std::size_t cut : cuts) {
    if (out.size() >= limit) break;
    const std::string_view head = word.substr(0, cut), tail = word.substr(cut);
    if (Contains(head) && Contains(tail)) out.push_back({std::string(head), std::string(tail)});
  }
  return out;
}

std::size_t Vocabulary::MemoryBytes() const {
  std::size_t bytes = sizeof(*this) + entries_.capacity() * sizeof(VocabularyEntry) + lengths_.capacity() * sizeof(int);
  for (const VocabularyEntry& e : entries_)
    if (e.term.capacity() > 15) bytes += e.term.capacity() + 1;  // beyond the small-string buffer
  // An unordered_map node: the key, the vector and two pointers; plus the bucket array.
  bytes += buckets_.bucket_count() * sizeof(void*);
  for (const auto& [key, indexes] : buckets_) {
    bytes += sizeof(std::string) + sizeof(std::vector<std::uint32_t>) + 2 * sizeof(void*) +
             indexes.capacity() * sizeof(std::uint32_t);
    if (key.capacity() > 15) bytes += key.capacity() + 1;
  }
  return bytes;
}

}  // namespace starprep::search
