#pragma once
// Pure validation of feedback input shared by the HTML form and the JSON API.

#include <map>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace starprep::web {

inline constexpr std::size_t kMaxCommentChars = 1000;

// Checks a comment: valid UTF-8, at most kMaxCommentChars characters. Returns it trimmed.
Result<std::string> ValidateComment(const std::string& comment);

// From the page form: "vote" = "<question-id>:yes|no" and optional "comment-<question-id>".
// voter_id is left empty for the caller to fill.
Result<store::Vote> ParseFeedbackForm(const std::map<std::string, std::string>& form);

// `candidate` if it is a local path ("/x", not "//x", no CR/LF), else `fallback`.
std::string SafeReturnPath(const std::string& candidate, const std::string& fallback);

}  // namespace starprep::web
