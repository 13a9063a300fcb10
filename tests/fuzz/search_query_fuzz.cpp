// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: what a user types into the search box (search::Parse), its typo candidates
// against a small vocabulary made of the input's own words, and snippets split and escaped.
//
// Invariants: nothing throws; the query is bounded (at most kMaxClauses clauses, phrases of at
// most kMaxPhraseWords words, words of at most kMaxWordBytes bytes); every word is non-empty,
// valid UTF-8 and holds no ASCII byte but [a-z0-9] (so no FTS5 or tsquery operator, quote or
// bracket can come through); a phrase has two words or more and is never a prefix unless typed
// hyphenated, whose joined word holds as a word does; only the last clause may be a prefix;
// Parse(ToText(q)) keeps q's words; the FTS5 and tsquery texts have paired quotes and balanced
// brackets; typo candidates are distinct, never the word itself, at most the limit, within the
// allowed distance; a snippet's HTML has no '<' but its own <mark> tags. Personal search
// (search/personal.h): Words gives ordered spans inside the text whose words hold as Parse's
// do, and a text always finds itself, with a snippet that is valid UTF-8 when the text is. The
// in-memory vocabulary (search/vocabulary.h) built from the same words answers typo candidates
// exactly as TypoCandidates over the whole list does; its completions start with the prefix and
// never are it; its splits rejoin into the word.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/html.h"
#include "fuzz_checks.h"
#include "search/personal.h"
#include "search/query.h"
#include "search/vocabulary.h"

namespace {

using namespace starprep;
using fuzz::Check;

void CheckWord(const std::string& w) {
  Check(!w.empty(), "empty word");
  Check(w.size() <= search::kMaxWordBytes, "word too long", w);
  Check(fuzz::Utf8(w), "word is not valid UTF-8", w);
  for (const char c : w) {
    const auto u = static_cast<unsigned char>(c);
    Check(u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'), "ASCII byte other than [a-z0-9]", w);
  }
}

std::vector<std::vector<std::string>> Words(const search::Query& q) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : q.clauses) out.push_back(c.words);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const search::Query q = search::Parse(text);
  Check(q.clauses.size() <= search::kMaxClauses, "too many clauses");
  std::vector<search::VocabularyEntry> vocabulary;
  for (std::size_t i = 0; i < q.clauses.size(); ++i) {
    const search::Clause& c = q.clauses[i];
    Check(!c.words.empty() && c.words.size() <= search::kMaxPhraseWords, "clause word count");
    Check(c.phrase == (c.words.size() > 1), "a phrase has two words or more, a word clause one");
    Check(!c.hyphenated || c.phrase, "a hyphenated clause is a phrase of its parts");
    Check(!(c.phrase && c.prefix) || c.hyphenated, "a quoted phrase is never a prefix");
    const std::string joined = search::Joined(c);
    Check(joined.empty() || (c.hyphenated && joined.size() <= search::kMaxWordBytes), "joined word out of bounds");
    if (!joined.empty()) CheckWord(joined);
    Check(!c.prefix || i + 1 == q.clauses.size(), "only the last clause may be a prefix");
    for (const auto& w : c.words) {
      CheckWord(w);
      vocabulary.push_back({w, static_cast<std::int64_t>(w.size())});
    }
  }
  Check(Words(search::Parse(search::ToText(q))) == Words(q), "Parse(ToText(q)) changed the words", search::ToText(q));
  // Both backends' syntax: quotes paired, brackets balanced (words never hold either).
  for (const auto& [expression, quote] :
       {std::pair{search::Fts5Expression(q, true), '"'}, std::pair{search::TsQueryExpression(q, true), '\''}}) {
    int depth = 0, quotes = 0;
    for (const char c : expression) {
      quotes += c == quote ? 1 : 0;
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      Check(depth >= 0, "a ')' before its '('", expression);
    }
    Check(depth == 0 && quotes % 2 == 0, "unbalanced expression", expression);
    Check(expression.empty() == q.empty(), "an expression for nothing, or none for a query", expression);
  }
  // The SQLite store evaluates the FTS5 expression itself (search::ParseFts5Expression): every
  // one parses, with a phrase per quoted string, with and without typos, and with completions
  // (every word of the query as another's completion and typo: the shapes the service fills in).
  search::Query filled = q;
  for (auto& c : filled.clauses) {
    for (std::size_t i = 0; i < vocabulary.size() && i < search::kMaxAlternatives; ++i)
      c.typos.push_back(vocabulary[i].term);
    if (c.prefix) c.completions = c.typos, c.all_completions = c.completions.size() % 2 == 0;
    if (!c.phrase && c.words.front().size() >= 2)
      c.splits = {{c.words.front().substr(0, 1), c.words.front().substr(1)}};
  }
  for (const search::Query* query : {&q, static_cast<const search::Query*>(&filled)}) {
    for (const bool typos : {true, false}) {
      const std::string expression = search::Fts5Expression(*query, typos);
      if (expression.empty()) continue;
      const auto tree = search::ParseFts5Expression(expression);
      Check(tree.has_value(), "an FTS5 expression that does not parse", expression);
      Check(tree->phrases.size() * 2 == static_cast<std::size_t>(std::count(expression.begin(), expression.end(), '"')),
            "a phrase lost or invented by parsing", expression);
    }
  }

  for (const auto& c : q.clauses) {
    const std::string& word = c.words.front();
    const auto candidates = search::TypoCandidates(word, vocabulary, 4);
    Check(candidates.size() <= 4, "more candidates than the limit");
    const int allowed = search::AllowedTypos(html::CodePoints(word));
    std::set<std::string> seen;
    for (const auto& cand : candidates) {
      Check(cand != word, "the word is its own candidate", word);
      Check(seen.insert(cand).second, "duplicate candidate", cand);
      Check(search::BoundedDistance(word, cand, allowed) <= allowed, "candidate beyond the allowed distance", cand);
    }
  }

  const search::Vocabulary index(vocabulary);
  for (const auto& c : q.clauses) {
    const std::string& word = c.words.front();
    Check(index.Contains(word), "a word of the vocabulary is not found", word);
    Check(index.Typos(word, vocabulary.size(), 4) == search::TypoCandidates(word, vocabulary, 4),
          "the vocabulary's typo candidates differ from TypoCandidates", word);
    for (const auto& completion : index.Completions(word, 4))
      Check(completion != word && completion.starts_with(word), "a completion that does not extend the word",
            completion);
    for (const auto& split : index.Splits(word, 2))
      Check(split.size() == 2 && split[0] + split[1] == word && index.Contains(split[0]) && index.Contains(split[1]),
            "a split that is not two known words making the word", word);
  }

  std::size_t after = 0;
  for (const auto& span : search::Words(text)) {
    CheckWord(span.word);
    Check(span.begin >= after && span.begin < span.end && span.end <= text.size(), "word span out of order");
    after = span.end;
  }
  const std::vector<search::PersonalDoc> docs{{"story", "1", std::string(text), std::string(text)}};
  const auto found = search::SearchPersonal(q, docs, 5);
  Check(found.size() == (q.empty() ? 0U : 1U), "a text does not find itself", search::ToText(q));
  if (!found.empty() && fuzz::Utf8(text)) {
    std::string joined;
    for (const auto& part : found[0].snippet) joined += part.text;
    Check(fuzz::Utf8(joined), "personal snippet is not valid UTF-8", joined);
  }

  const std::string snippet_html = search::SnippetHtml(search::SplitSnippet(text));
  Check(fuzz::Utf8(snippet_html), "snippet HTML is not valid UTF-8");
  std::string_view rest = snippet_html;
  for (std::size_t at = rest.find('<'); at != std::string_view::npos; at = rest.find('<')) {
    rest.remove_prefix(at);
    Check(rest.starts_with("<mark>") || rest.starts_with("</mark>"), "a '<' that is not our <mark>", snippet_html);
    rest.remove_prefix(1);
  }
  return 0;
}
