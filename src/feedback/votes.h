// SPDX-License-Identifier: Apache-2.0
#pragma once
// The feedback service: a reader's "was this answer helpful?" vote on a question, with an
// optional comment. One flow for the no-JS form (POST /feedback) and the JSON API
// (POST /api/v1/questions/{id}/feedback): each handler checks the CSRF token, decodes its own
// format into a VoteRequest and calls Submit, so both validate, look the question up and write
// in the same order and answer the same errors. Stateless; thread-safe as the Store is.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "core/result.h"
#include "store/store.h"

namespace starprep::feedback {

inline constexpr std::size_t kMaxCommentChars = 1000;
// Comments per visitor (the vote's voter id), shared by every instance (Store::TakeToken): a burst
// of 20 (a reader may comment on every question of a role at once), then one every 30 seconds.
// Votes without a comment are not limited.
inline constexpr limits::BucketPolicy kCommentBucket{1.0 / 30, 20};

// Checks a comment: valid UTF-8 and, once leading and trailing whitespace is trimmed, at most
// kMaxCommentChars code points. Returns it trimmed ("" for a blank one); kInvalidArgument with a
// message for the reader otherwise.
Result<std::string> ValidateComment(const std::string& comment);
// The same check for any reader or editor text: `what` names it in the message ("The note is ...").
Result<std::string> ValidateText(const std::string& text, std::string_view what, std::size_t max_chars);

struct VoteRequest {
  std::string question_id;
  std::string voter_id;         // the visitor id whose CSRF token the handler has verified
  std::int64_t user_id = 0;     // the signed-in voter, 0 when anonymous
  std::optional<bool> helpful;  // nullopt: the reader chose neither yes nor no
  std::string comment;          // as sent; Submit validates and trims it
  // "Send comment": keep the voter's current yes or no on this question and replace only the
  // comment (`helpful` is then ignored). The comment must not be blank, and the voter must have
  // voted already.
  bool comment_only = false;
};

struct VoteOutcome {
  store::Vote vote;                     // as stored (comment trimmed)
  std::vector<std::string> invalidate;  // cached page paths the vote made stale: role page, question page
};

// Validates `request` (a yes/no answer or comment_only with a non-blank comment, a voter,
// ValidateComment), then checks that the question is live (and, for comment_only, looks up the
// voter's current vote: none is kInvalidArgument), takes a token of the voter's comment bucket
// when the vote carries a comment (kCommentBucket; empty: kRateLimited with the seconds to wait,
// nothing written), then records the vote (Store::PutVote: one per
// voter and question, durable on return) and announces `invalidate` to other instances
// (Store::Announce; the caller invalidates its own cache). Errors, nothing written: kInvalidArgument (message for
// the reader); kNotFound "There is no question "<id>"." for an unknown or retired question; the
// store's kUnavailable/kInternal.
Result<VoteOutcome> Submit(store::Store& store, const VoteRequest& request);

}  // namespace starprep::feedback
