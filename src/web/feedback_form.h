// SPDX-License-Identifier: Apache-2.0
#pragma once
// Decoding the no-JS feedback form (POST /feedback). The rules of a vote live in the feedback
// service (feedback/votes.h); this is only the form's own encoding, and the return path.

#include <map>
#include <string>

#include "core/result.h"
#include "feedback/votes.h"

namespace starprep::web {

// From the page form: "vote" = "<question-id>:yes|no", or "<question-id>:comment" for "Send
// comment" (comment_only: the current vote stays; kInvalidArgument if missing or malformed) and
// optional "comment-<question-id>", passed on as sent (feedback::Submit checks it).
// voter_id and user_id are left for the caller to fill.
Result<feedback::VoteRequest> ParseFeedbackForm(const std::map<std::string, std::string>& form);

// `candidate` if it is a local path ("/x", not "//x", no CR/LF), else `fallback`.
std::string SafeReturnPath(const std::string& candidate, const std::string& fallback);

}  // namespace starprep::web
