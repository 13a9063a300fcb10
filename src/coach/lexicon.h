// SPDX-License-Identifier: Apache-2.0
#pragma once
// The coach's word lists in one place: pronouns, filler and hedge words, vague claims, units,
// multipliers, spelled-out numbers, irregular past tenses, stopwords. A lookup is one hash probe
// into a table built once (thread-safe static initialisation, read-only afterwards).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "coach/text.h"

namespace starprep::coach {

enum LexFlag : std::uint16_t {
  kLexI = 1 << 0,              // i, me, my, mine, myself
  kLexWe = 1 << 1,             // we, us, our, ours, ourselves
  kLexFiller = 1 << 2,         // basically, just, really...
  kLexFillerStart = 1 << 3,    // first word of a filler phrase: "kind of", "you know"
  kLexVague = 1 << 4,          // significantly, dramatically...
  kLexVagueStart = 1 << 5,     // first word of a vague phrase: "a lot", "improved performance"
  kLexUnit = 1 << 6,           // ms, hours, percent, x, million...
  kLexMultiplier = 1 << 7,     // doubled, halved, twice...
  kLexNumberWord = 1 << 8,     // two, forty, hundred, dozen...
  kLexPastIrregular = 1 << 9,  // was, had, built, led...
  kLexStop = 1 << 10,          // stopwords for keyword extraction
  kLexHeadingStart = 1 << 11,  // first word of a heading a candidate may type ("Situation:", "What I did")
};

// Flags of a lower-case word (0 for unknown words).
std::uint16_t LexFlags(std::string_view lower);

// Number of tokens of the filler (or vague) phrase starting at items[k], not reaching `end`;
// 0 if none starts there. Single-word entries count as phrases of one token. Cheap to skip:
// call only for tokens whose flags include kLexFiller/kLexFillerStart (kLexVague/kLexVagueStart).
std::size_t FillerAt(const std::vector<Token>& items, std::size_t k, std::size_t end);
std::size_t VagueAt(const std::vector<Token>& items, std::size_t k, std::size_t end);

}  // namespace starprep::coach
