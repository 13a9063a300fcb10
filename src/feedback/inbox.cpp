// SPDX-License-Identifier: Apache-2.0
#include "feedback/inbox.h"

#include <set>
#include <utility>

#include "feedback/votes.h"

namespace starprep::feedback {

Result<ActionOutcome> ActOnComments(store::Store& store, const CommentAction& action) {
  if (action.state != store::kCommentOpen && action.state != store::kCommentAddressed &&
      action.state != store::kCommentHidden)
    return MakeError(ErrorCode::kInvalidArgument, "Choose what to do: mark addressed, hide, or reopen.");
  if (action.ids.empty()) return MakeError(ErrorCode::kInvalidArgument, "Choose at least one comment first.");
  if (action.ids.size() > kMaxCommentsPerAction)
    return MakeError(ErrorCode::kInvalidArgument,
                     "Choose at most " + std::to_string(kMaxCommentsPerAction) + " comments at a time.");
  auto note = ValidateText(action.note, "note", kMaxNoteChars);
  if (!note.ok()) return note.error();

  store::CommentStateChange change{action.ids,      action.state, std::move(*note),
                                   action.actor_id, action.actor, action.at};
  auto questions = store.SetCommentState(change);
  if (!questions.ok()) {
    if (questions.error().code == ErrorCode::kNotFound)
      return MakeError(ErrorCode::kNotFound, "A chosen comment no longer exists (its question was retired).");
    return questions.error();
  }
  ActionOutcome out;
  out.changed = static_cast<int>(std::set<std::int64_t>(change.ids.begin(), change.ids.end()).size());
  for (const auto& id : *questions) out.invalidate.push_back("/questions/" + id);
  store.Announce(out.invalidate);
  return out;
}

Result<FeedbackExport> CollectExport(store::Store& store) {
  constexpr int kPage = 500;
  FeedbackExport out;
  auto questions = store.ListQuestionFeedback("");
  if (!questions.ok()) return questions.error();
  out.questions = std::move(*questions);
  for (int offset = 0;; offset += kPage) {
    auto page = store.ListEditorComments({"", "", kPage, offset});
    if (!page.ok()) return page.error();
    const bool last = page->items.size() < static_cast<std::size_t>(kPage);
    for (auto& c : page->items) out.comments.push_back(std::move(c));
    if (last) break;
  }
  return out;
}

}  // namespace starprep::feedback
