// SPDX-License-Identifier: Apache-2.0
#pragma once
// The answer coach: explainable STAR feedback on a candidate's own answer, in-process.
//
//   coach::Model model = ...;                       // coach::EmbeddedModel() in the binary
//   coach::Context ctx = coach::MakeContext(model, &question, role.skills);
//   coach::Report r = coach::Analyze(model, answer_text, ctx);
//   std::string json = coach::ToJson(answer_text, r);  // the documented JSON contract
//
// Pure: no I/O, no shared mutable state. Analyze is safe to call from many threads at once with
// the same Model and Context. It accepts any bytes; callers reject empty or invalid UTF-8 input
// before (the CLI and the API do, with a clear message) because offsets are reported in bytes.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coach/features.h"
#include "coach/model.h"
#include "content/model.h"

namespace starprep::coach {

// A term the answer is expected to touch: a role skill ("distributed systems") or a topic word
// of the question ("rollback"). Matched on stems, all words present.
struct Keyword {
  std::string display;
  std::vector<std::string> stems;
};

struct Context {
  std::vector<Keyword> keywords;  // empty: keywords are not assessed
};

// Keywords for a question (its most distinctive topic words, by tf-idf against the model's
// documents) and for a role (its skills). Either may be absent; callers pass a role's skills only
// when there is no question (practice/coaching.h).
Context MakeContext(const Model& model, const content::Question* question, const std::vector<std::string>& role_skills);

struct SentenceResult {
  Span span;
  Component component = Component::kOther;
  float confidence = 0;  // posterior probability of `component`, in [0, 1]
};

struct ComponentResult {
  bool present = false;  // evidence >= kMissingBelow
  float strength = 0;    // in [0, 1]: enough text, confidently recognised, and (for the result) measured
  // In [0, 1], from the whole answer: the mean of the probability that some sentence tells the
  // part (1 - the product over sentences of 1 - its posterior) and the answer-level presence
  // model's probability.
  float evidence = 0;
};

// The presence rule (docs/coach.md, "Presence"): a part is reported missing when its evidence is
// below kMissingBelow (chosen by cross-validation so that complete answers are rarely flagged);
// the advice asserts it only below kSureMissingBelow, and hedges ("If you haven't said...") up
// to kUnsureBelow, also for parts counted as present.
inline constexpr float kMissingBelow = 0.3f;
inline constexpr float kSureMissingBelow = 0.1f;
inline constexpr float kUnsureBelow = 0.5f;
// How sure the coach is that a missing part is missing: 1 - evidence.
inline float MissingConfidence(const ComponentResult& part) {
  return 1.0f - part.evidence;
}

struct Metrics {
  int words = 0;
  int sentences = 0;
  double speaking_seconds = 0;                  // at 140 words a minute
  std::vector<std::string> quantified_results;  // "40%", "$1.2M", "3x", "2 hours", "halved"
  int i_count = 0;                              // I, me, my, mine, myself
  int we_count = 0;                             // we, us, our, ours, ourselves
  std::vector<std::string> filler_words;        // each occurrence, lower case: "basically", "kind of"
  std::vector<std::string>
      vague_claims;  // phrases like "a lot" or "improved performance" in a sentence without a number
  std::vector<std::string> keywords_found;
  std::vector<std::string> keywords_missing;  // empty when the score is strong (kQuietKeywordsFrom)
};

// From this score on an answer is strong: the coach names no keywords it left out (neither in
// keywords_missing nor in a suggestion), so it does not nag about words at 92/100 (docs/coach.md).
inline constexpr int kQuietKeywordsFrom = 80;

// One line of the score breakdown; the points of all lines sum to Report::score.
struct ScorePart {
  std::string_view name;  // "situation", "task", "action", "result", "quantified_result",
                          // "ownership", "length", "delivery"
  int points = 0;
  int max = 0;
};

struct Suggestion {
  std::optional<Component> component;  // the STAR part it is about, if any
  std::string message;
};

struct Report {
  std::vector<SentenceResult> sentences;               // cover the answer in order
  std::array<ComponentResult, kStarCount> components;  // situation, task, action, result
  std::vector<Component> missing;                      // STAR parts not found, in STAR order
  Metrics metrics;
  int score = 0;  // 0..100
  std::vector<ScorePart> breakdown;
  std::vector<Suggestion> suggestions;  // most important first
};

Report Analyze(const Model& model, std::string_view answer, const Context& context);

// The JSON contract of `starprep coach --json` and POST /api/v1/coach (docs/coach.md).
std::string ToJson(std::string_view answer, const Report& report);

// The model compiled into the binary (trained at build time from content/).
const Model& EmbeddedModel();

}  // namespace starprep::coach
