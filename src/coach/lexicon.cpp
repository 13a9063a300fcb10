// SPDX-License-Identifier: Apache-2.0
#include "coach/lexicon.h"

#include <string>
#include <unordered_map>

namespace starprep::coach {
namespace {

constexpr std::string_view kI[] = {"i", "me", "my", "mine", "myself"};
constexpr std::string_view kWe[] = {"we", "us", "our", "ours", "ourselves"};
constexpr std::string_view kFillers[] = {
    "basically", "actually", "literally", "honestly", "just",        "really",       "totally",  "obviously", "um",
    "uh",        "maybe",    "probably",  "perhaps",  "somewhat",    "stuff",        "anyway",   "kind of",   "sort of",
    "you know",  "i mean",   "i guess",   "i think",  "pretty much", "more or less", "i believe"};
constexpr std::string_view kVague[] = {"a lot",
                                       "lots of",
                                       "significantly",
                                       "significant",
                                       "greatly",
                                       "hugely",
                                       "huge impact",
                                       "big impact",
                                       "much faster",
                                       "much better",
                                       "way faster",
                                       "way better",
                                       "very successful",
                                       "really successful",
                                       "went well",
                                       "positive impact",
                                       "more efficient",
                                       "improved performance",
                                       "improved efficiency",
                                       "made it better",
                                       "made it faster",
                                       "better performance",
                                       "a big difference",
                                       "dramatically",
                                       "substantially"};
constexpr std::string_view kUnits[] = {
    "percent", "pp",      "x",       "times",    "ms",      "milliseconds", "millisecond", "s",     "sec", "secs",
    "second",  "seconds", "minute",  "minutes",  "min",     "mins",         "hour",        "hours", "hrs", "h",
    "day",     "days",    "week",    "weeks",    "month",   "months",       "year",        "years", "k",   "m",
    "bn",      "million", "billion", "thousand", "hundred", "gb",           "tb"};
constexpr std::string_view kMultipliers[] = {"doubled", "tripled",   "quadrupled", "halved", "twice",  "tenfold",
                                             "twofold", "threefold", "fivefold",   "double", "triple", "half"};
constexpr std::string_view kNumberWords[] = {
    "two",    "three",  "four",    "five",     "six",     "seven", "eight",   "nine",   "ten",
    "eleven", "twelve", "fifteen", "twenty",   "thirty",  "forty", "fifty",   "sixty",  "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "dozen", "several", "dozens", "hundreds"};
constexpr std::string_view kPastIrregular[] = {"was",   "were",  "had",     "did",   "made", "took", "led",
                                               "wrote", "built", "found",   "went",  "got",  "saw",  "ran",
                                               "set",   "came",  "brought", "began", "kept", "told", "gave"};
constexpr std::string_view kHeadingStarts[] = {
    "situation", "the",     "context", "background", "setting",   "problem",   "s",
    "task",      "tasks",   "my",      "goal",       "goals",     "objective", "responsibility",
    "challenge", "t",       "action",  "actions",    "approach",  "what",      "steps",
    "solution",  "a",       "result",  "results",    "outcome",   "outcomes",  "impact",
    "learnings", "lessons", "lesson",  "takeaway",   "takeaways", "r"};
constexpr std::string_view kStopwords[] = {
    "a",         "about",  "above",    "after",   "again",    "against",   "all",         "also",         "am",
    "an",        "and",    "any",      "are",     "as",       "ask",       "asks",        "at",           "be",
    "because",   "been",   "before",   "being",   "between",  "both",      "but",         "by",           "can",
    "candidate", "could",  "describe", "did",     "do",       "does",      "doing",       "don't",        "down",
    "during",    "each",   "even",     "example", "few",      "for",       "from",        "further",      "give",
    "had",       "has",    "have",     "having",  "he",       "hear",      "her",         "here",         "him",
    "his",       "how",    "i",        "if",      "in",       "interview", "interviewer", "interviewers", "into",
    "is",        "it",     "it's",     "its",     "just",     "know",      "like",        "made",         "make",
    "many",      "me",     "more",     "most",    "much",     "must",      "my",          "no",           "not",
    "now",       "of",     "off",      "on",      "once",     "one",       "only",        "or",           "other",
    "our",       "out",    "over",     "own",     "question", "rather",    "really",      "same",         "say",
    "she",       "should", "show",     "so",      "some",     "such",      "tell",        "than",         "that",
    "the",       "their",  "them",     "then",    "there",    "these",     "they",        "this",         "those",
    "through",   "time",   "to",       "too",     "under",    "until",     "up",          "very",         "want",
    "was",       "we",     "were",     "what",    "when",     "where",     "which",       "while",        "who",
    "why",       "will",   "with",     "would",   "you",      "your",      "answer",      "yes",          "way",
    "well",      "story",  "stories",  "get",     "got",      "thing",     "things"};

struct Lexicon {
  // Open addressing keyed by FNV-1a: one probe and one short compare per word, no allocation.
  struct Slot {
    std::string_view word;
    std::uint16_t flags = 0;
  };
  static constexpr std::size_t kSlots = 1024;  // power of two, well above twice the word count
  std::vector<Slot> table = std::vector<Slot>(kSlots);
  std::unordered_map<std::string_view, std::uint16_t> flags;  // built first, then copied into `table`
  std::vector<std::vector<std::string_view>> fillers;         // phrases split into words
  std::vector<std::vector<std::string_view>> vague;

  Lexicon() {
    auto mark = [&](const auto& words, std::uint16_t flag) {
      for (std::string_view w : words) flags[w] |= flag;
    };
    auto phrases = [&](const auto& list, std::vector<std::vector<std::string_view>>& out, std::uint16_t single,
                       std::uint16_t start) {
      for (std::string_view p : list) {
        std::vector<std::string_view> words;
        for (std::size_t pos = 0; pos <= p.size();) {
          const std::size_t sp = std::min(p.find(' ', pos), p.size());
          words.push_back(p.substr(pos, sp - pos));
          pos = sp + 1;
        }
        flags[words.front()] |= words.size() == 1 ? single : start;
        out.push_back(std::move(words));
      }
    };
    mark(kI, kLexI);
    mark(kWe, kLexWe);
    mark(kUnits, kLexUnit);
    mark(kMultipliers, kLexMultiplier);
    mark(kNumberWords, kLexNumberWord);
    mark(kPastIrregular, kLexPastIrregular);
    mark(kStopwords, kLexStop);
    mark(kHeadingStarts, kLexHeadingStart);
    phrases(kFillers, fillers, kLexFiller, kLexFillerStart);
    phrases(kVague, vague, kLexVague, kLexVagueStart);
    for (const auto& [word, f] : flags) {
      std::size_t i = Hash(word) & (kSlots - 1);
      while (!table[i].word.empty()) i = (i + 1) & (kSlots - 1);
      table[i] = {word, f};
    }
  }
};

const Lexicon& Get() {
  static const Lexicon lexicon;
  return lexicon;
}

// Longest phrase of `list` starting at items[k] whose words are adjacent tokens before `end`.
std::size_t PhraseAt(const std::vector<std::vector<std::string_view>>& list, const std::vector<Token>& items,
                     std::size_t k, std::size_t end) {
  std::size_t best = 0;
  for (const auto& words : list) {
    if (words.size() <= best || k + words.size() > end || words.front() != items[k].lower) continue;
    bool match = true;
    for (std::size_t i = 1; i < words.size() && match; ++i)
      match = items[k + i].lower == words[i] && items[k + i].span.start - items[k + i - 1].span.end <= 1;
    if (match) best = words.size();
  }
  return best;
}

}  // namespace

std::uint16_t LexFlags(std::string_view lower) {
  if (lower.empty() || lower.size() > 16) return 0;  // no listed word is longer
  const auto& table = Get().table;
  for (std::size_t i = Hash(lower) & (Lexicon::kSlots - 1);; i = (i + 1) & (Lexicon::kSlots - 1)) {
    if (table[i].word.empty()) return 0;
    if (table[i].word == lower) return table[i].flags;
  }
}

std::size_t FillerAt(const std::vector<Token>& items, std::size_t k, std::size_t end) {
  return PhraseAt(Get().fillers, items, k, end);
}

std::size_t VagueAt(const std::vector<Token>& items, std::size_t k, std::size_t end) {
  return PhraseAt(Get().vague, items, k, end);
}

}  // namespace starprep::coach
