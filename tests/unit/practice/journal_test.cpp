// SPDX-License-Identifier: Apache-2.0
// Tests for saved attempts, STAR stories and the data export (practice/journal.h) on a real
// SQLite store holding a small content pack, a real keyring and the embedded coach model.

#include "practice/journal.h"

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../temp_dir.h"
#include "coach/coach.h"

namespace starprep::practice {
namespace {

namespace json = boost::json;
using starprep::testing::TempDir;

constexpr char kNow[] = "2027-01-02T03:04:05Z";
constexpr char kAnswer[] =
    "Last spring our checkout service went down during a sale. I was the on-call engineer and had to restore it "
    "quickly. I rolled back the release, added a database index and wrote a runbook with the team. Errors fell "
    "by 95% within an hour and sales recovered the same day.";

auth::Keyring::Key TestKey() {
  auth::Keyring::Key key;
  key.fill(0x5a);
  return key;
}

StoryFields SampleStory() {
  StoryFields f;
  f.title = "  Checkout outage  ";
  f.situation = "Our checkout service failed during a sale.";
  f.task = "I had to restore it fast.";
  f.action = "I rolled back the release and added an index.";
  f.result = "Errors fell by 95% within an hour.";
  f.competencies = {"ownership", " incident response ", "ownership", ""};
  f.question_ids = {"be-outage", " be-deadline ", "be-outage"};
  return f;
}

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenSqliteStore((dir_.path() / "starprep.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    auto stats = store_->ReplaceContent(starprep::testing::SamplePack());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    coaching_ = std::make_unique<practice::Coaching>(*store_, coach::EmbeddedModel());
    journal_ = std::make_unique<Journal>(*store_, keyring_, *coaching_);
    corrections_ = std::make_unique<Corrections>(*store_, keyring_);
    mocks_ = std::make_unique<Mocks>(*store_, keyring_, *coaching_);
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  store::User MustCreateUser(const std::string& email) {
    auto u = store_->CreateUser({0, email, "Name", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? *u : store::User{};
  }

  Attempt MustSave(const store::User& user, const std::string& question = "be-outage",
                   std::string_view answer = kAnswer) {
    auto a = journal_->SaveAttempt(user.id, question, answer, 120, kNow);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : Attempt{};
  }

  int AttemptCount(const store::User& user) {
    auto list = journal_->ListAttempts(user.id, "", 100, 0);
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->total : -1;
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  auth::Keyring keyring_{{{1, TestKey()}}};
  std::unique_ptr<practice::Coaching> coaching_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<Corrections> corrections_;
  std::unique_ptr<Mocks> mocks_;
  store::User ann_, bob_;
};

// ---- attempts ----

TEST_F(JournalTest, SaveAttemptScoresAndStoresTheSummaryInTheClear) {
  const Attempt a = MustSave(ann_);
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.question_id, "be-outage");
  EXPECT_EQ(a.answer, kAnswer);
  EXPECT_GT(a.score, 0);
  EXPECT_LE(a.score, 100);
  for (int p : a.parts) {
    EXPECT_GE(p, 0);
    EXPECT_LE(p, 100);
  }
  EXPECT_GT(a.parts[3], 0) << "the answer has a measured result";
  EXPECT_EQ(a.seconds, 120);
  EXPECT_GT(a.words, 40);
  EXPECT_EQ(a.created_at, kNow);

  // The same numbers as the coach's own report.
  const json::value coach = json::parse(a.coach_json);
  EXPECT_EQ(coach.at("score").to_number<int>(), a.score);
  EXPECT_EQ(coach.at("metrics").at("words").to_number<int>(), a.words);

  auto record = store_->GetAttempt(ann_.id, a.id);
  ASSERT_TRUE(record.ok());
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->score, a.score);
  EXPECT_EQ((*record)->parts, a.parts);
  EXPECT_EQ((*record)->seconds, 120);
  EXPECT_EQ((*record)->words, a.words);
  EXPECT_EQ((*record)->sealed.key_id, 1);
}

TEST_F(JournalTest, TheStoredBytesDoNotContainTheAnswer) {
  const Attempt a = MustSave(ann_);
  const store::AttemptRecord record = **store_->GetAttempt(ann_.id, a.id);
  for (const char* fragment : {"checkout", "on-call", "runbook", "95%", "answer", "sentences"})
    EXPECT_EQ(record.sealed.bytes.find(fragment), std::string::npos) << fragment;
}

TEST_F(JournalTest, GetAttemptRoundTrips) {
  const Attempt saved = MustSave(ann_);
  auto got = journal_->GetAttempt(ann_.id, saved.id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  const Attempt& a = **got;
  EXPECT_EQ(a.id, saved.id);
  EXPECT_EQ(a.question_id, saved.question_id);
  EXPECT_EQ(a.answer, kAnswer);
  EXPECT_EQ(a.score, saved.score);
  EXPECT_EQ(a.parts, saved.parts);
  EXPECT_EQ(a.seconds, saved.seconds);
  EXPECT_EQ(a.words, saved.words);
  EXPECT_EQ(a.created_at, kNow);
  json::error_code ec;
  const json::value coach = json::parse(a.coach_json, ec);
  ASSERT_FALSE(ec) << a.coach_json;
  ASSERT_TRUE(coach.is_object());
  EXPECT_EQ(coach, json::parse(saved.coach_json));
  EXPECT_TRUE(coach.as_object().contains("sentences"));
}

TEST_F(JournalTest, AnotherUsersAttemptIsNotFound) {
  const Attempt a = MustSave(ann_);
  auto got = journal_->GetAttempt(bob_.id, a.id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  EXPECT_EQ(journal_->DeleteAttempt(bob_.id, a.id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(journal_->DeleteAttempt(ann_.id, a.id).ok());
  EXPECT_FALSE(journal_->GetAttempt(ann_.id, a.id)->has_value());
}

TEST_F(JournalTest, ASealedAnswerCopiedToAnotherUserDoesNotOpen) {
  const Attempt a = MustSave(ann_);
  store::AttemptRecord copy = **store_->GetAttempt(ann_.id, a.id);
  copy.user_id = bob_.id;
  auto id = store_->CreateAttempt(copy);
  ASSERT_TRUE(id.ok());
  auto got = journal_->GetAttempt(bob_.id, *id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kInternal);
}

TEST_F(JournalTest, SaveAttemptValidatesItsInput) {
  struct Case {
    const char* what;
    std::string question;
    std::string answer;
    int seconds;
    ErrorCode code;
  };
  const Case cases[] = {
      {"negative seconds", "be-outage", kAnswer, -1, ErrorCode::kInvalidArgument},
      {"too many seconds", "be-outage", kAnswer, kMaxAttemptSeconds + 1, ErrorCode::kInvalidArgument},
      {"empty answer", "be-outage", "", 60, ErrorCode::kInvalidArgument},
      {"blank answer", "be-outage", " \n\t ", 60, ErrorCode::kInvalidArgument},
      {"invalid UTF-8", "be-outage", "I fixed \xff it.", 60, ErrorCode::kInvalidArgument},
      {"too long", "be-outage", std::string(practice::kMaxAnswerChars + 1, 'a'), 60, ErrorCode::kTooLarge},
      {"unknown question", "no-such-question", kAnswer, 60, ErrorCode::kNotFound},
  };
  for (const Case& c : cases) {
    auto a = journal_->SaveAttempt(ann_.id, c.question, c.answer, c.seconds, kNow);
    ASSERT_FALSE(a.ok()) << c.what;
    EXPECT_EQ(a.error().code, c.code) << c.what << ": " << a.error().message;
    EXPECT_FALSE(a.error().message.empty()) << c.what;
  }
  EXPECT_EQ(AttemptCount(ann_), 0);
  // The bounds themselves are fine.
  EXPECT_TRUE(journal_->SaveAttempt(ann_.id, "be-outage", kAnswer, 0, kNow).ok());
  EXPECT_TRUE(journal_->SaveAttempt(ann_.id, "be-outage", kAnswer, kMaxAttemptSeconds, kNow).ok());
  EXPECT_EQ(AttemptCount(ann_), 2);
}

// ---- stories ----

TEST_F(JournalTest, StoryIsCleanedSealedAndRoundTrips) {
  auto created = journal_->CreateStory(ann_.id, SampleStory(), kNow);
  ASSERT_TRUE(created.ok()) << created.error().message;
  const Story& s = *created;
  EXPECT_GT(s.id, 0);
  EXPECT_EQ(s.fields.title, "Checkout outage");
  EXPECT_EQ(s.fields.competencies, (std::vector<std::string>{"ownership", "incident response"}));
  EXPECT_EQ(s.fields.question_ids, (std::vector<std::string>{"be-outage", "be-deadline"}));
  EXPECT_GT(s.score, 0);
  EXPECT_EQ(s.created_at, kNow);

  auto got = journal_->GetStory(ann_.id, s.id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->fields.title, "Checkout outage");
  EXPECT_EQ((*got)->fields.situation, SampleStory().situation);
  EXPECT_EQ((*got)->fields.result, SampleStory().result);
  EXPECT_EQ((*got)->fields.competencies, s.fields.competencies);
  EXPECT_EQ((*got)->score, s.score);

  const store::StoryRecord record = **store_->GetStory(ann_.id, s.id);
  for (const char* fragment : {"Checkout", "checkout", "rolled back", "95%"})
    EXPECT_EQ(record.sealed.bytes.find(fragment), std::string::npos) << fragment;
  EXPECT_FALSE(journal_->GetStory(bob_.id, s.id)->has_value());
}

TEST_F(JournalTest, UpdateStoryKeepsCreatedAtAndIsTheOwnersOnly) {
  auto created = journal_->CreateStory(ann_.id, SampleStory(), kNow);
  ASSERT_TRUE(created.ok());
  StoryFields next = SampleStory();
  next.title = "Checkout outage, retold";
  next.question_ids = {"fe-a11y"};
  auto hijack = journal_->UpdateStory(bob_.id, created->id, next, "2027-02-01T00:00:00Z");
  ASSERT_FALSE(hijack.ok());
  EXPECT_EQ(hijack.error().code, ErrorCode::kNotFound);

  auto updated = journal_->UpdateStory(ann_.id, created->id, next, "2027-02-01T00:00:00Z");
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  const Story s = **journal_->GetStory(ann_.id, created->id);
  EXPECT_EQ(s.fields.title, "Checkout outage, retold");
  EXPECT_EQ(s.fields.question_ids, std::vector<std::string>{"fe-a11y"});
  EXPECT_EQ(s.created_at, kNow);
  EXPECT_EQ(s.updated_at, "2027-02-01T00:00:00Z");
}

TEST_F(JournalTest, StoryValidation) {
  auto expect_error = [&](StoryFields f, ErrorCode code, const char* what) {
    auto s = journal_->CreateStory(ann_.id, std::move(f), kNow);
    ASSERT_FALSE(s.ok()) << what;
    EXPECT_EQ(s.error().code, code) << what << ": " << s.error().message;
  };
  StoryFields f = SampleStory();
  f.title = "";
  expect_error(f, ErrorCode::kInvalidArgument, "no title");
  f.title = "   ";
  expect_error(f, ErrorCode::kInvalidArgument, "blank title");
  f.title = std::string(kMaxStoryTitleChars + 1, 't');
  expect_error(f, ErrorCode::kTooLarge, "long title");

  f = SampleStory();
  f.situation = f.task = f.action = f.result = "  ";
  expect_error(f, ErrorCode::kInvalidArgument, "no part");
  f = SampleStory();
  f.action = std::string(kMaxStoryPartChars + 1, 'a');
  expect_error(f, ErrorCode::kTooLarge, "long action");
  f = SampleStory();
  f.result = "bad \xff bytes";
  expect_error(f, ErrorCode::kInvalidArgument, "invalid UTF-8");

  f = SampleStory();
  f.competencies.clear();
  for (std::size_t i = 0; i <= kMaxStoryCompetencies; ++i) f.competencies.push_back("skill " + std::to_string(i));
  expect_error(f, ErrorCode::kInvalidArgument, "too many competencies");
  f.competencies.pop_back();
  f.competencies.push_back("skill 0");  // a duplicate does not count
  EXPECT_TRUE(journal_->CreateStory(ann_.id, f, kNow).ok());

  f = SampleStory();
  f.question_ids = {"be-outage", "no-such-question"};
  expect_error(f, ErrorCode::kNotFound, "unknown question");
  EXPECT_EQ(journal_->ListStories(ann_.id)->size(), 1u);
}

// ---- export ----

TEST_F(JournalTest, TheStoryBankHoldsAtMostTheCap) {
  for (int i = 0; i < kMaxStoriesPerUser; ++i)
    ASSERT_TRUE(journal_->CreateStory(ann_.id, SampleStory(), kNow).ok()) << i;
  auto extra = journal_->CreateStory(ann_.id, SampleStory(), kNow);
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(extra.error().message.find(std::to_string(kMaxStoriesPerUser)), std::string::npos) << extra.error().message;
  auto listed = journal_->ListStories(ann_.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), static_cast<std::size_t>(kMaxStoriesPerUser));
}

TEST_F(JournalTest, ExportHoldsEverythingOfTheUserButNoSecrets) {
  const Attempt first = MustSave(ann_, "be-outage");
  const Attempt second =
      MustSave(ann_, "be-review", "I reviewed the change and asked for tests. The bug rate fell by half.");
  MustSave(bob_, "be-outage", "Bob's own answer about a deploy.");
  ASSERT_TRUE(journal_->CreateStory(ann_.id, SampleStory(), kNow).ok());
  ASSERT_TRUE(store_->CreateApiToken(ann_.id, "laptop", "read", "0123secrethash", kNow).ok());
  ASSERT_TRUE(store_->CreateSession({"sessionhash9876", ann_.id, kNow, kNow, "2027-02-01T00:00:00Z"}).ok());
  ASSERT_TRUE(store_->PutVote({"be-outage", "voter-1", true, "Clear question", ann_.id}).ok());
  ASSERT_TRUE(store_->PutVote({"be-review", "voter-2", false, "", bob_.id}).ok());
  Correction correction;
  correction.question_id = "be-outage";
  correction.answer = kAnswer;
  correction.spans = {{0, 10, coach::Component::kSituation}};
  ASSERT_TRUE(corrections_->Save(ann_.id, correction, kNow).ok());
  correction.shared = true;
  ASSERT_TRUE(corrections_->Save(bob_.id, correction, kNow).ok());

  MockSettings mock;
  mock.question_ids = {"be-review", "be-outage"};
  auto anns_mock = mocks_->Create(ann_.id, mock, 1'800'000'000, 1);
  ASSERT_TRUE(anns_mock.ok()) << anns_mock.error().message;
  ASSERT_TRUE(mocks_->SaveDraft(ann_.id, anns_mock->id, 0, "Ann's mock answer", 1'800'000'010).ok());
  auto bobs_mock = mocks_->Create(bob_.id, mock, 1'800'000'000, 1);
  ASSERT_TRUE(bobs_mock.ok());
  ASSERT_TRUE(mocks_->SaveDraft(bob_.id, bobs_mock->id, 0, "Bob's mock answer", 1'800'000'010).ok());

  auto exported = ExportUserData(*store_, *journal_, *corrections_, *mocks_, ann_, "2027-03-01T00:00:00Z");
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  const json::object& e = *exported;
  EXPECT_EQ(e.at("format"), "starprep-export-1");
  EXPECT_EQ(e.at("exported_at"), "2027-03-01T00:00:00Z");
  EXPECT_EQ(e.at("account").at("email"), "ann@example.org");
  EXPECT_EQ(e.at("active_sessions").to_number<int>(), 1);

  const json::array& attempts = e.at("attempts").as_array();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].at("id").to_number<std::int64_t>(), second.id);  // newest first
  EXPECT_EQ(attempts[1].at("id").to_number<std::int64_t>(), first.id);
  EXPECT_EQ(attempts[1].at("answer"), kAnswer);
  EXPECT_EQ(attempts[1].at("score").to_number<int>(), first.score);
  EXPECT_TRUE(attempts[1].at("coach").is_object());
  EXPECT_EQ(attempts[1].at("parts").at("result").to_number<int>(), first.parts[3]);

  const json::array& stories = e.at("stories").as_array();
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].at("title"), "Checkout outage");
  EXPECT_EQ(stories[0].at("question_ids").as_array().size(), 2u);

  const json::array& tokens = e.at("api_tokens").as_array();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].at("name"), "laptop");
  EXPECT_FALSE(tokens[0].as_object().contains("token_hash"));

  const json::array& corrections = e.at("corrections").as_array();
  ASSERT_EQ(corrections.size(), 1u) << "Bob's correction is not Ann's";
  EXPECT_EQ(corrections[0].at("answer"), kAnswer);
  EXPECT_EQ(corrections[0].at("shared"), false);
  EXPECT_EQ(corrections[0].at("spans").at(0).at("component"), "situation");

  const json::array& votes = e.at("votes").as_array();
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].at("question_id"), "be-outage");
  EXPECT_EQ(votes[0].at("helpful"), true);
  EXPECT_EQ(votes[0].at("comment"), "Clear question");

  const json::array& mocks = e.at("mocks").as_array();
  ASSERT_EQ(mocks.size(), 1u);
  EXPECT_EQ(mocks[0].at("id").to_number<std::int64_t>(), anns_mock->id);
  EXPECT_EQ(mocks[0].at("questions").at(0).at("question_id"), "be-review");
  EXPECT_EQ(mocks[0].at("questions").at(0).at("text"), "Ann's mock answer");
  EXPECT_EQ(mocks[0].at("questions").at(0).at("started_at"), "2027-01-15T08:00:00Z");

  const std::string text = json::serialize(e);
  EXPECT_EQ(text.find("Bob's mock answer"), std::string::npos);
  EXPECT_EQ(text.find("0123secrethash"), std::string::npos);
  EXPECT_EQ(text.find("sessionhash9876"), std::string::npos);
  EXPECT_EQ(text.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(text.find("Bob's own answer"), std::string::npos);
  EXPECT_EQ(text.find("voter-"), std::string::npos);
}

TEST_F(JournalTest, ExportPagesThroughManyAttempts) {
  // More than one page (100) of attempts, written directly to keep the test fast.
  const std::string payload = R"({"answer":"short","coach":{"score":1}})";
  for (int i = 0; i < 101; ++i) {
    store::AttemptRecord r{
        0,           ann_.id,
        "be-outage", keyring_.Seal(payload, auth::SealedContext(store::SealedKind::kAttempt, ann_.id)),
        i % 100,     {},
        1,           1,
        kNow};
    ASSERT_TRUE(store_->CreateAttempt(r).ok());
  }
  auto exported = ExportUserData(*store_, *journal_, *corrections_, *mocks_, ann_, kNow);
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_EQ(exported->at("attempts").as_array().size(), 101u);
  EXPECT_EQ(exported->at("attempts").as_array()[0].at("answer"), "short");
}

}  // namespace
}  // namespace starprep::practice
