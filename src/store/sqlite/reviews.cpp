// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/reviews.h"

#include "store/sqlite/queries.h"

namespace starprep::store::sqlite {
namespace {

Error NotFound(std::string what) {
  return Error{ErrorCode::kNotFound, std::move(what)};
}

// True when the one-column EXISTS query `sql` answers 1.
Result<bool> Exists(Connection& conn, const char* sql, const auto&... args) {
  auto stmt = Statement::Prepare(conn, sql);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(args...).Step();
  if (!row) return row.error();
  return *row && stmt->ColumnBool(0);
}

// Reads a row of kGetCard / kListCards.
ReviewCard ReadCard(const Statement& row) {
  ReviewCard c;
  c.user_id = row.ColumnInt64(0);
  c.question_id = row.ColumnText(1);
  c.state = row.ColumnInt(2);
  c.stability = row.ColumnDouble(3);
  c.difficulty = row.ColumnDouble(4);
  c.due = row.ColumnText(5);
  c.last_review = row.ColumnText(6);
  c.reps = row.ColumnInt(7);
  c.lapses = row.ColumnInt(8);
  c.created_at = row.ColumnText(9);
  c.live = row.ColumnBool(10);
  return c;
}

}  // namespace

Result<bool> EnsureCard(Connection& writer, std::int64_t user_id, const std::string& question_id,
                        const std::string& now_utc) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto user = Exists(writer, sql::kUserExists, user_id);
  if (!user) return user.error();
  if (!*user) return NotFound("no such user");
  auto question = Exists(writer, sql::kQuestionExists, question_id);
  if (!question) return question.error();
  if (!*question) return NotFound("There is no question with id \"" + question_id + "\".");
  auto insert = Statement::Prepare(writer, sql::kInsertCard);
  if (!insert) return insert.error();
  if (auto s = insert->Bind(user_id, question_id, now_utc).Run(); !s) return s.error();
  const bool made = writer.Changes() > 0;
  if (auto s = tx->Commit(); !s) return s.error();
  return made;
}

Result<std::optional<ReviewCard>> GetCard(Connection& reader, std::int64_t user_id, const std::string& question_id) {
  auto stmt = Statement::Prepare(reader, sql::kGetCard);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(user_id, question_id).Step();
  if (!row) return row.error();
  if (!*row) return std::optional<ReviewCard>();
  return std::optional<ReviewCard>(ReadCard(*stmt));
}

Status RecordReview(Connection& writer, const ReviewCard& card, int expected_reps, const ReviewLogEntry& entry) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto update = Statement::Prepare(writer, sql::kUpdateCard);
  if (!update) return update.error();
  if (auto s = update
                   ->Bind(card.user_id, card.question_id, card.state, card.stability, card.difficulty, card.due,
                          card.last_review, card.reps, card.lapses, expected_reps)
                   .Run();
      !s)
    return s;
  if (writer.Changes() == 0) {
    auto exists = Exists(writer, sql::kCardExists, card.user_id, card.question_id);
    if (!exists) return exists.error();
    if (!*exists) return NotFound("There is no card for question \"" + card.question_id + "\".");
    return Error{ErrorCode::kConflict, "the card was rated meanwhile"};
  }
  auto insert = Statement::Prepare(writer, sql::kInsertReviewLog);
  if (!insert) return insert.error();
  if (auto s = insert
                   ->Bind(card.user_id, card.question_id, entry.rating, entry.state, entry.elapsed_days,
                          entry.stability, entry.difficulty, entry.due, entry.reviewed_at)
                   .Run();
      !s)
    return s;
  return tx->Commit();
}

Result<std::vector<ReviewCard>> ListCards(Connection& reader, std::int64_t user_id) {
  auto stmt = Statement::Prepare(reader, sql::kListCards);
  if (!stmt) return stmt.error();
  stmt->Bind(user_id);
  std::vector<ReviewCard> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadCard(*stmt));
  }
}

Result<std::vector<ReviewLogEntry>> ListReviewLog(Connection& reader, std::int64_t user_id,
                                                  const std::string& since_utc) {
  auto stmt = Statement::Prepare(reader, sql::kListReviewLog);
  if (!stmt) return stmt.error();
  stmt->Bind(user_id, since_utc);
  std::vector<ReviewLogEntry> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReviewLogEntry{stmt->ColumnInt64(0), stmt->ColumnInt64(1), stmt->ColumnText(2), stmt->ColumnInt(3),
                                 stmt->ColumnInt(4), stmt->ColumnInt(5), stmt->ColumnDouble(6), stmt->ColumnDouble(7),
                                 stmt->ColumnText(8), stmt->ColumnText(9)});
  }
}

Result<ReviewSettings> GetReviewSettings(Connection& reader, std::int64_t user_id) {
  auto stmt = Statement::Prepare(reader, sql::kGetReviewSettings);
  if (!stmt) return stmt.error();
  auto row = stmt->Bind(user_id).Step();
  if (!row) return row.error();
  if (!*row) return ReviewSettings{};
  return ReviewSettings{stmt->ColumnDouble(0), stmt->ColumnInt(1)};
}

Status PutReviewSettings(Connection& writer, std::int64_t user_id, const ReviewSettings& settings) {
  auto tx = Transaction::Begin(writer, Transaction::Kind::kImmediate);
  if (!tx) return tx.error();
  auto user = Exists(writer, sql::kUserExists, user_id);
  if (!user) return user.error();
  if (!*user) return NotFound("no such user");
  auto stmt = Statement::Prepare(writer, sql::kPutReviewSettings);
  if (!stmt) return stmt.error();
  if (auto s = stmt->Bind(user_id, settings.desired_retention, settings.daily_new_limit).Run(); !s) return s;
  return tx->Commit();
}

}  // namespace starprep::store::sqlite
