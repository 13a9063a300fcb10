// SPDX-License-Identifier: Apache-2.0
#include "practice/coaching.h"

#include "core/html.h"

namespace starprep::practice {

Status ValidateAnswer(std::string_view answer) {
  if (!html::IsValidUtf8(answer)) return MakeError(ErrorCode::kInvalidArgument, "The answer is not valid UTF-8 text.");
  if (answer.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return MakeError(ErrorCode::kInvalidArgument, "The answer is empty: write your answer first.");
  if (const std::size_t n = html::CodePoints(answer); n > kMaxAnswerChars)
    return MakeError(ErrorCode::kTooLarge, "The answer has " + std::to_string(n) +
                                               " characters; the coach reads at most " +
                                               std::to_string(kMaxAnswerChars) + ".");
  return {};
}

Result<std::shared_ptr<const coach::Context>> Coaching::ContextFor(const std::string& question_id,
                                                                   const std::string& role) {
  const auto key = std::make_pair(question_id, role);
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    if (auto it = contexts_.find(key); it != contexts_.end()) return it->second;
    generation = generation_;
  }
  std::optional<content::Question> question;
  if (!question_id.empty()) {
    auto q = store_.GetQuestion(question_id);
    if (!q.ok()) return q.error();
    if (!q->has_value()) return MakeError(ErrorCode::kNotFound, "There is no question \"" + question_id + "\".");
    question = std::move(**q);
  }
  // A question's keywords are its own topic words only: the role's skills ("distributed systems",
  // "kubernetes") are not what, say, a debugging question asks the story to mention. They count
  // when a role is given without a question.
  std::vector<std::string> skills;
  if (!role.empty()) {
    auto r = store_.GetRole(role);
    if (!r.ok()) return r.error();
    if (!r->has_value()) return MakeError(ErrorCode::kNotFound, "There is no role \"" + role + "\".");
    if (question && question->role_slug != role)
      return MakeError(ErrorCode::kInvalidArgument, "Question \"" + question_id + "\" belongs to role \"" +
                                                        question->role_slug + "\", not \"" + role + "\".");
    if (!question) skills = (*r)->skills;
  }
  auto context =
      std::make_shared<const coach::Context>(coach::MakeContext(model_, question ? &*question : nullptr, skills));
  std::lock_guard lock(mu_);
  if (generation == generation_ && contexts_.size() < 4096) contexts_.emplace(key, context);
  return context;
}

void Coaching::Clear() {
  std::lock_guard lock(mu_);
  contexts_.clear();
  ++generation_;
}

Result<coach::Report> Coaching::Analyze(std::string_view answer, const std::string& question_id,
                                        const std::string& role) {
  if (Status ok = ValidateAnswer(answer); !ok.ok()) return ok.error();
  auto context = ContextFor(question_id, role);
  if (!context.ok()) return context.error();
  return coach::Analyze(model_, answer, **context);
}

}  // namespace starprep::practice
