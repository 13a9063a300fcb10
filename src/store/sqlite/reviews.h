// SPDX-License-Identifier: Apache-2.0
#pragma once
// The review queue's cards, log and settings on one SQLite connection (store/store.h has the
// contract of each call; store/postgres/reviews.cpp is the PostgreSQL twin). Writers are called
// with the store's write mutex held.

#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::store::sqlite {

Result<bool> EnsureCard(Connection& writer, std::int64_t user_id, const std::string& question_id,
                        const std::string& now_utc);
Result<std::optional<ReviewCard>> GetCard(Connection& reader, std::int64_t user_id, const std::string& question_id);
Status RecordReview(Connection& writer, const ReviewCard& card, int expected_reps, const ReviewLogEntry& entry);
Result<std::vector<ReviewCard>> ListCards(Connection& reader, std::int64_t user_id);
Result<std::vector<ReviewLogEntry>> ListReviewLog(Connection& reader, std::int64_t user_id,
                                                  const std::string& since_utc);
Result<ReviewSettings> GetReviewSettings(Connection& reader, std::int64_t user_id);
Status PutReviewSettings(Connection& writer, std::int64_t user_id, const ReviewSettings& settings);

}  // namespace starprep::store::sqlite
