// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text primitives of the answer coach: sentence segmentation, word tokens, a light stemmer.
// Pure functions of their input; no allocation beyond the returned values; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace starprep::coach {

// A byte range [start, end) of the analysed text.
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

// The sentences of `text`, in order and without overlaps. Each span is trimmed of surrounding
// whitespace and of a leading list marker ("- ", "* ", "• ", "1. ", "2) "). Sentences end at
// ., ! or ? followed by space (not after abbreviations such as "e.g." or "Dr.", initials, or
// inside numbers like 99.99% and v2.3.1), at blank lines, before list items, after a line
// ending in ':' and at line breaks that do not look like a hard-wrapped paragraph (a long line
// stopping mid-phrase before a lower-case line, in a text whose lines are all at most 100 bytes). Text
// without final punctuation still forms a last sentence. Works on any bytes (invalid UTF-8
// is treated as letters); spans never split a multi-byte sequence.
std::vector<Span> SplitSentences(std::string_view text);

// The clauses of `sentence` (a span of `text`), for a sentence that carries two parts ("While
// migrating our CRM, I was asked to cut downtime to zero"). A clause ends after ", ", "; ", ": "
// or before a spaced dash (" - ", " – ", " — "), and only where the clause before and the rest
// of the sentence after each have at least `min_words` words, so lists ("Go, Rust and C") and
// short openers ("In 2021, ...") stay whole. Returns {sentence} when nothing splits. Spans are
// trimmed of spaces, in order, and cover the sentence between them.
inline constexpr int kMinClauseWords = 7;
std::vector<Span> SplitClauses(std::string_view text, Span sentence, int min_words = kMinClauseWords);

enum class TokenKind : std::uint8_t {
  kWord,    // letters (any byte >= 0x80 counts as a letter), with inner ' or - ("don't", "on-call")
  kNumber,  // digits with inner . or , ("99.99", "1,200"); a trailing unit is a separate token
};

struct Token {
  Span span;  // in the original text
  TokenKind kind;
  std::string_view lower;  // ASCII-lowercased text, a view into Tokens::buffer (do not copy Tokens)
};

// Word and number tokens of `text` (punctuation and symbols are skipped).
struct Tokens {
  std::string buffer;  // backing store of every Token::lower
  std::vector<Token> items;
};
void Tokenize(std::string_view text, Tokens& out);

// A light English suffix stemmer for features and keyword matching: "reduced", "reducing",
// "reduces" -> "reduc"; "queries" -> "query". Returns a view into `scratch` or into `word`.
std::string_view Stem(std::string_view word, std::string& scratch);

// FNV-1a, 64-bit, streamable: Hash(b, Hash(a)) == Hash(a + b).
constexpr std::uint64_t kHashSeed = 14695981039346656037ull;
constexpr std::uint64_t Hash(std::string_view s, std::uint64_t h = kHashSeed) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace starprep::coach
