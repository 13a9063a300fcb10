// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turning an answer into what the classifier sees: sentences, tokens, stems, and per-sentence
// feature hashes (cue words and phrases, first and last words, tense, pronouns, numbers,
// position in the answer, the candidate's own "Situation:"-style headings, neighbours' first
// words). Pure; a Document is per call and not shared between threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coach/text.h"

namespace starprep::coach {

enum class Component : std::uint8_t { kSituation, kTask, kAction, kResult, kOther };
inline constexpr int kComponentCount = 5;
inline constexpr int kStarCount = 4;  // the first four are the STAR parts

// "situation", "task", "action", "result", "other".
std::string_view ComponentName(Component c);
// The component named `name` (as above), or false.
bool ParseComponent(std::string_view name, Component& out);

struct Document {
  std::string_view text;  // the analysed answer (not owned)
  Tokens tokens;
  std::string stem_buffer;              // backing store of `stems`
  std::vector<std::string_view> stems;  // per token; "#" for numbers
  std::vector<std::uint16_t> lex;       // per token: LexFlags (coach/lexicon.h); 0 for numbers
  // The units the coach labels: each sentence, or each clause of a sentence that SplitClauses
  // divides. (Named for what they usually are; `sentence_count` counts real sentences.)
  std::vector<Span> sentences;
  std::size_t sentence_count = 0;
  enum class Clause : std::uint8_t { kWhole, kFirst, kMiddle, kLast };
  std::vector<Clause> clause;              // per unit: where it sits in its sentence
  std::vector<std::uint32_t> first_token;  // per sentence: index of its first token
  std::vector<std::uint32_t> token_end;    // per sentence: one past its last token
  std::vector<std::int8_t> heading;        // per sentence: component its own heading names, or -1
  std::vector<std::int8_t> under;          // per sentence: component of the latest heading so far, or -1

  std::size_t TokenCount(std::size_t sentence) const { return token_end[sentence] - first_token[sentence]; }
};

// Fills `doc` for `text`; `text` must outlive `doc`.
void Prepare(std::string_view text, Document& doc);

// Replaces `out` with the feature hashes of sentence `s` of `doc`.
void SentenceFeatures(const Document& doc, std::size_t s, std::vector<std::uint64_t>& out);

// Words a heading or label of each component may use ("Situation", "Context", "What I did"...).
// Returns the component a short heading text names, or -1.
int HeadingComponent(const Document& doc, std::size_t sentence);

}  // namespace starprep::coach
