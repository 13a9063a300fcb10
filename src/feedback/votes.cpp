// SPDX-License-Identifier: Apache-2.0
#include "feedback/votes.h"

#include <chrono>
#include <utility>

#include "core/html.h"

namespace starprep::feedback {

Result<std::string> ValidateText(const std::string& text, std::string_view what, std::size_t max_chars) {
  if (!html::IsValidUtf8(text))
    return MakeError(ErrorCode::kInvalidArgument, "The " + std::string(what) + " is not valid UTF-8 text.");
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return std::string();
  auto end = text.find_last_not_of(" \t\r\n");
  std::string trimmed = text.substr(begin, end - begin + 1);
  std::size_t n = html::CodePoints(trimmed);
  if (n > max_chars) {
    return MakeError(ErrorCode::kInvalidArgument, "The " + std::string(what) + " is " + std::to_string(n) +
                                                      " characters long; the limit is " + std::to_string(max_chars) +
                                                      ".");
  }
  return trimmed;
}

Result<std::string> ValidateComment(const std::string& comment) {
  return ValidateText(comment, "comment", kMaxCommentChars);
}

Result<VoteOutcome> Submit(store::Store& store, const VoteRequest& request) {
  if (!request.helpful && !request.comment_only)
    return MakeError(ErrorCode::kInvalidArgument, "Choose Yes or No to say whether the answer was helpful.");
  if (request.voter_id.empty()) return MakeError(ErrorCode::kInvalidArgument, "The vote has no visitor id (cookie).");
  auto comment = ValidateComment(request.comment);
  if (!comment.ok()) return comment.error();
  if (request.comment_only && comment->empty())
    return MakeError(ErrorCode::kInvalidArgument, "The comment is empty: write what would make the answer better.");

  const Error unknown{ErrorCode::kNotFound, "There is no question \"" + request.question_id + "\"."};
  auto question = store.GetQuestion(request.question_id);
  if (!question.ok()) return question.error();
  if (!question->has_value()) return unknown;

  bool helpful = request.helpful.value_or(false);
  if (request.comment_only) {
    auto votes = store.GetVoterVotes((*question)->role_slug, request.voter_id);
    if (!votes.ok()) return votes.error();
    auto mine = votes->find(request.question_id);
    if (mine == votes->end())
      return MakeError(ErrorCode::kInvalidArgument,
                       "Choose Yes or No first: a comment is sent with your vote (your text is kept).");
    helpful = mine->second.helpful;
  }

  if (!comment->empty()) {
    const auto now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto wait = store.TakeToken("comment-visitor:" + request.voter_id, kCommentBucket, now_ms);
    if (!wait.ok()) return wait.error();
    if (*wait > 0)
      return Error{ErrorCode::kRateLimited,
                   "You have sent several comments in a short time; wait " + std::to_string(*wait) +
                       " seconds and send it again (your text is kept).",
                   *wait};
  }

  VoteOutcome out;
  out.vote = {request.question_id, request.voter_id, helpful, std::move(*comment), request.user_id};
  if (auto put = store.PutVote(out.vote); !put.ok()) {
    // Retired by an import between the look-up and the write: the same answer as above.
    return put.error().code == ErrorCode::kNotFound ? unknown : put.error();
  }
  out.invalidate = {"/roles/" + (*question)->role_slug, "/questions/" + request.question_id};
  store.Announce(out.invalidate);  // other instances' caches (this one's: the caller)
  return out;
}

}  // namespace starprep::feedback
