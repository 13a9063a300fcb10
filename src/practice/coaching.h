// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the practice panel and POST /api/v1/coach share: checking a candidate's answer and
// building the coach's context (keywords) for a question and role from the store.
// Thread-safe; contexts are cached per (question, role) until Clear() (the server calls it when
// the content changes, where it clears the page cache).

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "coach/coach.h"
#include "core/result.h"
#include "store/store.h"

namespace starprep::practice {

inline constexpr std::size_t kMaxAnswerChars = 10000;

// OK for a non-blank, valid UTF-8 answer of at most kMaxAnswerChars code points; otherwise
// kInvalidArgument (empty, not UTF-8) or kTooLarge, with a message for the candidate.
Status ValidateAnswer(std::string_view answer);

class Coaching {
 public:
  Coaching(store::Store& store, const coach::Model& model) : store_(store), model_(model) {}

  // The keywords context for an optional question id and role slug ("" for none): the question's
  // topic words, or the role's skills when there is no question. kNotFound naming the unknown
  // one; kInvalidArgument if the question is not in that role.
  Result<std::shared_ptr<const coach::Context>> ContextFor(const std::string& question_id, const std::string& role);

  // Forgets the cached contexts (after a content import).
  void Clear();

  // ValidateAnswer, then ContextFor, then the analysis.
  Result<coach::Report> Analyze(std::string_view answer, const std::string& question_id, const std::string& role);

 private:
  store::Store& store_;
  const coach::Model& model_;
  std::mutex mu_;
  std::uint64_t generation_ = 0;  // bumped by Clear(): a context built across a Clear() is not kept
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const coach::Context>> contexts_;
};

}  // namespace starprep::practice
