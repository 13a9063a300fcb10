// SPDX-License-Identifier: Apache-2.0
#include "coach/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace starprep::coach {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool IsHSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool IsAsciiLetter(char c) {
  return IsUpper(c) || IsLower(c);
}
char Lower(char c) {
  return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// U+2000..U+206F (general punctuation: dashes, curly quotes, bullets, ellipsis) are E2 80/81 xx.
bool IsGeneralPunctuation(std::string_view t, std::size_t i) {
  return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 &&
         (static_cast<unsigned char>(t[i + 1]) == 0x80 || static_cast<unsigned char>(t[i + 1]) == 0x81);
}
// Letters for tokenising: ASCII letters and any non-ASCII byte that is not general punctuation.
std::size_t LetterLength(std::string_view t, std::size_t i) {
  const char c = t[i];
  if (IsAsciiLetter(c)) return 1;
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x80) return 0;
  if (u == 0xE2 && IsGeneralPunctuation(t, i)) return 0;
  if (u == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) < 0xC0) return 0;  // U+0080..U+00BF
  return 1;
}
// Curly apostrophe U+2019 (E2 80 99).
bool IsCurlyApostrophe(std::string_view t, std::size_t i) {
  return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
         static_cast<unsigned char>(t[i + 2]) == 0x99;
}

// Length of a list marker plus its following space at `i` ("- ", "* ", "+ ", "• ", "– ", "12. ",
// "3) "), or 0.
std::size_t ListMarkerLength(std::string_view t, std::size_t i) {
  const std::size_t n = t.size();
  if (i >= n) return 0;
  std::size_t j = i;
  if (t[i] == '-' || t[i] == '*' || t[i] == '+') {
    j = i + 1;
  } else if (i + 2 < n && static_cast<unsigned char>(t[i]) == 0xE2 && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
             (static_cast<unsigned char>(t[i + 2]) == 0xA2 || static_cast<unsigned char>(t[i + 2]) == 0x93)) {
    j = i + 3;  // • or –
  } else if (IsDigit(t[i])) {
    while (j < n && j - i < 3 && IsDigit(t[j])) ++j;
    if (j >= n || (t[j] != '.' && t[j] != ')')) return 0;
    ++j;
  } else {
    return 0;
  }
  if (j >= n || (t[j] != ' ' && t[j] != '\t')) return 0;
  while (j < n && (t[j] == ' ' || t[j] == '\t')) ++j;
  return j - i;
}

// Abbreviations after which a period never ends a sentence.
constexpr std::string_view kNeverEnds[] = {"e.g",  "i.e",  "eg",     "ie", "dr",  "mr",   "mrs", "ms",
                                           "prof", "vs",   "approx", "cf", "fig", "incl", "est", "ca",
                                           "resp", "dept", "min.",   "nr", "sr",  "jr"};
// Abbreviations that end a sentence only when a capitalised word follows.
constexpr std::string_view kMaybeEnds[] = {"etc", "u.s", "u.k", "e.u", "a.m", "p.m", "inc", "ltd", "co", "corp", "al"};

// Decides whether terminal punctuation at [p, q) (q = first byte after it and any closing quotes),
// followed by whitespace, ends the sentence that began at `start`.
bool EndsSentence(std::string_view t, std::size_t start, std::size_t p, std::size_t q) {
  // The first visible character after the whitespace.
  std::size_t k = q;
  while (k < t.size() && IsSpace(t[k])) ++k;
  const bool next_upper = k < t.size() && !IsLower(t[k]);
  if (t[p] != '.') return true;                                // ! or ?
  if (p + 1 < t.size() && t[p + 1] == '.') return next_upper;  // an ellipsis trails off
  // The word before the period, with inner periods ("e.g", "U.S").
  std::size_t b = p;
  while (b > start && (IsAsciiLetter(t[b - 1]) || t[b - 1] == '.')) --b;
  const std::string_view word = t.substr(b, p - b);
  if (word.empty()) return true;
  std::array<char, 8> low{};
  if (word.size() <= low.size()) {
    for (std::size_t i = 0; i < word.size(); ++i) low[i] = Lower(word[i]);
    const std::string_view w(low.data(), word.size());
    if (std::find(std::begin(kNeverEnds), std::end(kNeverEnds), w) != std::end(kNeverEnds)) return false;
    if (std::find(std::begin(kMaybeEnds), std::end(kMaybeEnds), w) != std::end(kMaybeEnds)) return next_upper;
  }
  if (word.size() == 1 && IsUpper(word[0]) && word[0] != 'I' && next_upper) return false;  // an initial: "J. Smith"
  if (word.find('.') != std::string_view::npos) return next_upper;                         // other dotted abbreviations
  return true;
}

}  // namespace

namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

// Whether [from, to) of `t` holds at least `n` words (runs of letters, digits and bytes >= 0x80,
// with inner apostrophes and hyphens). Stops at the n-th word: a sentence's clause candidates
// each look only as far as they need.
bool HasWords(std::string_view t, std::size_t from, std::size_t to, int n) {
  int words = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to && words < n; ++i) {
    const bool w = IsWordByte(static_cast<unsigned char>(t[i])) || (in_word && (t[i] == '\'' || t[i] == '-'));
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words >= n;
}

}  // namespace

std::vector<Span> SplitClauses(std::string_view t, Span sentence, int min_words) {
  std::vector<Span> out;
  std::size_t start = sentence.start;
  const std::size_t end = sentence.end;
  for (std::size_t i = sentence.start; i + 1 < end; ++i) {
    // A clause boundary: [cut, next) is the gap between the clause and the next one.
    std::size_t cut = 0, next = 0;
    const char c = t[i];
    if ((c == ',' || c == ';' || c == ':') && t[i + 1] == ' ') {
      cut = i + 1;
      next = i + 2;
    } else if (c == ' ' && i + 2 < end && t[i + 1] == '-' && t[i + 2] == ' ') {
      cut = i;
      next = i + 3;
    } else if (c == ' ' && i + 4 < end && t[i + 1] == '\xE2' && t[i + 2] == '\x80' &&
               (t[i + 3] == '\x93' || t[i + 3] == '\x94') && t[i + 4] == ' ') {  // en or em dash
      cut = i;
      next = i + 5;
    } else {
      continue;
    }
    while (next < end && t[next] == ' ') ++next;
    if (!HasWords(t, start, cut, min_words) || !HasWords(t, next, end, min_words)) continue;
    out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(cut)});
    start = next;
    i = next - 1;
  }
  out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
  return out;
}

std::vector<Span> SplitSentences(std::string_view t) {
  std::vector<Span> out;
  const std::size_t n = t.size();
  // Hard-wrapped text (pasted from an email or an editor) keeps every line short; a text with a
  // line over 100 bytes was typed line by line, and each of its line breaks ends a sentence.
  bool may_be_wrapped = true;
  for (std::size_t line = 0; line < n && may_be_wrapped;) {
    const std::size_t nl = std::min(t.find('\n', line), n);
    may_be_wrapped = nl - line <= 100;
    line = nl + 1;
  }
  std::size_t start = std::string_view::npos;  // first byte of the current sentence
  std::size_t line_begin = 0;
  auto flush = [&](std::size_t end) {
    if (start == std::string_view::npos) return;
    while (end > start && IsSpace(t[end - 1])) --end;
    if (end > start) out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
    start = std::string_view::npos;
  };
  std::size_t i = 0;
  bool at_line_start = true;
  while (i < n) {
    if (at_line_start) {
      at_line_start = false;
      line_begin = i;
      std::size_t j = i;
      while (j < n && IsHSpace(t[j])) ++j;
      if (const std::size_t m = ListMarkerLength(t, j)) {
        flush(i);
        i = j + m;
        line_begin = i;
        continue;
      }
    }
    const char c = t[i];
    if (c == '\n') {
      std::size_t j = i + 1;
      bool blank = false;
      while (j < n && IsSpace(t[j])) {
        if (t[j] == '\n') blank = true;
        ++j;
      }
      if (start != std::string_view::npos) {
        std::size_t last = i;
        while (last > line_begin && IsSpace(t[last - 1])) --last;
        const char end_char = last > line_begin ? t[last - 1] : ' ';
        // A hard-wrapped paragraph: a long line that stops mid-phrase and a next line in lower case.
        const bool wrapped = may_be_wrapped && last - line_begin >= 40 &&
                             (IsAsciiLetter(end_char) || end_char == ',') && j < n &&
                             (IsLower(t[j]) || IsDigit(t[j])) && ListMarkerLength(t, j) == 0;
        if (blank || !wrapped) flush(i);
      }
      // Resume at the start of the next line (its indentation is skipped there).
      std::size_t next_line = j;
      while (next_line > i + 1 && t[next_line - 1] != '\n') --next_line;
      i = next_line;
      at_line_start = true;
      continue;
    }
    if (start == std::string_view::npos && !IsSpace(c)) start = i;
    if (c == '.' || c == '!' || c == '?') {
      std::size_t q = i + 1;
      while (q < n && (t[q] == '.' || t[q] == '!' || t[q] == '?')) ++q;
      for (;;) {  // closing quotes and brackets stay with the sentence
        if (q < n && (t[q] == '"' || t[q] == '\'' || t[q] == ')' || t[q] == ']')) {
          ++q;
        } else if (q + 2 < n && static_cast<unsigned char>(t[q]) == 0xE2 &&
                   static_cast<unsigned char>(t[q + 1]) == 0x80 &&
                   (static_cast<unsigned char>(t[q + 2]) == 0x99 || static_cast<unsigned char>(t[q + 2]) == 0x9D)) {
          q += 3;
        } else {
          break;
        }
      }
      if (q < n && IsHSpace(t[q]) && start != std::string_view::npos && EndsSentence(t, start, i, q)) flush(q);
      i = q;
      continue;
    }
    ++i;
  }
  flush(n);
  return out;
}

void Tokenize(std::string_view t, Tokens& out) {
  out.items.clear();
  out.buffer.resize(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) out.buffer[i] = Lower(t[i]);
  const std::string_view lower = out.buffer;
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t start = i;
    if (IsDigit(t[i])) {
      ++i;
      while (i < n && (IsDigit(t[i]) || ((t[i] == '.' || t[i] == ',') && i + 1 < n && IsDigit(t[i + 1])))) ++i;
      out.items.push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)},
                           TokenKind::kNumber,
                           lower.substr(start, i - start)});
      continue;
    }
    if (std::size_t len = LetterLength(t, i)) {
      i += len;
      for (;;) {
        if (i >= n) break;
        if (std::size_t l = LetterLength(t, i); l || IsDigit(t[i])) {
          i += l ? l : 1;
          continue;
        }
        // Inner apostrophe or hyphen between letters: "don't", "on-call", "don’t".
        const std::size_t joiner = (t[i] == '\'' || t[i] == '-') ? 1 : IsCurlyApostrophe(t, i) ? 3 : 0;
        if (joiner && i + joiner < n && LetterLength(t, i + joiner)) {
          i += joiner;
          continue;
        }
        break;
      }
      out.items.push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)},
                           TokenKind::kWord,
                           lower.substr(start, i - start)});
      continue;
    }
    i += IsGeneralPunctuation(t, i) ? 3 : 1;  // skip a curly quote or dash whole
  }
}

std::string_view Stem(std::string_view w, std::string& scratch) {
  // Byte loop rather than memcmp: suffixes are a few bytes and this runs for every word.
  auto ends = [](std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    const char* tail = s.data() + s.size() - suffix.size();
    for (std::size_t i = 0; i < suffix.size(); ++i)
      if (tail[i] != suffix[i]) return false;
    return true;
  };
  std::string_view s = w;
  if (ends(s, "'s")) s.remove_suffix(2);
  if (ends(s, "\xE2\x80\x99s")) s.remove_suffix(4);
  if (s.size() <= 3) return s;
  auto has_vowel = [](std::string_view x) { return x.find_first_of("aeiouy") != std::string_view::npos; };
  auto undouble = [&](std::string_view x) {
    const std::size_t k = x.size();
    if (k >= 3 && x[k - 1] == x[k - 2] && x[k - 1] != 'l' && x[k - 1] != 's' && x[k - 1] != 'z' &&
        std::string_view("aeiou").find(x[k - 1]) == std::string_view::npos)
      x.remove_suffix(1);
    return x;
  };
  if (ends(s, "ies") && s.size() > 4) {
    scratch.assign(s.substr(0, s.size() - 3));
    scratch.push_back('y');
    return scratch;
  }
  if (ends(s, "ied") && s.size() > 4) {
    scratch.assign(s.substr(0, s.size() - 3));
    scratch.push_back('y');
    return scratch;
  }
  if (ends(s, "sses")) {
    s.remove_suffix(2);
  } else if (ends(s, "s") && !ends(s, "ss") && !ends(s, "us") && (!ends(s, "is") || s.size() == 4) && s.size() > 3) {
    // "-is" stays on nouns like "analysis", but "apis" is the plural of "api".
    s.remove_suffix(1);
  }
  if (ends(s, "ing") && s.size() >= 6 && has_vowel(s.substr(0, s.size() - 3))) {
    s = undouble(s.substr(0, s.size() - 3));
  } else if (ends(s, "ed") && s.size() >= 5 && has_vowel(s.substr(0, s.size() - 2))) {
    s = undouble(s.substr(0, s.size() - 2));
  } else if (ends(s, "ly") && s.size() >= 6) {
    s.remove_suffix(2);
  }
  if (ends(s, "e") && s.size() > 4) s.remove_suffix(1);
  return s;
}

}  // namespace starprep::coach
