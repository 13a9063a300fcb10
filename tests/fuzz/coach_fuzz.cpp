// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the coach's entry point on arbitrary bytes (invalid UTF-8, control bytes,
// huge inputs). Besides sanitizer reports, it traps when a documented invariant breaks.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coach/coach.h"

using namespace starprep::coach;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Context context = [] {
    Context c;
    c.keywords = {{"rollback", {"rollback"}}, {"distributed systems", {"distribut", "system"}}};
    return c;
  }();
  const std::string_view answer(reinterpret_cast<const char*>(data), size);
  const Report r = Analyze(EmbeddedModel(), answer, context);
  std::uint32_t previous_end = 0;
  for (const SentenceResult& s : r.sentences) {
    if (s.span.start < previous_end || s.span.end <= s.span.start || s.span.end > size) __builtin_trap();
    if (!(s.confidence >= 0.0f && s.confidence <= 1.0f)) __builtin_trap();
    previous_end = s.span.end;
  }
  int sum = 0;
  for (const ScorePart& p : r.breakdown) {
    if (p.points < 0 || p.points > p.max) __builtin_trap();
    sum += p.points;
  }
  if (sum != r.score || r.score < 0 || r.score > 100) __builtin_trap();
  for (const ComponentResult& c : r.components)
    if (!(c.strength >= 0.0f && c.strength <= 1.0f)) __builtin_trap();
  if (ToJson(answer, r).empty()) __builtin_trap();
  return 0;
}
