// SPDX-License-Identifier: Apache-2.0
#include "feedback/votes.h"

#include <utility>

#include "core/html.h"

namespace starprep::feedback {

Result<std::string> ValidateComment(const std::string& comment) {
  if (!html::IsValidUtf8(comment))
    return MakeError(ErrorCode::kInvalidArgument, "The comment is not valid UTF-8 text.");
  auto begin = comment.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return std::string();
  auto end = comment.find_last_not_of(" \t\r\n");
  std::string trimmed = comment.substr(begin, end - begin + 1);
  std::size_t n = html::CodePoints(trimmed);
  if (n > kMaxCommentChars) {
    return MakeError(ErrorCode::kInvalidArgument, "The comment is " + std::to_string(n) +
                                                      " characters long; the limit is " +
                                                      std::to_string(kMaxCommentChars) + ".");
  }
  return trimmed;
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
