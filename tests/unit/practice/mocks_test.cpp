// SPDX-License-Identifier: Apache-2.0
// Tests for stored mock interviews (practice/mocks.h) on a real SQLite store holding a small
// content pack, a real keyring and the embedded coach model, with the clock passed in.

#include "practice/mocks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <optional>
#include <thread>

#include "../sample_pack.h"
#include "../temp_dir.h"
#include "coach/coach.h"
#include "practice/journal.h"

namespace starprep::practice {
namespace {

using starprep::testing::TempDir;

constexpr std::int64_t kT0 = 1'800'000'000;
constexpr char kAnswer[] =
    "Last spring our checkout service went down during a sale. I was the on-call engineer and had to restore it "
    "quickly. I rolled back the release, added a database index and wrote a runbook with the team. Errors fell "
    "by 95% within an hour and sales recovered the same day.";

auth::Keyring::Key TestKey() {
  auth::Keyring::Key key;
  key.fill(0x4b);
  return key;
}

class MocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open();
    auto stats = store_->ReplaceContent(starprep::testing::SamplePack());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
    ann_ = MustCreateUser("ann@example.org");
    bob_ = MustCreateUser("bob@example.org");
  }

  // (Re)opens the store and the services on the same file: what a server restart does.
  void Open() {
    mocks_.reset();
    coaching_.reset();
    store_.reset();
    auto store = store::OpenSqliteStore((dir_.path() / "starprep.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    coaching_ = std::make_unique<Coaching>(*store_, coach::EmbeddedModel());
    mocks_ = std::make_unique<Mocks>(*store_, keyring_, *coaching_);
  }

  store::User MustCreateUser(const std::string& email) {
    auto u = store_->CreateUser({0, email, "Name", "$argon2id$fake", "member", "2027-01-01T00:00:00Z"});
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? *u : store::User{};
  }

  MockSession MustCreate(const store::User& user,
                         std::vector<std::string> ids = {"be-outage", "be-review", "be-deadline"}) {
    MockSettings s;
    s.question_ids = std::move(ids);
    auto m = mocks_->Create(user.id, s, kT0, 3);
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? *m : MockSession{};
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  auth::Keyring keyring_{{{1, TestKey()}}};
  std::unique_ptr<Coaching> coaching_;
  std::unique_ptr<Mocks> mocks_;
  store::User ann_, bob_;
};

TEST_F(MocksTest, CreateStoresTheRunSealedWithTheQuestionsInTheClear) {
  const MockSession m = MustCreate(ann_);
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.run.role, "backend");
  EXPECT_EQ(m.clock.current, 0);
  EXPECT_EQ(m.clock.phase, MockPhase::kThink);
  ASSERT_EQ(m.facts.size(), 3u);
  EXPECT_FALSE(m.facts[0].question.empty());
  auto record = store_->GetMock(ann_.id, m.id);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->question_ids, (std::vector<std::string>{"be-outage", "be-review", "be-deadline"}));
  EXPECT_EQ((*record)->created_at, "2027-01-15T08:00:00Z");
  EXPECT_EQ((*record)->sealed.bytes.find("be-outage"), std::string::npos) << "the run is sealed";
}

TEST_F(MocksTest, ADefaultRoleComesFromTheTargetRolesAndBadSettingsAreInvalid) {
  MockSettings s;  // a mix of 5 from the default role: the sample role has 3 behavioural questions
  s.questions = 3;
  ASSERT_TRUE(store_->SetTargetRoles(ann_.id, {"backend"}).ok());
  auto m = mocks_->Create(ann_.id, s, kT0, 1);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->run.role, "backend");
  s.questions = 4;
  auto too_many = mocks_->Create(ann_.id, s, kT0, 1);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(too_many.error().message.find("Only 3"), std::string::npos) << too_many.error().message;
}

TEST_F(MocksTest, ATimeOutSeenByGetIsStoredAndSurvivesARestart) {
  const MockSession m = MustCreate(ann_);
  ASSERT_TRUE(mocks_->SaveDraft(ann_.id, m.id, 0, "A draft kept at the time-out", kT0 + 100).ok());
  Open();  // the server restarts
  auto later = mocks_->Get(ann_.id, m.id, kT0 + 200);
  ASSERT_TRUE(later.ok() && later->has_value());
  const MockSession& s = **later;
  EXPECT_EQ(s.clock.current, 1);
  EXPECT_TRUE(s.run.turns[0].timed_out);
  EXPECT_EQ(s.run.turns[0].text, "A draft kept at the time-out");
  EXPECT_EQ(s.run.turns[1].started_at, kT0 + 200);
  // Another reload shows the same server-side clock, not a new start.
  Open();
  auto again = mocks_->Get(ann_.id, m.id, kT0 + 230);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->run.turns[1].started_at, kT0 + 200);
  EXPECT_EQ((*again)->clock.think_left, 0);
  EXPECT_EQ((*again)->clock.answer_left, 120);
  EXPECT_EQ(store_->GetMock(ann_.id, m.id)->value().revision, 3);  // created, draft, time-out
}

TEST_F(MocksTest, FinishingRecordsTheOverallScoreAndTheReportComparesWithThePreviousMock) {
  const MockSession first = MustCreate(ann_);
  ASSERT_TRUE(mocks_->Next(ann_.id, first.id, 0, kAnswer, kT0 + 100).ok());
  auto done = mocks_->Finish(ann_.id, first.id, kT0 + 110);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(done->finished);
  const store::MockRecord stored = store_->GetMock(ann_.id, first.id)->value();
  EXPECT_TRUE(stored.finished);
  EXPECT_GT(stored.score, 0);
  auto report = mocks_->Report(ann_.id, *done);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->overall, stored.score);
  EXPECT_EQ(report->answered, 1);
  EXPECT_FALSE(report->change.has_value());
  EXPECT_GT(report->questions[0].words, 40);
  EXPECT_EQ(report->questions[0].answer_seconds, 70);  // from the end of the 30 s think time to "Next"
  EXPECT_FALSE(report->questions[0].highlights.empty());

  const MockSession second = MustCreate(ann_);
  auto finished = mocks_->Finish(ann_.id, second.id, kT0 + 500);
  ASSERT_TRUE(finished.ok());
  auto report2 = mocks_->Report(ann_.id, *finished);
  ASSERT_TRUE(report2.ok());
  ASSERT_TRUE(report2->change.has_value());
  EXPECT_EQ(*report2->change, 0 - stored.score);
  EXPECT_EQ(report2->redo.size(), 3u);
}

TEST_F(MocksTest, FinishingMakesEveryQuestionOfTheMockAReviewCardOnce) {
  const MockSession mock = MustCreate(ann_);
  ASSERT_TRUE(mocks_->Next(ann_.id, mock.id, 0, kAnswer, kT0 + 100).ok());
  auto before = store_->ListCards(ann_.id);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty()) << "a running mock makes no card yet";
  ASSERT_TRUE(mocks_->Finish(ann_.id, mock.id, kT0 + 110).ok());
  ASSERT_TRUE(mocks_->Finish(ann_.id, mock.id, kT0 + 120).ok());  // finishing again changes nothing
  auto cards = store_->ListCards(ann_.id);
  ASSERT_TRUE(cards.ok());
  std::vector<std::string> ids;
  for (const auto& c : *cards) ids.push_back(c.question_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"be-deadline", "be-outage", "be-review"}));
  EXPECT_TRUE(store_->ListCards(bob_.id)->empty());
}

TEST_F(MocksTest, RefusedWritesSayWhyAndAnotherUsersMockIsNotFound) {
  const MockSession m = MustCreate(ann_);
  auto ahead = mocks_->SaveDraft(ann_.id, m.id, 2, "not yet", kT0 + 1);
  ASSERT_FALSE(ahead.ok());
  EXPECT_EQ(ahead.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(mocks_->Get(bob_.id, m.id, kT0)->has_value());
  EXPECT_EQ(mocks_->SaveDraft(bob_.id, m.id, 0, "x", kT0).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(mocks_->Delete(bob_.id, m.id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(mocks_->Delete(ann_.id, m.id).ok());
  EXPECT_FALSE(mocks_->Get(ann_.id, m.id, kT0)->has_value());
}

TEST_F(MocksTest, AGuestReportNeedsLiveQuestionsAndStoresNothing) {
  MockRun run = StartMock(MockPlan{"backend", {"be-outage", "be-review"}, 0, 60}, kT0);
  ASSERT_TRUE(NextQuestion(run, 0, kAnswer, kT0 + 60).ok());
  FinishMock(run, kT0 + 70);
  auto report = mocks_->GuestReport(run);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->answered, 1);
  EXPECT_EQ(report->questions[0].words_per_minute, report->questions[0].words);  // one minute, no think time
  EXPECT_EQ(store_->ListMocks(ann_.id, 10, 0)->total, 0);
  run.turns[1].question_id = "nope";
  EXPECT_EQ(mocks_->GuestReport(run).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(MocksTest, AGuestMockTravelsAsASealedTokenUntilKeptInAnAccount) {
  MockSettings s;
  s.question_ids = {"be-outage", "be-review", "be-deadline"};
  s.think_seconds = 0;
  s.answer_seconds = 60;
  auto created = mocks_->CreateGuest(s, kT0, 3);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->id, 0);
  EXPECT_EQ(created->clock.current, 0);
  EXPECT_EQ(created->facts.size(), 3u);
  MockRun run = created->run;
  ASSERT_TRUE(NextQuestion(run, 0, kAnswer, kT0 + 30).ok());
  auto token = mocks_->GuestToken(run);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->find("checkout"), std::string::npos) << "sealed";

  // Another instance (its own Mocks and keyring with the same keys) opens it, the time-outs by its clock.
  auth::Keyring other_keys{{{1, TestKey()}}};
  Mocks other(*store_, other_keys, *coaching_);
  auto opened = other.OpenGuest(*token, kT0 + 200);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->turns[0].text, kAnswer);
  EXPECT_TRUE(opened->turns[1].timed_out) << "question 2's minute ran out at +90";
  EXPECT_EQ(ClockAt(*opened, kT0 + 200).current, 2);

  EXPECT_EQ(mocks_->OpenGuest(*token, kT0 + kGuestMockMaxAgeSeconds + 1).error().code, ErrorCode::kInvalidArgument)
      << "a day old";
  std::string changed = *token;
  changed[changed.size() / 2] = changed[changed.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(mocks_->OpenGuest(changed, kT0 + 40).error().code, ErrorCode::kInvalidArgument);
  MockRun huge = run;
  std::string long_answer;  // the most characters, two bytes each
  for (std::size_t i = 0; i < kMaxAnswerChars; ++i) long_answer += "\u00e9";
  for (auto& t : huge.turns) t.text = long_answer;
  EXPECT_EQ(mocks_->GuestToken(huge).error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(store_->ListMocks(ann_.id, 10, 0)->total, 0) << "nothing stored yet";

  // "Sign up to keep this": a running mock is finished now and stored as the member's own.
  auto kept = mocks_->KeepGuest(ann_.id, *token, kT0 + 40);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  auto mine = mocks_->Get(ann_.id, *kept, kT0 + 50);
  ASSERT_TRUE(mine.ok() && mine->has_value());
  EXPECT_TRUE((*mine)->finished);
  EXPECT_EQ((*mine)->run.turns[0].text, kAnswer);
  EXPECT_GT((*mine)->score, 0);
  EXPECT_FALSE((*mocks_->Get(bob_.id, *kept, kT0 + 50)).has_value());
  auto cards = store_->ListCards(ann_.id);
  ASSERT_TRUE(cards.ok());
  EXPECT_EQ(cards->size(), 3u) << "its questions are review cards";
}

// "Keep" pressed twice, a replayed form, a later token of the same run: one copy, the same id.
TEST_F(MocksTest, KeepingTheSameGuestRunAgainStoresNothingAndLeadsToTheFirstCopy) {
  MockSettings s;
  s.question_ids = {"be-outage", "be-review", "be-deadline"};
  auto created = mocks_->CreateGuest(s, kT0, 3);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->run.guest_id.size(), 43u) << "a random id travels in the token";
  auto first_token = mocks_->GuestToken(created->run);
  ASSERT_TRUE(first_token.ok());
  MockRun run = created->run;
  ASSERT_TRUE(NextQuestion(run, 0, kAnswer, kT0 + 40).ok());
  auto later_token = mocks_->GuestToken(run);
  ASSERT_TRUE(later_token.ok());
  // Ann already has a finished mock of the same questions of her own: not taken for the kept one.
  MockSession own = MustCreate(ann_);
  ASSERT_TRUE(mocks_->Finish(ann_.id, own.id, kT0 + 10).ok());

  auto kept = mocks_->KeepGuest(ann_.id, *later_token, kT0 + 50);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_NE(*kept, own.id);
  for (const std::string* token : {&*later_token, &*later_token, &*first_token}) {
    auto again = mocks_->KeepGuest(ann_.id, *token, kT0 + 90);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again, *kept);
  }
  EXPECT_EQ(store_->ListMocks(ann_.id, 10, 0)->total, 2) << "her own and the kept one, once";
  auto stored = mocks_->Get(ann_.id, *kept, kT0 + 100);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->run.turns[0].text, kAnswer) << "the first copy is unchanged";
  EXPECT_EQ((*stored)->run.finished_at, kT0 + 50);
  EXPECT_EQ(store_->ListCards(ann_.id)->size(), 3u);

  // Another account keeping the same run gets its own copy; another guest run is another mock.
  auto bobs = mocks_->KeepGuest(bob_.id, *later_token, kT0 + 60);
  ASSERT_TRUE(bobs.ok());
  EXPECT_NE(*bobs, *kept);
  EXPECT_EQ(store_->ListMocks(bob_.id, 10, 0)->total, 1);
  auto second = mocks_->CreateGuest(s, kT0 + 100, 3);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->run.guest_id, created->run.guest_id);
  auto other = mocks_->KeepGuest(ann_.id, *mocks_->GuestToken(second->run), kT0 + 110);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *kept);
  EXPECT_EQ(store_->ListMocks(ann_.id, 10, 0)->total, 3);
}

// Two instances (each with its own store connection and lock) keeping the same run at the same
// moment, as a double click sent to two of them: one copy stays and both answer with it.
TEST_F(MocksTest, TwoInstancesKeepingTheSameRunAtOnceLeaveOneCopy) {
  auto second_store = store::OpenSqliteStore((dir_.path() / "starprep.db").string());
  ASSERT_TRUE(second_store.ok()) << second_store.error().message;
  Coaching second_coaching(**second_store, coach::EmbeddedModel());
  Mocks second(**second_store, keyring_, second_coaching);
  MockSettings s;
  s.question_ids = {"be-outage", "be-review", "be-deadline"};
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    auto created = mocks_->CreateGuest(s, kT0 + round, 3);
    ASSERT_TRUE(created.ok());
    auto token = mocks_->GuestToken(created->run);
    ASSERT_TRUE(token.ok());
    std::optional<Result<std::int64_t>> here, there;
    std::latch go(2);
    std::thread a([&] {
      go.arrive_and_wait();
      here = mocks_->KeepGuest(ann_.id, *token, kT0 + round + 5);
    });
    std::thread b([&] {
      go.arrive_and_wait();
      there = second.KeepGuest(ann_.id, *token, kT0 + round + 5);
    });
    a.join();
    b.join();
    ASSERT_TRUE(here->ok()) << here->error().message;
    ASSERT_TRUE(there->ok()) << there->error().message;
    EXPECT_EQ(**here, **there) << "round " << round;
  }
  EXPECT_EQ(store_->ListMocks(ann_.id, 100, 0)->total, kRounds) << "one copy of each run";
  EXPECT_EQ(store_->ListCards(ann_.id)->size(), 3u);
}

// The worst tokens: each refused with the guest's message, and keeping one stores nothing.
TEST_F(MocksTest, ABadGuestTokenIsRefusedAndKeepingItStoresNothing) {
  auto sealed = [&](std::string_view text) { return keyring_.SealToken(text, kGuestMockContext); };
  MockRun run = StartMock(MockPlan{"backend", {"be-outage", "be-review", "be-deadline"}, 30, 120}, kT0);
  boost::json::object negative = MockRunJson(run);
  negative["turns"].as_array()[0].as_object()["ended_at"] = -1;
  boost::json::object past_list = MockRunJson(run);
  past_list["turns"].as_array()[2].as_object()["started_at"] = kT0;  // a question past the open one
  const std::vector<std::pair<std::string, std::string>> tokens = {
      {"empty", ""},
      {"past the cap", "1." + std::string(kMaxGuestTokenChars, 'A')},
      {"no key id", ".AAAA"},
      {"unknown key", "7." + std::string(80, 'A')},
      {"not base64url", "1.!!!!"},
      {"another context", keyring_.SealToken(boost::json::serialize(MockRunJson(run)), "starprep:other")},
      {"sealed, empty", sealed("")},
      {"sealed, invalid UTF-8", sealed("\xff\xfe{")},
      {"sealed, not JSON", sealed("hello")},
      {"sealed, wrong types", sealed(R"({"role":1,"think_seconds":"x","turns":{}})")},
      {"sealed, a negative time", sealed(boost::json::serialize(negative))},
      {"sealed, questions out of order", sealed(boost::json::serialize(past_list))},
  };
  for (const auto& [what, token] : tokens) {
    auto opened = mocks_->OpenGuest(token, kT0 + 10);
    ASSERT_FALSE(opened.ok()) << what;
    EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument) << what;
    EXPECT_NE(opened.error().message.find("cannot be read"), std::string::npos) << what;
    auto kept = mocks_->KeepGuest(ann_.id, token, kT0 + 10);
    ASSERT_FALSE(kept.ok()) << what;
    EXPECT_EQ(kept.error().code, ErrorCode::kInvalidArgument) << what;
  }
  EXPECT_EQ(store_->ListMocks(ann_.id, 10, 0)->total, 0) << "nothing half-kept";
  EXPECT_TRUE(store_->ListCards(ann_.id)->empty());
  // A token from before guest ids (sealed without one) still opens and is kept.
  auto legacy = mocks_->KeepGuest(ann_.id, sealed(boost::json::serialize(MockRunJson(run))), kT0 + 10);
  ASSERT_TRUE(legacy.ok()) << legacy.error().message;
  EXPECT_EQ(store_->ListMocks(ann_.id, 10, 0)->total, 1);
}

TEST_F(MocksTest, MockJsonCarriesTheClockAndIsoTimes) {
  const MockSession m = MustCreate(ann_);
  const boost::json::object o = MockSessionJson(m);
  EXPECT_EQ(o.at("clock").at("phase"), "think");
  EXPECT_EQ(o.at("clock").at("think_left").to_number<int>(), 30);
  EXPECT_EQ(o.at("questions").at(0).at("started_at"), "2027-01-15T08:00:00Z");
  EXPECT_TRUE(o.at("questions").at(1).at("started_at").is_null());
  EXPECT_TRUE(o.at("score").is_null());
}

}  // namespace
}  // namespace starprep::practice
