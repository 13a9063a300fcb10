// SPDX-License-Identifier: Apache-2.0
#pragma once
// A signed-in candidate's own practice: saved attempts (an answer, the coach's result, time
// spent) and STAR stories linked to questions, with their texts sealed at rest (auth/keyring.h).
// Every call takes the owner's user id; another user's record is "not found".
//
// Errors: kInvalidArgument / kTooLarge with a message for the candidate, kNotFound for unknown
// questions or records, kUnavailable / kInternal from the store or a record that fails to open.
// Thread-safe.

#include <boost/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/keyring.h"
#include "coach/coach.h"
#include "core/result.h"
#include "practice/coaching.h"
#include "practice/corrections.h"
#include "practice/mocks.h"
#include "store/store.h"

namespace starprep::practice {

inline constexpr int kMaxAttemptSeconds = 4 * 60 * 60;
inline constexpr std::size_t kMaxStoryTitleChars = 120;
inline constexpr std::size_t kMaxStoryPartChars = 3000;
inline constexpr std::size_t kMaxStoryCompetencies = 12;
inline constexpr std::size_t kMaxStoryQuestions = 50;
inline constexpr int kMaxStoriesPerUser = 200;

struct Attempt {
  std::int64_t id = 0;
  std::string question_id;
  std::string answer;
  std::string coach_json;  // the coach's result when the attempt was saved (docs/coach.md)
  int score = 0;
  std::array<int, 4> parts{};  // STAR strengths 0..100
  int seconds = 0;
  int words = 0;
  std::string created_at;
};

struct StoryFields {
  std::string title;
  std::string situation;
  std::string task;
  std::string action;
  std::string result;
  std::vector<std::string> competencies;
  std::vector<std::string> question_ids;
};

struct Story {
  std::int64_t id = 0;
  StoryFields fields;
  int score = 0;  // the coach's score of the four parts read as one answer
  std::string created_at;
  std::string updated_at;
};

class Journal {
 public:
  Journal(store::Store& store, auth::Keyring& keyring, Coaching& coaching)
      : store_(store), keyring_(keyring), coaching_(coaching) {}

  // Analyses `answer` for the question and saves it. `seconds` must be 0..kMaxAttemptSeconds.
  // The question becomes a review card of the user (practice/reviews.h) unless it is one; so do a
  // story's linked questions when it is created or updated.
  Result<Attempt> SaveAttempt(std::int64_t user_id, const std::string& question_id, std::string_view answer,
                              int seconds, const std::string& now_utc);
  // One page of records, texts still sealed (OpenAttempt opens one). `question_id` "" lists all.
  Result<store::AttemptList> ListAttempts(std::int64_t user_id, const std::string& question_id, int limit, int offset);
  Result<std::optional<Attempt>> GetAttempt(std::int64_t user_id, std::int64_t id);
  // Decrypts a record the store returned (ListAttempts' items carry their sealed text too).
  Result<Attempt> OpenAttempt(const store::AttemptRecord& record);
  Status DeleteAttempt(std::int64_t user_id, std::int64_t id);

  Result<Story> CreateStory(std::int64_t user_id, StoryFields fields, const std::string& now_utc);
  Result<Story> UpdateStory(std::int64_t user_id, std::int64_t id, StoryFields fields, const std::string& now_utc);
  Result<std::optional<Story>> GetStory(std::int64_t user_id, std::int64_t id);
  Result<std::vector<Story>> ListStories(std::int64_t user_id);
  Status DeleteStory(std::int64_t user_id, std::int64_t id);

  // The coach's report on a story: its four parts read in order as one answer.
  Result<coach::Report> CoachStory(const StoryFields& fields);
  // The story's four parts joined as the coach reads them (blank-line separated).
  static std::string StoryText(const StoryFields& fields);

 private:
  // Trims and checks the fields (lengths, competencies, de-duplicated question ids).
  static Result<StoryFields> CleanStory(StoryFields fields);
  Result<Story> OpenStory(const store::StoryRecord& record);
  // The title and the four STAR texts, sealed for `user_id`.
  store::Sealed SealStory(std::int64_t user_id, const StoryFields& fields) const;

  store::Store& store_;
  auth::Keyring& keyring_;
  Coaching& coaching_;
};

// Everything the service holds about `user` as one JSON document (GET /api/v1/me/export and the
// account page's download): the account, sessions and API tokens (never their secrets), the
// target roles (slugs, as Store::ListTargetRoles reads them), attempts
// with their texts and coach results, stories, votes cast while signed in, coach corrections,
// the review queue (practice::ExportReviews: settings, cards, ratings), and mock interviews with
// their timestamps and answers.
Result<boost::json::object> ExportUserData(store::Store& store, Journal& journal, Corrections& corrections,
                                           Mocks& mocks, const store::User& user, const std::string& now_utc);

// The JSON of an attempt (with or without its text and coach result) and of a story, as the API
// returns them and the export contains them.
boost::json::object AttemptJson(const Attempt& attempt);
boost::json::object AttemptSummaryJson(const store::AttemptRecord& attempt);
boost::json::object StoryJson(const Story& story);

}  // namespace starprep::practice
