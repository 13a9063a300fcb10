// SPDX-License-Identifier: Apache-2.0
#include "search/query.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "core/html.h"
#include "core/strings.h"

namespace starprep::search {
namespace {

// One decoded code point, or nullopt for an invalid byte (skipped as a separator).
struct Decoded {
  std::optional<char32_t> cp;
  std::size_t length = 1;
};

Decoded DecodeAt(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  std::size_t n = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {};
  }
  if (i + n > s.size()) return {};
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, n};
}

// Latin-1 letters with diacritics (U+00C0..U+00FF) folded as unicode61's remove_diacritics does;
// 0 for the two signs (× ÷), which separate words.
constexpr char kLatin1Fold[] =
    "aaaaaa\xE6"
    "ceeeeiiii\xF0nooooo\0ouuuuy\xFE\xDF"  // U+00C0..U+00DF
    "aaaaaa\xE6"
    "ceeeeiiii\xF0nooooo\0ouuuuy\xFEy";  // U+00E0..U+00FF
static_assert(sizeof(kLatin1Fold) == 64 + 1);

// The folded form of a word character, or nullopt for a separator.
std::optional<char32_t> Fold(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp - 'A' + 'a';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
    return std::nullopt;
  }
  if (cp < 0xC0) return std::nullopt;  // C1 controls, Latin-1 punctuation and symbols
  if (cp <= 0xFF) {
    const char folded = kLatin1Fold[cp - 0xC0];
    if (folded == '\0') return std::nullopt;
    return static_cast<char32_t>(static_cast<unsigned char>(folded));
  }
  // General and CJK punctuation, symbols and arrows, private use, specials: separators.
  if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) ||
      (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF)) {
    return std::nullopt;
  }
  return cp;
}

std::vector<char32_t> CodePointsOf(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = DecodeAt(s, i);
    out.push_back(d.cp.value_or(0xFFFD));
    i += d.length;
  }
  return out;
}

class Parser {
 public:
  Query Run(std::string_view text) {
    for (std::size_t i = 0; i < text.size() && query_.clauses.size() < kMaxClauses;) {
      const Decoded d = DecodeAt(text, i);
      i += d.length;
      if (d.cp && *d.cp == '"') {
        EndWord();
        if (in_phrase_) EndPhrase();
        in_phrase_ = !in_phrase_;
        ends_in_word_ = false;
        continue;
      }
      const std::optional<char32_t> folded = d.cp ? Fold(*d.cp) : std::nullopt;
      if (!folded) {
        if (d.cp && IsHyphen(*d.cp) && !in_phrase_ && !word_.empty() && StartsWord(text, i)) {
          EndPart();  // "front-end": the word goes on after the hyphen
          continue;
        }
        EndWord();
        ends_in_word_ = false;
        continue;
      }
      if (word_.size() < kMaxWordBytes) {
        std::string piece;
        AppendUtf8(piece, *folded);
        if (word_.size() + piece.size() <= kMaxWordBytes) word_ += piece;
      }
      ends_in_word_ = true;
    }
    EndWord();
    if (in_phrase_) EndPhrase();
    if (query_.clauses.size() > kMaxClauses) query_.clauses.resize(kMaxClauses);
    if (ends_in_word_ && !in_phrase_ && last_was_word_ && !query_.clauses.empty()) query_.clauses.back().prefix = true;
    return std::move(query_);
  }

 private:
  // True when text[i] is a word character (what follows a hyphen that joins two words).
  static bool StartsWord(std::string_view text, std::size_t i) {
    if (i >= text.size()) return false;
    const Decoded next = DecodeAt(text, i);
    return next.cp && *next.cp != '"' && Fold(*next.cp).has_value();
  }
  void EndWord() {
    if (in_phrase_) {
      if (!word_.empty() && phrase_.size() < kMaxPhraseWords) phrase_.push_back(std::move(word_));
    } else {
      if (!word_.empty()) parts_.push_back(std::move(word_));
      EndCompound();
    }
    word_.clear();
  }
  // A part of a hyphenated word ends at a hyphen; a chain of kMaxPhraseWords parts is a clause.
  void EndPart() {
    parts_.push_back(std::move(word_));
    word_.clear();
    if (parts_.size() == kMaxPhraseWords) EndCompound();
  }
  // The word, or the hyphenated parts, as a clause.
  void EndCompound() {
    if (parts_.empty()) return;
    Clause clause;
    clause.phrase = clause.hyphenated = parts_.size() > 1;
    clause.words = std::move(parts_);
    parts_.clear();
    Add(std::move(clause));
    last_was_word_ = true;
  }
  void EndPhrase() {
    if (phrase_.empty()) return;
    Clause clause;
    clause.phrase = phrase_.size() > 1;
    clause.words = std::move(phrase_);
    Add(std::move(clause));
    phrase_.clear();
    last_was_word_ = false;
  }
  void Add(Clause clause) {
    if (query_.clauses.size() < kMaxClauses) query_.clauses.push_back(std::move(clause));
  }

  Query query_;
  std::string word_;
  std::vector<std::string> parts_;  // the parts of a hyphenated word before word_
  std::vector<std::string> phrase_;
  bool in_phrase_ = false;
  bool ends_in_word_ = false;
  bool last_was_word_ = false;
};

}  // namespace

Query Parse(std::string_view text) {
  return Parser().Run(text);
}

bool IsHyphen(char32_t cp) {
  return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

std::string Joined(const Clause& clause) {
  if (!clause.hyphenated) return "";
  const auto digits = [](const std::string& w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (std::all_of(clause.words.begin(), clause.words.end(), digits)) return "";
  std::string out;
  for (const auto& w : clause.words) out += w;
  return out.size() <= kMaxWordBytes ? out : "";
}

bool IsLocationClause(const Clause& clause) {
  return !clause.phrase && clause.words.size() == 1 &&
         std::find(std::begin(kLocationWords), std::end(kLocationWords), clause.words.front()) !=
             std::end(kLocationWords);
}

bool LocationForJobsOnly(const Query& query) {
  const auto& c = query.clauses;
  return std::any_of(c.begin(), c.end(), IsLocationClause) && !std::all_of(c.begin(), c.end(), IsLocationClause);
}

std::vector<WordSpan> Words(std::string_view text) {
  std::vector<WordSpan> out;
  WordSpan current;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size();) {
    const Decoded d = DecodeAt(text, i);
    const std::optional<char32_t> folded = d.cp ? Fold(*d.cp) : std::nullopt;
    if (folded) {
      if (!in_word) current = {"", i, i};
      in_word = true;
      std::string piece;
      AppendUtf8(piece, *folded);
      if (current.word.size() + piece.size() <= kMaxWordBytes) current.word += piece;
      current.end = i + d.length;
    } else if (in_word) {
      out.push_back(std::move(current));
      current = WordSpan{};
      in_word = false;
    }
    i += d.length;
  }
  if (in_word) out.push_back(std::move(current));
  return out;
}

std::string ToText(const Query& query) {
  std::string out;
  for (const Clause& c : query.clauses) {
    if (!out.empty()) out += ' ';
    const bool quoted = c.phrase && !c.hyphenated;
    if (quoted) out += '"';
    for (std::size_t i = 0; i < c.words.size(); ++i) {
      if (i > 0) out += c.hyphenated ? '-' : ' ';
      out += c.words[i];
    }
    if (quoted) out += '"';
  }
  return out;
}

namespace {

struct Dialect {
  std::string (*word)(const std::string& w);
  std::string (*prefix)(const std::string& w);
  std::string (*phrase)(const std::vector<std::string>& words, bool prefix);  // prefix: its last word
  const char* op_or;
  const char* op_and;
  const char* op_and_not;
  // A prefix clause whose completions are every word with its prefix keeps the prefix operator
  // too (query.h: Fts5Expression and TsQueryExpression say why each does or does not).
  bool prefix_beside_all_completions;
};

// Words never hold a quote (Parse keeps only letters and digits; the service only adds words of
// the vocabulary, which may come from anywhere): a quote or backslash is dropped to be sure.
std::string Clean(const std::string& w) {
  std::string out;
  for (const char c : w)
    if (c != '"' && c != '\'' && c != '\\') out += c;
  return out;
}

// The clauses of `query` that `pick` keeps, ANDed.
template <typename Pick>
std::string Conjunction(const Query& query, bool typos, const Dialect& d, Pick pick) {
  std::string out;
  for (const Clause& c : query.clauses) {
    if (!pick(c)) continue;
    std::vector<std::string> alternatives;
    if (c.hyphenated) {
      alternatives.push_back(d.phrase(c.words, c.prefix));
      if (const std::string joined = Joined(c); !Clean(joined).empty())
        alternatives.push_back(c.prefix ? d.prefix(joined) : d.word(joined));
    } else if (c.phrase) {
      alternatives.push_back(d.phrase(c.words, false));
    } else {
      // A prefix clause is its word (with the backend's prefix operator only when the completions
      // are every word with that prefix, and the backend wants it) and its completions.
      const bool operator_ok = c.prefix && c.all_completions && d.prefix_beside_all_completions;
      alternatives.push_back(operator_ok ? d.prefix(c.words.front()) : d.word(c.words.front()));
      if (c.prefix)
        for (const auto& w : c.completions)
          if (!Clean(w).empty()) alternatives.push_back(d.word(w));
      for (const auto& split : c.splits)
        if (!split.empty() &&
            std::none_of(split.begin(), split.end(), [](const std::string& w) { return Clean(w).empty(); }))
          alternatives.push_back(d.phrase(split, false));
      if (typos)
        for (const auto& w : c.typos)
          if (!Clean(w).empty()) alternatives.push_back(d.word(w));
    }
    if (!out.empty()) out += d.op_and;
    if (alternatives.size() == 1) {
      out += alternatives.front();
      continue;
    }
    out += '(';
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      if (i > 0) out += d.op_or;
      out += alternatives[i];
    }
    out += ')';
  }
  return out;
}

std::string Expression(const Query& query, bool typos, const Dialect& d) {
  if (!LocationForJobsOnly(query)) return Conjunction(query, typos, d, [](const Clause&) { return true; });
  // (R AND L) OR (R NOT (remote OR hybrid)): documents holding no location word (all but jobs)
  // need only R.
  const std::string rest = Conjunction(query, typos, d, [](const Clause& c) { return !IsLocationClause(c); });
  const std::string location = Conjunction(query, typos, d, IsLocationClause);
  std::string any_location = "(";
  for (const std::string_view w : kLocationWords) {
    if (any_location.size() > 1) any_location += d.op_or;
    any_location += d.word(std::string(w));
  }
  any_location += ')';
  return "((" + rest + ")" + d.op_and + "(" + location + "))" + d.op_or + "((" + rest + ")" + d.op_and_not +
         any_location + ")";
}

const Dialect kFts5{[](const std::string& w) { return "\"" + Clean(w) + "\""; },
                    [](const std::string& w) { return "\"" + Clean(w) + "\"*"; },
                    [](const std::vector<std::string>& words, bool prefix) {
                      std::string out = "\"";
                      for (std::size_t i = 0; i < words.size(); ++i) out += (i > 0 ? " " : "") + Clean(words[i]);
                      return out + (prefix ? "\"*" : "\"");
                    },
                    " OR ",
                    " AND ",
                    " NOT ",
                    false};

const Dialect kTsQuery{[](const std::string& w) { return "'" + Clean(w) + "'"; },
                       [](const std::string& w) { return "'" + Clean(w) + "':*"; },
                       [](const std::vector<std::string>& words, bool prefix) {
                         std::string out = "(";
                         for (std::size_t i = 0; i < words.size(); ++i)
                           out += (i > 0 ? " <-> '" : "'") + Clean(words[i]) + "'";
                         return out + (prefix ? ":*)" : ")");
                       },
                       " | ",
                       " & ",
                       " & !",
                       true};

}  // namespace

std::string Fts5Expression(const Query& query, bool typos) {
  return Expression(query, typos, kFts5);
}
std::string Fts5Word(const std::string& word) {
  return kFts5.word(word);
}
std::string TsQueryExpression(const Query& query, bool typos) {
  return Expression(query, typos, kTsQuery);
}

namespace {

// Recursive descent over Fts5Expression's syntax (query.h: ParseFts5Expression). Each level of
// recursion consumes a parenthesis; kMaxDepth of them bounds the stack whatever the text (ours
// nest three deep at most).
class Fts5Parser {
 public:
  explicit Fts5Parser(std::string_view text) : text_(text) {}

  std::optional<Fts5Tree> Parse() {
    const int root = Or();
    Skip();
    if (root < 0 || pos_ != text_.size()) return std::nullopt;
    tree_.root = root;
    return std::move(tree_);
  }

 private:
  void Skip() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool Operator(std::string_view op) {
    Skip();
    if (text_.substr(pos_, op.size()) != op) return false;
    const std::size_t end = pos_ + op.size();
    if (end < text_.size() && text_[end] != ' ' && text_[end] != '(' && text_[end] != '"') return false;
    pos_ = end;
    return true;
  }
  int Node(Fts5Tree::Kind kind, int left, int right, int phrase = -1) {
    tree_.nodes.push_back({kind, phrase, left, right});
    return static_cast<int>(tree_.nodes.size()) - 1;
  }
  // One operator level: operands of `next`, joined by `op`, left to right.
  template <typename Next>
  int Level(std::string_view op, Fts5Tree::Kind kind, Next next) {
    int left = (this->*next)();
    while (left >= 0 && Operator(op)) {
      const int right = (this->*next)();
      if (right < 0) return -1;
      left = Node(kind, left, right);
    }
    return left;
  }
  int Or() { return Level("OR", Fts5Tree::Kind::kOr, &Fts5Parser::And); }
  int And() { return Level("AND", Fts5Tree::Kind::kAnd, &Fts5Parser::Not); }
  int Not() { return Level("NOT", Fts5Tree::Kind::kNot, &Fts5Parser::Primary); }
  int Primary() {
    Skip();
    if (pos_ >= text_.size()) return -1;
    if (text_[pos_] == '(') {
      if (++depth_ > kMaxDepth) return -1;
      ++pos_;
      const int inner = Or();
      Skip();
      if (inner < 0 || pos_ >= text_.size() || text_[pos_] != ')') return -1;
      ++pos_;
      --depth_;
      return inner;
    }
    if (text_[pos_] != '"') return -1;
    const std::size_t close = text_.find('"', pos_ + 1);
    if (close == std::string_view::npos || close == pos_ + 1) return -1;
    std::size_t end = close + 1;
    if (end < text_.size() && text_[end] == '*') ++end;
    tree_.phrases.emplace_back(text_.substr(pos_, end - pos_));
    pos_ = end;
    return Node(Fts5Tree::Kind::kPhrase, -1, -1, static_cast<int>(tree_.phrases.size()) - 1);
  }

  static constexpr int kMaxDepth = 32;
  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  Fts5Tree tree_;
};

}  // namespace

std::optional<Fts5Tree> ParseFts5Expression(std::string_view expression) {
  return Fts5Parser(expression).Parse();
}

bool HasTypos(const Query& query) {
  return std::any_of(query.clauses.begin(), query.clauses.end(), [](const Clause& c) { return !c.typos.empty(); });
}

int AllowedTypos(std::size_t code_points) {
  if (code_points < 5) return 0;
  return code_points < 9 ? 1 : 2;
}

int BoundedDistance(std::string_view a_text, std::string_view b_text, int max) {
  if (max < 0) return 0;
  const std::vector<char32_t> a = CodePointsOf(a_text), b = CodePointsOf(b_text);
  const long la = static_cast<long>(a.size()), lb = static_cast<long>(b.size());
  const long bound = max;
  if (std::abs(la - lb) > bound) return max + 1;
  const long inf = bound + 1;
  // Three rows of the optimal-string-alignment table, only cells within `bound` of the diagonal.
  std::vector<long> before(static_cast<std::size_t>(lb + 1), inf), prev(before), row(before);
  for (long j = 0; j <= std::min(lb, bound); ++j) prev[static_cast<std::size_t>(j)] = j;
  for (long i = 1; i <= la; ++i) {
    std::fill(row.begin(), row.end(), inf);
    if (i <= bound) row[0] = i;
    long best = row[0];
    for (long j = std::max(1L, i - bound); j <= std::min(lb, i + bound); ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const long cost = a[static_cast<std::size_t>(i - 1)] == b[ju - 1] ? 0 : 1;
      long v = std::min({prev[ju] + 1, row[ju - 1] + 1, prev[ju - 1] + cost});
      if (i > 1 && j > 1 && a[static_cast<std::size_t>(i - 1)] == b[ju - 2] &&
          a[static_cast<std::size_t>(i - 2)] == b[ju - 1]) {
        v = std::min(v, before[ju - 2] + 1);
      }
      row[ju] = std::min(v, inf);
      best = std::min(best, row[ju]);
    }
    if (best > bound) return max + 1;
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return static_cast<int>(std::min(prev[static_cast<std::size_t>(lb)], inf));
}

VocabularySlice SliceFor(std::string_view word, int max_typos) {
  const std::size_t length = html::CodePoints(html::ToValidUtf8(word));
  const int typos = max_typos >= 0 ? max_typos : AllowedTypos(length);
  if (typos == 0 || word.empty()) return {};
  const Decoded first = DecodeAt(word, 0);
  const int n = static_cast<int>(length);
  return {std::string(word.substr(0, first.length)), n - typos, n + typos};
}

std::vector<std::string> TypoCandidates(std::string_view word, std::span<const VocabularyEntry> vocabulary,
                                        std::size_t limit, int max_typos) {
  const VocabularySlice slice = SliceFor(word, max_typos);
  if (slice.first.empty() || limit == 0) return {};
  const int typos = max_typos >= 0 ? max_typos : AllowedTypos(html::CodePoints(html::ToValidUtf8(word)));
  struct Found {
    int distance;
    std::int64_t docs;
    std::string_view term;
  };
  std::vector<Found> found;
  for (const VocabularyEntry& entry : vocabulary) {
    if (entry.term == word || !entry.term.starts_with(slice.first)) continue;
    const int length = static_cast<int>(html::CodePoints(html::ToValidUtf8(entry.term)));
    if (length < slice.min_length || length > slice.max_length) continue;
    const int d = BoundedDistance(word, entry.term, typos);
    if (d <= typos) found.push_back({d, entry.docs, entry.term});
  }
  std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
    return std::tie(x.distance, y.docs, x.term) < std::tie(y.distance, x.docs, y.term);
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < found.size() && out.size() < limit; ++i) {
    if (i > 0 && found[i].term == found[i - 1].term) continue;
    out.emplace_back(found[i].term);
  }
  return out;
}

std::vector<SnippetPart> SplitSnippet(std::string_view marked) {
  std::vector<SnippetPart> parts;
  bool match = false;
  std::string text;
  const auto flush = [&] {
    if (text.empty()) return;
    if (!parts.empty() && parts.back().match == match) {
      parts.back().text += text;
    } else {
      parts.push_back({std::move(text), match});
    }
    text.clear();
  };
  for (const char c : marked) {
    if (c == kMarkStart[0] || c == kMarkEnd[0]) {
      flush();
      match = c == kMarkStart[0];
      continue;
    }
    text += c;
  }
  flush();
  return parts;
}

std::string SnippetHtml(std::span<const SnippetPart> parts) {
  std::string out;
  for (const SnippetPart& p : parts) {
    const std::string text = html::Escape(html::ToValidUtf8(p.text));
    if (p.match) {
      out += "<mark>" + text + "</mark>";
    } else {
      out += text;
    }
  }
  return out;
}

}  // namespace starprep::search
