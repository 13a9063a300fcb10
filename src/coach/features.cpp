// SPDX-License-Identifier: Apache-2.0
#include "coach/features.h"

#include <array>

#include "coach/lexicon.h"

namespace starprep::coach {
namespace {

constexpr std::array<std::string_view, kComponentCount> kNames = {"situation", "task", "action", "result", "other"};

struct Label {
  std::string_view words;  // lower-case tokens joined by one space
  Component component;
};
constexpr std::array<Label, 44> kLabels = {{
    {"situation", Component::kSituation},
    {"the situation", Component::kSituation},
    {"context", Component::kSituation},
    {"background", Component::kSituation},
    {"setting", Component::kSituation},
    {"problem", Component::kSituation},
    {"the problem", Component::kSituation},
    {"s", Component::kSituation},
    {"task", Component::kTask},
    {"tasks", Component::kTask},
    {"the task", Component::kTask},
    {"my task", Component::kTask},
    {"goal", Component::kTask},
    {"goals", Component::kTask},
    {"the goal", Component::kTask},
    {"objective", Component::kTask},
    {"responsibility", Component::kTask},
    {"my responsibility", Component::kTask},
    {"my role", Component::kTask},
    {"challenge", Component::kTask},
    {"t", Component::kTask},
    {"action", Component::kAction},
    {"actions", Component::kAction},
    {"the action", Component::kAction},
    {"approach", Component::kAction},
    {"my approach", Component::kAction},
    {"what i did", Component::kAction},
    {"steps", Component::kAction},
    {"solution", Component::kAction},
    {"a", Component::kAction},
    {"result", Component::kResult},
    {"results", Component::kResult},
    {"the result", Component::kResult},
    {"outcome", Component::kResult},
    {"outcomes", Component::kResult},
    {"the outcome", Component::kResult},
    {"impact", Component::kResult},
    {"learnings", Component::kResult},
    {"lessons learned", Component::kResult},
    {"lesson learned", Component::kResult},
    {"what i learned", Component::kResult},
    {"takeaway", Component::kResult},
    {"takeaways", Component::kResult},
    {"r", Component::kResult},
}};

// Feature tags; a feature is Hash(value, Hash(tag)).
constexpr std::uint64_t Tag(std::string_view tag) {
  return Hash(tag);
}

}  // namespace

std::string_view ComponentName(Component c) {
  return kNames[static_cast<int>(c)];
}

bool ParseComponent(std::string_view name, Component& out) {
  for (int i = 0; i < kComponentCount; ++i) {
    if (kNames[i] == name) {
      out = static_cast<Component>(i);
      return true;
    }
  }
  return false;
}

int HeadingComponent(const Document& doc, std::size_t s) {
  const std::size_t first = doc.first_token[s];
  const std::size_t count = doc.TokenCount(s);
  if (count == 0 || !(doc.lex[first] & kLexHeadingStart)) return -1;
  for (const Label& label : kLabels) {
    // Match the label's words against the sentence's first tokens.
    std::size_t k = 0;
    std::string_view rest = label.words;
    bool match = true;
    while (!rest.empty()) {
      const std::size_t sp = rest.find(' ');
      const std::string_view word = rest.substr(0, sp);
      if (k >= count || doc.tokens.items[first + k].lower != word) {
        match = false;
        break;
      }
      ++k;
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    }
    if (!match) continue;
    // A label is the whole sentence ("**Result**", "What I did:") or is followed by ':' or a dash.
    const std::uint32_t after = doc.tokens.items[first + k - 1].span.end;
    std::size_t p = after;
    while (p < doc.sentences[s].end && (doc.text[p] == '*' || doc.text[p] == ' ' || doc.text[p] == '_')) ++p;
    const bool punct = p < doc.sentences[s].end &&
                       (doc.text[p] == ':' || doc.text[p] == '-' || doc.text.substr(p, 3) == "\xE2\x80\x93" ||
                        doc.text.substr(p, 3) == "\xE2\x80\x94");
    const bool whole = k == count;
    if (punct || (whole && label.words.size() > 1)) return static_cast<int>(label.component);
  }
  return -1;
}

void Prepare(std::string_view text, Document& doc) {
  doc.text = text;
  Tokenize(text, doc.tokens);
  doc.stems.clear();
  doc.lex.clear();
  doc.stem_buffer.clear();
  doc.stem_buffer.reserve(text.size() + 1);  // stems are never longer than their words: no reallocation
  std::string scratch;
  for (const Token& tok : doc.tokens.items) {
    if (tok.kind == TokenKind::kNumber) {
      doc.stems.emplace_back("#");
      doc.lex.push_back(0);
      continue;
    }
    doc.lex.push_back(LexFlags(tok.lower));
    const std::string_view stem = Stem(tok.lower, scratch);
    const std::size_t at = doc.stem_buffer.size();
    doc.stem_buffer.append(stem);
    doc.stems.emplace_back(doc.stem_buffer.data() + at, stem.size());
  }
  const std::vector<Span> sentences = SplitSentences(text);
  doc.sentence_count = sentences.size();
  doc.sentences.clear();
  doc.clause.clear();
  for (const Span& sentence : sentences) {
    const std::vector<Span> clauses = SplitClauses(text, sentence);
    for (std::size_t k = 0; k < clauses.size(); ++k) {
      doc.sentences.push_back(clauses[k]);
      doc.clause.push_back(clauses.size() == 1       ? Document::Clause::kWhole
                           : k == 0                  ? Document::Clause::kFirst
                           : k + 1 == clauses.size() ? Document::Clause::kLast
                                                     : Document::Clause::kMiddle);
    }
  }
  // A sentence's tokens start inside its span (list markers' digits fall between sentences).
  doc.first_token.resize(doc.sentences.size());
  doc.token_end.resize(doc.sentences.size());
  std::size_t t = 0;
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    while (t < doc.tokens.items.size() && doc.tokens.items[t].span.start < doc.sentences[s].start) ++t;
    doc.first_token[s] = static_cast<std::uint32_t>(t);
    while (t < doc.tokens.items.size() && doc.tokens.items[t].span.start < doc.sentences[s].end) ++t;
    doc.token_end[s] = static_cast<std::uint32_t>(t);
  }
  doc.heading.assign(doc.sentences.size(), -1);
  doc.under.assign(doc.sentences.size(), -1);
  int current = -1;
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    doc.heading[s] = static_cast<std::int8_t>(HeadingComponent(doc, s));
    if (doc.heading[s] >= 0) current = doc.heading[s];
    doc.under[s] = static_cast<std::int8_t>(current);
  }
}

void SentenceFeatures(const Document& doc, std::size_t s, std::vector<std::uint64_t>& out) {
  out.clear();
  const std::size_t n = doc.sentences.size();
  const std::size_t first = doc.first_token[s];
  const std::size_t count = doc.TokenCount(s);
  const auto& items = doc.tokens.items;
  auto add = [&](std::uint64_t tag, std::string_view value) { out.push_back(Hash(value, tag)); };
  static constexpr std::array<std::string_view, 7> kSmall = {"0", "1", "2", "3", "4", "5", "6"};
  auto small = [&](std::size_t v) { return kSmall[std::min<std::size_t>(v, kSmall.size() - 1)]; };

  out.push_back(Tag("bias"));
  // Words and word pairs (stems).
  for (std::size_t k = 0; k < count; ++k) {
    const std::string_view stem = doc.stems[first + k];
    add(Tag("u:"), stem);
    if (k + 1 < count) out.push_back(Hash(doc.stems[first + k + 1], Hash("_", Hash(stem, Tag("g:")))));
  }
  if (count > 0) {
    add(Tag("f1:"), doc.stems[first]);
    if (count > 1) out.push_back(Hash(doc.stems[first + 1], Hash("_", Hash(doc.stems[first], Tag("f2:")))));
    add(Tag("l1:"), doc.stems[first + count - 1]);
  }
  // Neighbours' first words: "So", "Then", "In the end" around a sentence hint at its role.
  if (s > 0 && doc.TokenCount(s - 1) > 0) add(Tag("pf1:"), doc.stems[doc.first_token[s - 1]]);
  if (s + 1 < n && doc.TokenCount(s + 1) > 0) add(Tag("nf1:"), doc.stems[doc.first_token[s + 1]]);

  // Where a clause sits in its sentence ("whole" for an undivided sentence).
  static constexpr std::array<std::string_view, 4> kClause = {"whole", "first", "middle", "last"};
  add(Tag("clause:"), kClause[static_cast<int>(doc.clause[s])]);

  // Position in the answer.
  add(Tag("pos5:"), small(n ? 5 * s / n : 0));
  add(Tag("from-start:"), small(s));
  add(Tag("from-end:"), small(n - 1 - s));
  add(Tag("len:"), small(count < 3 ? 0 : count < 6 ? 1 : count < 10 ? 2 : count < 18 ? 3 : count < 30 ? 4 : 5));

  // Tense, pronouns, numbers.
  std::size_t past = 0;
  bool i_word = false, we_word = false, number = false, percent = false, money = false, unit = false, times = false;
  for (std::size_t k = 0; k < count; ++k) {
    const Token& tok = items[first + k];
    if (tok.kind == TokenKind::kNumber) {
      number = true;
      const std::size_t e = tok.span.end;
      if (e < doc.text.size() && doc.text[e] == '%') percent = true;
      if (tok.span.start > 0 && (doc.text[tok.span.start - 1] == '$' ||
                                 (tok.span.start > 1 && doc.text.substr(tok.span.start - 2, 2) == "\xC2\xA3") ||
                                 (tok.span.start > 2 && doc.text.substr(tok.span.start - 3, 3) == "\xE2\x82\xAC")))
        money = true;
      if (first + k + 1 < items.size()) {
        const std::string_view next = items[first + k + 1].lower;
        if (next == "percent" || next == "pp") percent = true;
        if (next == "x" || next == "times") times = true;
        if (doc.lex[first + k + 1] & kLexUnit) unit = true;
      }
      continue;
    }
    const std::string_view w = tok.lower;
    const std::uint16_t lex = doc.lex[first + k];
    if ((lex & kLexPastIrregular) || (w.size() > 3 && w.ends_with("ed"))) ++past;
    if ((lex & kLexI) || w == "i'm" || w == "i've" || w == "i'd") i_word = true;
    if ((lex & kLexWe) || w == "we're" || w == "we'd" || w == "we've") we_word = true;
  }
  add(Tag("past:"), small(std::min<std::size_t>(past, 3)));
  if (i_word) out.push_back(Tag("has-i"));
  if (we_word) out.push_back(Tag("has-we"));
  if (number) out.push_back(Tag("num"));
  if (percent) out.push_back(Tag("num%"));
  if (money) out.push_back(Tag("num$"));
  if (unit) out.push_back(Tag("num-unit"));
  if (times) out.push_back(Tag("num-x"));
  const Span span = doc.sentences[s];
  if (span.end > span.start && doc.text[span.end - 1] == '?') out.push_back(Tag("question"));
  if (span.end > span.start && doc.text[span.end - 1] == ':') out.push_back(Tag("colon-end"));

  // The candidate's own headings: "Situation:", "**Result**", "What I did -".
  if (doc.heading[s] >= 0) add(Tag("heading:"), kNames[doc.heading[s]]);
  if (doc.under[s] >= 0) add(Tag("under:"), kNames[doc.under[s]]);
}

}  // namespace starprep::coach
