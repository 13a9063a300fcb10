// SPDX-License-Identifier: Apache-2.0
// PostgresStore: the editor inbox (store/store.h has the contract of each call; the SQLite twin
// is store/sqlite/inbox.cpp).
#include <set>

#include "store/codec.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {

Result<std::vector<QuestionFeedback>> PostgresStore::ListQuestionFeedback(const std::string& question_id) {
  if (!CanHold(question_id)) return std::vector<QuestionFeedback>{};
  return pool_.Read([&](Conn& c) -> Result<std::vector<QuestionFeedback>> {
    auto rows = c.Exec(sql::kListQuestionFeedback, question_id);
    if (!rows) return rows.error();
    std::vector<QuestionFeedback> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r) {
      QuestionFeedback f;
      f.question_id = rows->Text(r, 0);
      f.role_slug = rows->Text(r, 1);
      f.question = rows->Text(r, 2);
      f.position = static_cast<int>(rows->Int(r, 3));
      f.helpful = static_cast<int>(rows->Int(r, 4));
      f.not_helpful = static_cast<int>(rows->Int(r, 5));
      f.helpful_since = static_cast<int>(rows->Int(r, 6));
      f.not_helpful_since = static_cast<int>(rows->Int(r, 7));
      f.comments = static_cast<int>(rows->Int(r, 8));
      f.open_comments = static_cast<int>(rows->Int(r, 9));
      f.revision = static_cast<int>(rows->Int(r, 10));
      f.revised_at = rows->Text(r, 11);
      f.updated_after_feedback = rows->Bool(r, 12);
      out.push_back(std::move(f));
    }
    return out;
  });
}

Result<CommentPage> PostgresStore::ListEditorComments(const CommentFilter& filter) {
  if (!CanHold(filter.question_id) || !CanHold(filter.state)) return CommentPage{};
  return pool_.Snapshot([&](Conn& c) -> Result<CommentPage> {  // one snapshot for the page and its total
    CommentPage page;
    auto count = c.Exec(sql::kCountEditorComments, filter.question_id, filter.state);
    if (!count) return count.error();
    page.total = static_cast<int>(count->Int(0, 0));
    if (filter.limit <= 0) return page;
    auto rows = c.Exec(sql::kListEditorComments, filter.question_id, filter.state, filter.limit,
                       filter.offset < 0 ? 0 : filter.offset);
    if (!rows) return rows.error();
    for (int r = 0; r < rows->size(); ++r)
      page.items.push_back(EditorComment{rows->Int(r, 0), rows->Text(r, 1), rows->Text(r, 2), rows->Bool(r, 3),
                                         rows->Text(r, 4), rows->Text(r, 5), rows->Text(r, 6), rows->Text(r, 7),
                                         rows->Text(r, 8), static_cast<int>(rows->Int(r, 9))});
    return page;
  });
}

Result<std::vector<std::string>> PostgresStore::SetCommentState(const CommentStateChange& change) {
  auto ids = CheckCommentStateChange(change);
  if (!ids) return ids.error();
  if (!CanHold(change.note) || !CanHold(change.actor) || !CanHold(change.at))
    return Error{ErrorCode::kInvalidArgument, "the note is not text"};
  return pool_.Write([&](Conn& c) -> Result<std::vector<std::string>> {
    const std::string action = std::string("comment.") + change.state;
    std::set<std::string> questions;
    for (std::int64_t id : *ids) {
      auto row = c.Exec(sql::kSetCommentState, id, change.state, change.note, change.at);
      if (!row) return row.error();
      if (row->empty()) return Error{ErrorCode::kNotFound, "no comment " + std::to_string(id) + " on a live question"};
      const std::string question_id = row->Text(0, 0);
      questions.insert(question_id);
      if (auto a =
              c.Exec(sql::kInsertAudit, change.at, change.actor_id, change.actor, action, id, question_id, change.note);
          !a)
        return a.error();
    }
    return std::vector<std::string>(questions.begin(), questions.end());
  });
}

Result<std::vector<AuditRecord>> PostgresStore::ListAudit(int limit, int offset) {
  if (limit <= 0) return std::vector<AuditRecord>{};
  return pool_.Read([&](Conn& c) -> Result<std::vector<AuditRecord>> {
    auto rows = c.Exec(sql::kListAudit, limit, offset < 0 ? 0 : offset);
    if (!rows) return rows.error();
    std::vector<AuditRecord> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int r = 0; r < rows->size(); ++r)
      out.push_back(AuditRecord{rows->Int(r, 0), rows->Text(r, 1), rows->Int(r, 2), rows->Text(r, 3), rows->Text(r, 4),
                                rows->Int(r, 5), rows->Text(r, 6), rows->Text(r, 7)});
    return out;
  });
}

}  // namespace starprep::store::postgres
