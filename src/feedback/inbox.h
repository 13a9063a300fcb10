// SPDX-License-Identifier: Apache-2.0
#pragma once
// The editors' side of reader feedback: acting on comments (mark addressed, hide as spam, reopen)
// and gathering everything for an export. One flow for the /editor pages, the API and the CLI.
// Callers check that the actor is an editor or admin (web/editor_pages.h, api/api.h); this
// service validates what the actor sent. Stateless; thread-safe as the Store is.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace starprep::feedback {

inline constexpr std::size_t kMaxNoteChars = 1000;
inline constexpr std::size_t kMaxCommentsPerAction = 200;

struct CommentAction {
  std::vector<std::int64_t> ids;  // the comments chosen
  std::string state;              // store::kCommentOpen, kCommentAddressed or kCommentHidden
  std::string note;               // as typed; trimmed, at most kMaxNoteChars code points
  std::int64_t actor_id = 0;      // the editor's account (0: the service's editor token)
  std::string actor;              // as the audit shows them (their email)
  std::string at;                 // "YYYY-MM-DDTHH:MM:SSZ"
};

struct ActionOutcome {
  int changed = 0;                      // comments whose state was set
  std::vector<std::string> invalidate;  // cached page paths made stale (the questions' pages)
};

// Validates `action` (a known state; 1..kMaxCommentsPerAction comments; a note of valid UTF-8),
// then sets the comments' state with one audit record each, all or nothing
// (Store::SetCommentState), and announces `invalidate` to other instances (the caller clears its
// own cache): a question's public page says "Updated after reader feedback" from addressed
// comments. Errors: kInvalidArgument (a message for the editor); kNotFound "A chosen comment no
// longer exists." when an id is not a comment on a live question; the store's errors.
Result<ActionOutcome> ActOnComments(store::Store& store, const CommentAction& action);

// Everything the export holds: every live question's counts and every comment on one.
struct FeedbackExport {
  std::vector<store::QuestionFeedback> questions;  // role title and position order
  std::vector<store::EditorComment> comments;      // newest first, any state
};

// Reads the export from the store, the comments a page at a time.
Result<FeedbackExport> CollectExport(store::Store& store);

}  // namespace starprep::feedback
