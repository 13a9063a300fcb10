// SPDX-License-Identifier: Apache-2.0
#include "web/feedback_form.h"

namespace starprep::web {

Result<feedback::VoteRequest> ParseFeedbackForm(const std::map<std::string, std::string>& form) {
  auto it = form.find("vote");
  if (it == form.end() || it->second.empty())
    return MakeError(ErrorCode::kInvalidArgument, "Choose Yes or No to say whether the answer was helpful.");
  const std::string& v = it->second;
  auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return MakeError(ErrorCode::kInvalidArgument,
                     "The vote must look like \"<question-id>:yes\" or \"<question-id>:no\".");
  std::string answer = v.substr(colon + 1);
  if (answer != "yes" && answer != "no" && answer != "comment")
    return MakeError(ErrorCode::kInvalidArgument, "The vote must be \"yes\" or \"no\".");
  feedback::VoteRequest vote;
  vote.question_id = v.substr(0, colon);
  if (answer == "comment")
    vote.comment_only = true;
  else
    vote.helpful = answer == "yes";
  if (auto comment = form.find("comment-" + vote.question_id); comment != form.end()) vote.comment = comment->second;
  return vote;
}

std::string SafeReturnPath(const std::string& candidate, const std::string& fallback) {
  if (candidate.empty() || candidate.size() > 200 || candidate[0] != '/') return fallback;
  for (char c : candidate) {
    // Browsers drop tabs and newlines from URLs ("/\t/x" becomes "//x") and treat '\\' as '/'.
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\' || c == '#') return fallback;
  }
  if (candidate.starts_with("//")) return fallback;
  return candidate;
}

}  // namespace starprep::web
