// SPDX-License-Identifier: Apache-2.0
#include "search/personal.h"

#include <algorithm>

#include "core/html.h"

namespace starprep::search {
namespace {

// A word and its plural ("s", "es") count as the same word.
bool SameWord(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const std::string_view shorter = a.size() < b.size() ? a : b, longer = a.size() < b.size() ? b : a;
  if (!longer.starts_with(shorter)) return false;
  const std::string_view rest = longer.substr(shorter.size());
  return rest == "s" || rest == "es";
}

enum class Match { kNone, kTypo, kExact };

// How a doc word satisfies a single-word clause.
Match WordMatch(const Clause& c, const std::string& word, std::string_view doc_word) {
  if (SameWord(word, doc_word) || (c.prefix && doc_word.starts_with(word))) return Match::kExact;
  const int typos = AllowedTypos(html::CodePoints(word));
  if (typos > 0 && BoundedDistance(word, doc_word, typos) <= typos) return Match::kTypo;
  return Match::kNone;
}

// Marks in `marked` the words of `words` that satisfy `c`; returns the best kind of match.
Match MatchClause(const Clause& c, const std::vector<WordSpan>& words, std::vector<bool>& marked) {
  Match best = Match::kNone;
  if (c.phrase) {
    const std::size_t n = c.words.size();
    // A hyphenated clause typed as a prefix: its last part is a prefix.
    const auto same = [&](std::size_t k, std::string_view doc_word) {
      return SameWord(c.words[k], doc_word) || (c.prefix && k + 1 == n && doc_word.starts_with(c.words[k]));
    };
    for (std::size_t i = 0; i + n <= words.size(); ++i) {
      bool all = true;
      for (std::size_t k = 0; k < n && all; ++k) all = same(k, words[i + k].word);
      if (!all) continue;
      best = Match::kExact;
      for (std::size_t k = 0; k < n; ++k) marked[i + k] = true;
    }
    // "front-end" also finds "frontend" (Joined), as exactly.
    if (const std::string joined = Joined(c); !joined.empty())
      for (std::size_t i = 0; i < words.size(); ++i)
        if (SameWord(joined, words[i].word) || (c.prefix && words[i].word.starts_with(joined))) {
          best = Match::kExact;
          marked[i] = true;
        }
    return best;
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Match m = WordMatch(c, c.words.front(), words[i].word);
    if (m == Match::kNone) continue;
    marked[i] = true;
    best = std::max(best, m);
  }
  return best;
}

std::vector<SnippetPart> Snippet(const std::string& text, const std::vector<WordSpan>& words,
                                 const std::vector<bool>& marked) {
  std::vector<SnippetPart> parts;
  if (words.empty()) return parts;
  const auto first = std::find(marked.begin(), marked.end(), true);
  const std::size_t hit = first == marked.end() ? 0 : static_cast<std::size_t>(first - marked.begin());
  const std::size_t from = hit > kPersonalSnippetWords / 3 ? hit - kPersonalSnippetWords / 3 : 0;
  const std::size_t to = std::min(words.size(), from + kPersonalSnippetWords);  // words [from, to)
  auto add = [&parts](std::string piece, bool match) {
    if (piece.empty()) return;
    if (!parts.empty() && parts.back().match == match) {
      parts.back().text += piece;
    } else {
      parts.push_back({std::move(piece), match});
    }
  };
  if (from > 0) add("\xE2\x80\xA6", false);            // "…"
  std::size_t at = from == 0 ? 0 : words[from].begin;  // the whole text's start, or a word's
  for (std::size_t i = from; i < to; ++i) {
    add(text.substr(at, words[i].begin - at), false);
    add(text.substr(words[i].begin, words[i].end - words[i].begin), marked[i]);
    at = words[i].end;
  }
  if (to < words.size()) {
    add("\xE2\x80\xA6", false);
  } else {
    add(text.substr(at), false);  // the text's end (a full stop)
  }
  return parts;
}

}  // namespace

std::vector<PersonalHit> SearchPersonal(const Query& query, std::span<const PersonalDoc> docs, std::size_t limit) {
  std::vector<PersonalHit> hits;
  if (query.empty() || limit == 0) return hits;
  const bool location_optional = LocationForJobsOnly(query);
  for (std::size_t d = 0; d < docs.size(); ++d) {
    const PersonalDoc& doc = docs[d];
    const std::vector<WordSpan> title = Words(doc.title), text = Words(doc.text);
    std::vector<bool> in_title(title.size(), false), in_text(text.size(), false);
    bool all = true, exact = true;
    for (const Clause& c : query.clauses) {
      const Match m = std::max(MatchClause(c, title, in_title), MatchClause(c, text, in_text));
      if (m == Match::kNone && location_optional && IsLocationClause(c)) continue;  // a story is no job
      if (m == Match::kNone) {
        all = false;
        break;
      }
      exact = exact && m == Match::kExact;
    }
    if (!all) continue;
    PersonalHit hit;
    hit.doc = d;
    hit.exact = exact;
    hit.score = 3.0 * static_cast<double>(std::count(in_title.begin(), in_title.end(), true)) +
                static_cast<double>(std::count(in_text.begin(), in_text.end(), true));
    hit.snippet = Snippet(doc.text, text, in_text);
    hits.push_back(std::move(hit));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const PersonalHit& a, const PersonalHit& b) {
    if (a.exact != b.exact) return a.exact;
    return a.score > b.score;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace starprep::search
