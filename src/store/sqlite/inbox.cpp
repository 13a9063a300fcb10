// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/inbox.h"

#include <set>

#include "store/codec.h"
#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {

Result<std::vector<QuestionFeedback>> ListQuestionFeedback(Connection& reader, const std::string& question_id) {
  auto stmt = Statement::Prepare(reader, sql::kListQuestionFeedback);
  if (!stmt) return stmt.error();
  stmt->Bind(question_id);
  std::vector<QuestionFeedback> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    QuestionFeedback f;
    f.question_id = stmt->ColumnText(0);
    f.role_slug = stmt->ColumnText(1);
    f.question = stmt->ColumnText(2);
    f.position = stmt->ColumnInt(3);
    f.helpful = stmt->ColumnInt(4);
    f.not_helpful = stmt->ColumnInt(5);
    f.helpful_since = stmt->ColumnInt(6);
    f.not_helpful_since = stmt->ColumnInt(7);
    f.comments = stmt->ColumnInt(8);
    f.open_comments = stmt->ColumnInt(9);
    f.revision = stmt->ColumnInt(10);
    f.revised_at = stmt->ColumnText(11);
    f.updated_after_feedback = stmt->ColumnBool(12);
    out.push_back(std::move(f));
  }
}

Result<CommentPage> ListEditorComments(Connection& reader, const CommentFilter& filter) {
  // One snapshot for the page and its total.
  auto tx = Transaction::Begin(reader, Transaction::Kind::kDeferred);
  if (!tx) return tx.error();
  CommentPage page;
  auto count = Statement::Prepare(reader, sql::kCountEditorComments);
  if (!count) return count.error();
  auto counted = count->Bind(filter.question_id, filter.state).Step();
  if (!counted) return counted.error();
  page.total = *counted ? count->ColumnInt(0) : 0;
  count->Reset();
  if (filter.limit <= 0) return page;
  auto stmt = Statement::Prepare(reader, sql::kListEditorComments);
  if (!stmt) return stmt.error();
  stmt->Bind(filter.question_id, filter.state, filter.limit, filter.offset < 0 ? 0 : filter.offset);
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) break;
    page.items.push_back(EditorComment{
        stmt->ColumnInt64(0), stmt->ColumnText(1), stmt->ColumnText(2), stmt->ColumnBool(3), stmt->ColumnText(4),
        stmt->ColumnText(5), stmt->ColumnText(6), stmt->ColumnText(7), stmt->ColumnText(8), stmt->ColumnInt(9)});
  }
  return page;
}

Result<std::vector<std::string>> SetCommentState(Connection& writer, const CommentStateChange& change) {
  auto ids = CheckCommentStateChange(change);
  if (!ids) return ids.error();
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto set = Statement::Prepare(writer, sql::kSetCommentState);
  if (!set) return set.error();
  auto audit = Statement::Prepare(writer, sql::kInsertAudit);
  if (!audit) return audit.error();
  const std::string action = std::string("comment.") + change.state;
  std::set<std::string> questions;
  for (std::int64_t id : *ids) {
    set->Reset();
    auto row = set->Bind(id, change.state, change.note, change.at).Step();
    if (!row) return row.error();
    if (!*row) return Error{ErrorCode::kNotFound, "no comment " + std::to_string(id) + " on a live question"};
    const std::string question_id = set->ColumnText(0);
    set->Reset();  // finishes the statement before the next one writes
    questions.insert(question_id);
    audit->Reset();
    if (auto s = audit->Bind(change.at, change.actor_id, change.actor, action, id, question_id, change.note).Run(); !s)
      return s.error();
  }
  if (auto s = tx->Commit(); !s) return s.error();
  return std::vector<std::string>(questions.begin(), questions.end());
}

Result<std::vector<AuditRecord>> ListAudit(Connection& reader, int limit, int offset) {
  std::vector<AuditRecord> out;
  if (limit <= 0) return out;
  auto stmt = Statement::Prepare(reader, sql::kListAudit);
  if (!stmt) return stmt.error();
  stmt->Bind(limit, offset < 0 ? 0 : offset);
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(AuditRecord{stmt->ColumnInt64(0), stmt->ColumnText(1), stmt->ColumnInt64(2), stmt->ColumnText(3),
                              stmt->ColumnText(4), stmt->ColumnInt64(5), stmt->ColumnText(6), stmt->ColumnText(7)});
  }
}

}  // namespace starprep::store::sqlite
