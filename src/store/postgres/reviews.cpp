// SPDX-License-Identifier: Apache-2.0
// PostgresStore: the review queue's cards, log and settings (store/store.h has the contract of
// each call; store/sqlite/reviews.cpp is the SQLite twin). Writes run in Pool::Write (one
// transaction, repeated only when nothing was committed); a rating's update and log row commit
// together, and the update's `reps = expected` condition keeps two concurrent ratings of one
// card from both counting (the second gets kConflict).
#include <utility>

#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {
namespace {

Error NotFound(std::string what) {
  return Error{ErrorCode::kNotFound, std::move(what)};
}

// Reads row `r` of kGetCard / kListCards.
ReviewCard ReadCard(const Rows& rows, int r) {
  ReviewCard c;
  c.user_id = rows.Int(r, 0);
  c.question_id = rows.Text(r, 1);
  c.state = static_cast<int>(rows.Int(r, 2));
  c.stability = rows.Double(r, 3);
  c.difficulty = rows.Double(r, 4);
  c.due = rows.Text(r, 5);
  c.last_review = rows.Text(r, 6);
  c.reps = static_cast<int>(rows.Int(r, 7));
  c.lapses = static_cast<int>(rows.Int(r, 8));
  c.created_at = rows.Text(r, 9);
  c.live = rows.Bool(r, 10);
  return c;
}

}  // namespace

Result<bool> PostgresStore::EnsureCard(std::int64_t user_id, const std::string& question_id,
                                       const std::string& now_utc) {
  return pool_.Write([&](Conn& c) -> Result<bool> {
    auto user = c.Exec(sql::kUserExists, user_id);
    if (!user) return user.error();
    if (!user->Bool(0, 0)) return NotFound("no such user");
    auto question = c.Exec(sql::kPracticeQuestionExists, question_id);
    if (!question) return question.error();
    if (!question->Bool(0, 0)) return NotFound("There is no question with id \"" + question_id + "\".");
    auto inserted = c.Exec(sql::kInsertCard, user_id, question_id, now_utc);
    if (!inserted) return inserted.error();
    return inserted->affected() > 0;
  });
}

Result<std::optional<ReviewCard>> PostgresStore::GetCard(std::int64_t user_id, const std::string& question_id) {
  return pool_.Read([&](Conn& c) -> Result<std::optional<ReviewCard>> {
    auto rows = c.Exec(sql::kGetCard, user_id, question_id);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<ReviewCard>();
    return std::optional<ReviewCard>(ReadCard(*rows, 0));
  });
}

Status PostgresStore::RecordReview(const ReviewCard& card, int expected_reps, const ReviewLogEntry& entry) {
  return pool_.Write([&](Conn& c) -> Status {
    auto updated = c.Exec(sql::kUpdateCard, card.user_id, card.question_id, card.state, card.stability, card.difficulty,
                          card.due, card.last_review, card.reps, card.lapses, expected_reps);
    if (!updated) return updated.error();
    if (updated->affected() == 0) {
      auto exists = c.Exec(sql::kCardExists, card.user_id, card.question_id);
      if (!exists) return exists.error();
      if (!exists->Bool(0, 0)) return NotFound("There is no card for question \"" + card.question_id + "\".");
      return Error{ErrorCode::kConflict, "the card was rated meanwhile"};
    }
    auto logged = c.Exec(sql::kInsertReviewLog, card.user_id, card.question_id, entry.rating, entry.state,
                         entry.elapsed_days, entry.stability, entry.difficulty, entry.due, entry.reviewed_at);
    if (!logged) return logged.error();
    return {};
  });
}

Result<std::vector<ReviewCard>> PostgresStore::ListCards(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<ReviewCard>> {
    auto rows = c.Exec(sql::kListCards, user_id);
    if (!rows) return rows.error();
    std::vector<ReviewCard> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r) out.push_back(ReadCard(*rows, r));
    return out;
  });
}

Result<std::vector<ReviewLogEntry>> PostgresStore::ListReviewLog(std::int64_t user_id, const std::string& since_utc) {
  return pool_.Read([&](Conn& c) -> Result<std::vector<ReviewLogEntry>> {
    auto rows = c.Exec(sql::kListReviewLog, user_id, since_utc);
    if (!rows) return rows.error();
    std::vector<ReviewLogEntry> out;
    out.reserve(rows->size());
    for (int r = 0; r < rows->size(); ++r) {
      out.push_back(ReviewLogEntry{rows->Int(r, 0), rows->Int(r, 1), rows->Text(r, 2),
                                   static_cast<int>(rows->Int(r, 3)), static_cast<int>(rows->Int(r, 4)),
                                   static_cast<int>(rows->Int(r, 5)), rows->Double(r, 6), rows->Double(r, 7),
                                   rows->Text(r, 8), rows->Text(r, 9)});
    }
    return out;
  });
}

Result<ReviewSettings> PostgresStore::GetReviewSettings(std::int64_t user_id) {
  return pool_.Read([&](Conn& c) -> Result<ReviewSettings> {
    auto rows = c.Exec(sql::kGetReviewSettings, user_id);
    if (!rows) return rows.error();
    if (rows->empty()) return ReviewSettings{};
    return ReviewSettings{rows->Double(0, 0), static_cast<int>(rows->Int(0, 1))};
  });
}

Status PostgresStore::PutReviewSettings(std::int64_t user_id, const ReviewSettings& settings) {
  return pool_.Write([&](Conn& c) -> Status {
    auto user = c.Exec(sql::kUserExists, user_id);
    if (!user) return user.error();
    if (!user->Bool(0, 0)) return NotFound("no such user");
    auto put = c.Exec(sql::kPutReviewSettings, user_id, settings.desired_retention, settings.daily_new_limit);
    if (!put) return put.error();
    return {};
  });
}

}  // namespace starprep::store::postgres
