// SPDX-License-Identifier: Apache-2.0
// Tests for the mock interview's pure logic (practice/mock.h): set-up, question choice, timing
// driven by an injected clock, and the report's maths with hand-made coach reports.

#include "practice/mock.h"

#include <functional>
#include <limits>
#include <set>

#include <gtest/gtest.h>

#include "practice/coaching.h"

namespace starprep::practice {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000;  // the fake clock's start

content::Question Q(const std::string& id, const std::string& role, const std::string& kind,
                    std::vector<std::string> competencies) {
  content::Question q;
  q.id = id;
  q.role_slug = role;
  q.question = "Question " + id + "?";
  q.kind = kind;
  q.competencies = std::move(competencies);
  return q;
}

// backend: 3 behavioural, 2 technical, 1 situational; frontend: 2 technical.
std::vector<content::Role> Roles() {
  content::Role be;
  be.slug = "backend";
  be.title = "Back-end Developer";
  be.questions = {Q("b1", "backend", "behavioral", {"ownership"}),
                  Q("b2", "backend", "behavioral", {"communication"}),
                  Q("b3", "backend", "behavioral", {"Conflict resolution"}),
                  Q("t1", "backend", "technical", {"databases"}),
                  Q("t2", "backend", "technical", {"api design"}),
                  Q("s1", "backend", "situational", {"ownership", "prioritisation"})};
  content::Role fe;
  fe.slug = "frontend";
  fe.title = "Front-end Developer";
  fe.questions = {Q("f1", "frontend", "technical", {"accessibility"}),
                  Q("f2", "frontend", "technical", {"performance"})};
  return {be, fe};
}

MockPlan MustPlan(const MockSettings& s, std::uint64_t seed = 7) {
  auto plan = PlanMock(s, Roles(), seed);
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
  return plan.ok() ? *plan : MockPlan{};
}

std::string PlanError(const MockSettings& s) {
  auto plan = PlanMock(s, Roles(), 1);
  EXPECT_FALSE(plan.ok());
  return plan.ok() ? "" : plan.error().message;
}

MockSettings Backend(int count = 3) {
  MockSettings s;
  s.role = "backend";
  s.questions = count;
  return s;
}

// ---- set-up ----

TEST(MockSettingsTest, DefaultsAreFiveQuestionsThirtySecondsToThinkAndTwoMinutesToAnswer) {
  auto s = ParseMockSettings({});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->questions, 5);
  EXPECT_EQ(s->think_seconds, 30);
  EXPECT_EQ(s->answer_seconds, 120);
  EXPECT_TRUE(s->kinds.empty());
}

TEST(MockSettingsTest, PresetsSetTheirValuesAndOtherFieldsOverrideThem) {
  auto quick = ParseMockSettings({{"preset", "quick"}, {"role", " backend "}});
  ASSERT_TRUE(quick.ok());
  EXPECT_EQ(quick->questions, 3);
  EXPECT_EQ(quick->role, "backend");
  auto full = ParseMockSettings({{"preset", "full-behavioral"}});
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->questions, 9);
  EXPECT_EQ(full->kinds, (std::vector<std::string>{"behavioral", "situational"}));
  EXPECT_TRUE(full->up_to);
  EXPECT_EQ(full->questions * (full->think_seconds + full->answer_seconds), 45 * 60);
  auto changed = ParseMockSettings({{"answer", "60"}, {"preset", "full-behavioral"}, {"kind", "technical"}});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->answer_seconds, 60);  // a field wins over the preset whatever their order
  EXPECT_EQ(changed->kinds, std::vector<std::string>{"technical"});
}

TEST(MockSettingsTest, ListsAreCommaSeparatedOrRepeatedAndEmptyNumbersKeepTheDefault) {
  auto s = ParseMockSettings({{"kind", "Behavioural, technical"},
                              {"kind", "mix"},
                              {"competency", "ownership,,api design"},
                              {"questions", "b1, t1,"},
                              {"think", ""},
                              {"answer", " 90 "}});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->kinds, (std::vector<std::string>{"behavioral", "technical"}));
  EXPECT_EQ(s->competencies, (std::vector<std::string>{"ownership", "api design"}));
  EXPECT_EQ(s->question_ids, (std::vector<std::string>{"b1", "t1"}));
  EXPECT_EQ(s->think_seconds, 30);
  EXPECT_EQ(s->answer_seconds, 90);
}

TEST(MockSettingsTest, BadNumbersAndUnknownPresetsAreRefusedByName) {
  auto a = ParseMockSettings({{"count", "5x"}});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(a.error().message.find("\"count\""), std::string::npos);
  auto b = ParseMockSettings({{"preset", "marathon"}});
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("marathon"), std::string::npos);
}

TEST(MockPlanTest, RangesAreCheckedWithClearMessages) {
  MockSettings s = Backend(2);
  EXPECT_NE(PlanError(s).find("from 3 to 10"), std::string::npos);
  s = Backend(11);
  EXPECT_NE(PlanError(s).find("from 3 to 10"), std::string::npos);
  s = Backend();
  s.think_seconds = -1;
  EXPECT_NE(PlanError(s).find("think time"), std::string::npos);
  s = Backend();
  s.answer_seconds = 29;
  EXPECT_NE(PlanError(s).find("answer time"), std::string::npos);
  s = Backend();
  s.think_seconds = 0;  // no think time is allowed
  EXPECT_EQ(MustPlan(s).think_seconds, 0);
  s = Backend();
  s.role = "";
  EXPECT_EQ(PlanError(s), "Choose a role.");
  s.role = "chef";
  EXPECT_NE(PlanError(s).find("\"chef\""), std::string::npos);
}

TEST(MockPlanTest, AMixTakesTheKindsInTurnSoThreeQuestionsAreOneOfEach) {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const MockPlan plan = MustPlan(Backend(3), seed);
    ASSERT_EQ(plan.question_ids.size(), 3u);
    EXPECT_EQ(plan.question_ids[0][0], 'b');
    EXPECT_EQ(plan.question_ids[1][0], 't');
    EXPECT_EQ(plan.question_ids[2], "s1");
    EXPECT_EQ(plan.role, "backend");
  }
}

TEST(MockPlanTest, TheChoiceIsFixedByTheSeedAndVariesBetweenSeeds) {
  EXPECT_EQ(MustPlan(Backend(5), 42).question_ids, MustPlan(Backend(5), 42).question_ids);
  std::set<std::vector<std::string>> seen;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto ids = MustPlan(Backend(5), seed).question_ids;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 5u) << "no question twice";
    seen.insert(ids);
  }
  EXPECT_GT(seen.size(), 1u);
}

TEST(MockPlanTest, KindsAndCompetenciesNarrowThePool) {
  MockSettings s = Backend(3);
  s.kinds = {"behavioral"};
  auto ids = MustPlan(s).question_ids;
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), (std::set<std::string>{"b1", "b2", "b3"}));
  s = Backend(3);
  s.competencies = {"Ownership", "conflict-resolution"};  // CompetencyKey folds the spelling
  ids = MustPlan(s).question_ids;
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), (std::set<std::string>{"b1", "b3", "s1"}));
}

TEST(MockPlanTest, TooFewMatchesSayHowMany) {
  MockSettings s = Backend(4);
  s.kinds = {"behavioral"};
  EXPECT_NE(PlanError(s).find("Only 3 questions"), std::string::npos);
  EXPECT_NE(PlanError(s).find("at most 3"), std::string::npos);
  s = Backend(3);
  s.kinds = {"technical"};
  EXPECT_NE(PlanError(s).find("choose more kinds"), std::string::npos);
  s = Backend(3);
  s.kinds = {"lyrical"};
  EXPECT_NE(PlanError(s).find("\"lyrical\""), std::string::npos);
  s = Backend(3);
  s.competencies = {"juggling"};
  EXPECT_NE(PlanError(s).find("\"juggling\""), std::string::npos);
}

TEST(MockPlanTest, APresetsCountIsTheMostAndARoleWithFewerMatchesGetsThemAll) {
  MockSettings s;
  ASSERT_TRUE(ApplyMockPreset(s, "full-behavioral").ok());
  s.role = "backend";  // 3 behavioural + 1 situational questions
  const auto ids = MustPlan(s).question_ids;
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), (std::set<std::string>{"b1", "b2", "b3", "s1"}));
  s.kinds = {"situational"};  // 1 match: still too few
  EXPECT_NE(PlanError(s).find("Only 1 question of Back-end Developer matches"), std::string::npos);
  EXPECT_EQ(ApplyMockPreset(s, "marathon").error().code, ErrorCode::kInvalidArgument);
}

TEST(MockPlanTest, AnExplicitListIsKeptInOrderAcrossRolesWithoutRepeats) {
  MockSettings s;
  s.question_ids = {"t2", "f1", "t2", " b1 "};
  const MockPlan plan = MustPlan(s);
  EXPECT_EQ(plan.question_ids, (std::vector<std::string>{"t2", "f1", "b1"}));
  EXPECT_EQ(plan.role, "");  // across roles
  s.question_ids = {"t1"};   // one due question is enough
  EXPECT_EQ(MustPlan(s).role, "backend");
  s.question_ids = {"t1", "nope"};
  EXPECT_NE(PlanError(s).find("\"nope\""), std::string::npos);
  s.question_ids.assign(11, "");
  for (int i = 0; i < 11; ++i) s.question_ids[static_cast<std::size_t>(i)] = "x" + std::to_string(i);
  EXPECT_NE(PlanError(s).find("at most 10"), std::string::npos);
}

// ---- timing ----

MockRun ThreeQuestions(std::int64_t now = kT0) {
  return StartMock(MockPlan{"backend", {"b1", "t1", "s1"}, 30, 120}, now);
}

// "Next" twice at `at`: during the think time the first starts the answer and the second ends it.
Status EndEarly(MockRun& run, int index, const std::string& text, std::int64_t at) {
  if (auto s = NextQuestion(run, index, text, at); !s) return s;
  return NextQuestion(run, index, text, at);
}

TEST(MockTimingTest, NextDuringTheThinkTimeStartsTheAnswerAndASecondNextEndsTheQuestion) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(NextQuestion(run, 0, "notes", kT0 + 10).ok());
  EXPECT_EQ(run.turns[0].answer_started_at, kT0 + 10);
  EXPECT_EQ(run.turns[0].ended_at, 0) << "not skipped";
  EXPECT_EQ(run.turns[0].text, "notes");
  MockClock c = ClockAt(run, kT0 + 10);
  EXPECT_EQ(c.current, 0);
  EXPECT_EQ(c.phase, MockPhase::kAnswer);
  EXPECT_EQ(c.deadline, kT0 + 130) << "the whole answer time from the press";
  ASSERT_TRUE(NextQuestion(run, 0, "the answer", kT0 + 70).ok());
  EXPECT_EQ(run.turns[0].ended_at, kT0 + 70);
  EXPECT_EQ(run.turns[1].started_at, kT0 + 70);
  FinishMock(run, kT0 + 80);
  const MockReport report = BuildMockReport(run, {}, {}, std::nullopt, {});
  EXPECT_EQ(report.questions[0].think_seconds, 10);
  EXPECT_EQ(report.questions[0].answer_seconds, 60) << "not 0 s";
}

TEST(MockTimingTest, NextWithNoThinkTimeEndsTheQuestionAtOnce) {
  MockRun run = StartMock(MockPlan{"backend", {"b1", "t1", "s1"}, 0, 120}, kT0);
  ASSERT_TRUE(NextQuestion(run, 0, "a", kT0 + 20).ok());
  EXPECT_EQ(run.turns[0].ended_at, kT0 + 20);
  EXPECT_EQ(ClockAt(run, kT0 + 20).current, 1);
}

TEST(MockTimingTest, TheFirstQuestionStartsWithItsThinkTime) {
  const MockRun run = ThreeQuestions();
  MockClock c = ClockAt(run, kT0 + 10);
  EXPECT_EQ(c.current, 0);
  EXPECT_EQ(c.phase, MockPhase::kThink);
  EXPECT_EQ(c.think_left, 20);
  EXPECT_EQ(c.answer_left, 120);
  EXPECT_EQ(c.think_ends_at, kT0 + 30);
  EXPECT_EQ(c.deadline, kT0 + 150);
  c = ClockAt(run, kT0 + 60);
  EXPECT_EQ(c.phase, MockPhase::kAnswer);
  EXPECT_EQ(c.think_left, 0);
  EXPECT_EQ(c.answer_left, 90);
}

TEST(MockTimingTest, StartingToAnswerEndsTheThinkTimeEarly) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(StartAnswering(run, 0, kT0 + 5).ok());
  const MockClock c = ClockAt(run, kT0 + 5);
  EXPECT_EQ(c.phase, MockPhase::kAnswer);
  EXPECT_EQ(c.deadline, kT0 + 125);
  EXPECT_EQ(StartAnswering(run, 1, kT0 + 6).error().code, ErrorCode::kConflict);
}

TEST(MockTimingTest, ATimeOutKeepsTheDraftAndTheNextQuestionStartsWhenTheServerSeesIt) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(SaveDraft(run, 0, "I led the rollback", kT0 + 100).ok());
  EXPECT_FALSE(CatchUp(run, kT0 + 149));
  // The candidate walked away: the server next sees the mock 10 minutes later.
  EXPECT_TRUE(CatchUp(run, kT0 + 750));
  EXPECT_EQ(run.turns[0].text, "I led the rollback");
  EXPECT_TRUE(run.turns[0].timed_out);
  EXPECT_EQ(run.turns[0].ended_at, kT0 + 150);  // at its deadline
  EXPECT_EQ(run.turns[1].started_at, kT0 + 750);
  EXPECT_FALSE(run.turns[1].timed_out) << "only one question times out per absence";
  EXPECT_EQ(ClockAt(run, kT0 + 750).current, 1);
  EXPECT_FALSE(CatchUp(run, kT0 + 750));
}

TEST(MockTimingTest, ALateDraftOfTheTimedOutQuestionIsKeptUntilTheCandidateWritesInTheNext) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(SaveDraft(run, 0, "first words", kT0 + 140).ok());
  // The browser's final autosave arrives after the deadline: the newer text is the answer.
  ASSERT_TRUE(SaveDraft(run, 0, "first words and more", kT0 + 152).ok());
  EXPECT_EQ(run.turns[0].text, "first words and more");
  EXPECT_EQ(ClockAt(run, kT0 + 152).current, 1);
  ASSERT_TRUE(SaveDraft(run, 1, "second", kT0 + 160).ok());
  auto late = SaveDraft(run, 0, "too late", kT0 + 161);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(run.turns[0].text, "first words and more");
}

TEST(MockTimingTest, NextEndsAQuestionEarlyAndAQuestionEndedByNextTakesNoMoreText) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(NextQuestion(run, 0, "short answer", kT0 + 40).ok());
  EXPECT_EQ(run.turns[0].ended_at, kT0 + 40);
  EXPECT_FALSE(run.turns[0].timed_out);
  EXPECT_EQ(run.turns[1].started_at, kT0 + 40);
  EXPECT_EQ(SaveDraft(run, 0, "more", kT0 + 41).error().code, ErrorCode::kConflict);
  EXPECT_EQ(SaveDraft(run, 2, "ahead", kT0 + 41).error().code, ErrorCode::kConflict);
  EXPECT_EQ(SaveDraft(run, 3, "none", kT0 + 41).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(EndEarly(run, 1, "b", kT0 + 50).ok());
  ASSERT_TRUE(EndEarly(run, 2, "c", kT0 + 60).ok());
  EXPECT_EQ(run.finished_at, kT0 + 60);
  EXPECT_EQ(ClockAt(run, kT0 + 60).phase, MockPhase::kFinished);
  EXPECT_EQ(ClockAt(run, kT0 + 60).current, -1);
}

TEST(MockTimingTest, TheLastTimeOutFinishesTheMock) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(EndEarly(run, 0, "a", kT0 + 10).ok());
  ASSERT_TRUE(EndEarly(run, 1, "b", kT0 + 20).ok());
  ASSERT_TRUE(SaveDraft(run, 2, "c draft", kT0 + 30).ok());
  EXPECT_TRUE(CatchUp(run, kT0 + 1000));
  EXPECT_EQ(run.finished_at, kT0 + 20 + 150);
  EXPECT_TRUE(run.turns[2].timed_out);
  EXPECT_EQ(run.turns[2].text, "c draft");
}

TEST(MockTimingTest, FinishingEndsTheOpenQuestionAndLeavesTheRestUnanswered) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(SaveDraft(run, 0, "draft", kT0 + 60).ok());
  FinishMock(run, kT0 + 70);
  EXPECT_EQ(run.finished_at, kT0 + 70);
  EXPECT_EQ(run.turns[0].ended_at, kT0 + 70);
  EXPECT_EQ(run.turns[1].started_at, 0);
  const MockRun before = run;
  FinishMock(run, kT0 + 80);
  EXPECT_EQ(run, before);
  EXPECT_EQ(NextQuestion(run, 0, "x", kT0 + 90).error().code, ErrorCode::kConflict);
}

TEST(MockTimingTest, DraftsMustBeUtf8AndWithinTheAnswerLimit) {
  MockRun run = ThreeQuestions();
  EXPECT_EQ(SaveDraft(run, 0, "\xff", kT0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(SaveDraft(run, 0, std::string(10001, 'a'), kT0).error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(SaveDraft(run, 0, "", kT0).ok()) << "an empty draft is a draft";
}

TEST(MockTimingTest, TheRunRoundTripsThroughJson) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(StartAnswering(run, 0, kT0 + 3).ok());
  ASSERT_TRUE(NextQuestion(run, 0, "ünïcode \"quoted\"", kT0 + 40).ok());
  CatchUp(run, kT0 + 400);
  auto back = MockRunFromJson(MockRunJson(run));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, run);
  boost::json::object broken = MockRunJson(run);
  broken["turns"].as_array()[0].as_object()["ended_at"] = "soon";
  EXPECT_EQ(MockRunFromJson(broken).error().code, ErrorCode::kInternal);
  EXPECT_FALSE(MockRunFromJson(boost::json::object{}).ok());
}

// ---- a run read back from a guest's token ----

// The JSON text of ThreeQuestions() after `edit` changed it.
std::string EditedRun(const std::function<void(boost::json::object&)>& edit) {
  boost::json::object o = MockRunJson(ThreeQuestions());
  edit(o);
  return boost::json::serialize(o);
}

boost::json::object& FirstTurn(boost::json::object& o) {
  return o["turns"].as_array()[0].as_object();
}

void ExpectUnreadable(const std::string& text, const std::string& what) {
  auto run = ParseGuestRun(text, kT0 + 10);
  ASSERT_FALSE(run.ok()) << what;
  EXPECT_EQ(run.error().code, ErrorCode::kInvalidArgument) << what;
  EXPECT_NE(run.error().message.find("cannot be read"), std::string::npos) << what;
}

TEST(GuestRunTest, EveryRunTheStepsMakePassesTheCheckAndReadsBackTheSame) {
  MockRun run = ThreeQuestions();
  run.guest_id = std::string(43, 'x');
  auto check = [&](std::int64_t now) {
    const Status valid = CheckMockRun(run, now);
    EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message);
    auto back = ParseGuestRun(boost::json::serialize(MockRunJson(run)), now);
    ASSERT_TRUE(back.ok()) << (back.ok() ? "" : back.error().message);
    EXPECT_EQ(*back, run);
  };
  check(kT0);
  ASSERT_TRUE(NextQuestion(run, 0, "notes", kT0 + 10).ok());
  check(kT0 + 10);
  ASSERT_TRUE(NextQuestion(run, 0, "the answer", kT0 + 70).ok());
  check(kT0 + 70);
  ASSERT_TRUE(SaveDraft(run, 1, "draft", kT0 + 100).ok());
  CatchUp(run, kT0 + 500);  // question 2 timed out
  check(kT0 + 500);
  FinishMock(run, kT0 + 520);
  check(kT0 + 520);
  // A time-out that happened while the token travelled is applied on reading.
  MockRun open = ThreeQuestions();
  auto late = ParseGuestRun(boost::json::serialize(MockRunJson(open)), kT0 + 200);
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->turns[0].timed_out);
  EXPECT_EQ(ClockAt(*late, kT0 + 200).current, 1);
}

TEST(GuestRunTest, ARunFromAnInstanceWhoseClockIsAheadStaysValidThroughEveryStep) {
  // Another instance, 40 s ahead, started the mock and the answer; this one reads it at kT0.
  const std::int64_t ahead = kT0 + 40;
  MockRun run = ThreeQuestions(ahead);
  run.guest_id = std::string(43, 'x');
  ASSERT_TRUE(StartAnswering(run, 0, ahead + 5).ok());
  auto read = ParseGuestRun(boost::json::serialize(MockRunJson(run)), kT0);
  ASSERT_TRUE(read.ok()) << read.error().message;
  const MockClock c = ClockAt(*read, kT0);
  EXPECT_EQ(c.current, 0);
  EXPECT_LE(c.answer_left, read->answer_seconds) << "never more time left than the target";
  EXPECT_EQ(c.answer_left, read->answer_seconds) << "the answer started at this run's latest time";
  // "Next" here, by this server's clock before the answer started: ends the question at that time.
  ASSERT_TRUE(NextQuestion(*read, 0, "the answer", kT0 + 1).ok());
  EXPECT_EQ(read->turns[0].ended_at, ahead + 5);
  EXPECT_EQ(read->turns[1].started_at, ahead + 5);
  Status valid = CheckMockRun(*read, kT0 + 1);
  EXPECT_TRUE(valid.ok()) << valid.error().message;
  FinishMock(*read, kT0 + 2);
  EXPECT_EQ(read->finished_at, ahead + 5);
  valid = CheckMockRun(*read, kT0 + 2);
  EXPECT_TRUE(valid.ok()) << valid.error().message;
}

TEST(GuestRunTest, TheWorstTextsBehindTheSealAreRefusedWithOneMessage) {
  ExpectUnreadable("", "empty");
  ExpectUnreadable("not json", "not JSON");
  ExpectUnreadable("[1, 2]", "an array");
  ExpectUnreadable(std::string(10000, '['), "deeply nested");
  ExpectUnreadable(EditedRun([](auto&) {}).substr(0, 40), "truncated");
  std::string bad_utf8 = EditedRun([](auto& o) { FirstTurn(o)["text"] = "caf\u00e9 MARK"; });
  bad_utf8.replace(bad_utf8.find("MARK"), 4, "\xff\xfe");
  ExpectUnreadable(bad_utf8, "invalid UTF-8 in a string");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["text"] = "\xed\xa0\x80"; }), "an encoded surrogate");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["text"] = std::string(kMaxAnswerChars + 1, 'a'); }),
                   "an answer over the limit");
}

TEST(GuestRunTest, WrongTypesAndMissingMembersAreRefused) {
  ExpectUnreadable(EditedRun([](auto& o) { o["think_seconds"] = "30"; }), "a number as a string");
  ExpectUnreadable(EditedRun([](auto& o) { o["answer_seconds"] = 120.0; }), "a number as a double");
  ExpectUnreadable(EditedRun([](auto& o) { o["created_at"] = nullptr; }), "null");
  ExpectUnreadable(EditedRun([](auto& o) { o.erase("turns"); }), "no turns");
  ExpectUnreadable(EditedRun([](auto& o) { o["turns"] = boost::json::object{}; }), "turns not an array");
  ExpectUnreadable(EditedRun([](auto& o) { o["turns"].as_array().emplace_back(5); }), "a turn not an object");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["timed_out"] = 0; }), "a flag as a number");
  ExpectUnreadable(EditedRun([](auto& o) { o["guest_id"] = 7; }), "a guest id as a number");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["started_at"] = std::uint64_t{18446744073709551615u}; }),
                   "a time past int64");
}

TEST(GuestRunTest, NumbersOutOfRangeAreRefusedBeforeAnyArithmetic) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  ExpectUnreadable(EditedRun([](auto& o) { o["think_seconds"] = -1; }), "negative think time");
  ExpectUnreadable(EditedRun([](auto& o) { o["answer_seconds"] = kMaxAnswerSeconds + 1; }), "answer time too long");
  // 2^32 + 30 would read as 30 if cast to int.
  ExpectUnreadable(EditedRun([](auto& o) { o["think_seconds"] = std::int64_t{4294967326}; }), "past int");
  ExpectUnreadable(EditedRun([&](auto& o) { FirstTurn(o)["started_at"] = max; }), "started at the end of time");
  ExpectUnreadable(EditedRun([&](auto& o) {
                     o["created_at"] = max - 10;
                     FirstTurn(o)["started_at"] = max - 10;
                   }),
                   "created at the end of time");
  ExpectUnreadable(EditedRun([](auto& o) {
                     o["created_at"] = -5;
                     FirstTurn(o)["started_at"] = -5;
                   }),
                   "negative times");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["ended_at"] = -1; }), "a negative end");
  ExpectUnreadable(EditedRun([](auto& o) {
                     o["created_at"] = kT0 + 3600;
                     FirstTurn(o)["started_at"] = kT0 + 3600;
                   }),
                   "from the future");
  ExpectUnreadable(EditedRun([](auto& o) {
                     o["created_at"] = kT0 - kGuestMockMaxAgeSeconds - 1;
                     FirstTurn(o)["started_at"] = kT0 - kGuestMockMaxAgeSeconds - 1;
                   }),
                   "more than a day old");
}

TEST(GuestRunTest, QuestionListsAndOrderThatNoStepMakesAreRefused) {
  ExpectUnreadable(EditedRun([](auto& o) { o["turns"] = boost::json::array{}; }), "no questions");
  ExpectUnreadable(EditedRun([](auto& o) {
                     auto& turns = o["turns"].as_array();
                     while (turns.size() <= static_cast<std::size_t>(kMaxMockQuestions)) turns.push_back(turns[1]);
                   }),
                   "more questions than a mock has");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["question_id"] = "../B1"; }), "a malformed question id");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["question_id"] = ""; }), "an empty question id");
  ExpectUnreadable(EditedRun([](auto& o) { o["role"] = "backend?x=<b>"; }), "a malformed role");
  ExpectUnreadable(EditedRun([](auto& o) { o["guest_id"] = "not base64!"; }), "a malformed guest id");
  ExpectUnreadable(EditedRun([](auto& o) { o["turns"].as_array()[2].as_object()["started_at"] = kT0; }),
                   "a later question open too");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["started_at"] = 0; }), "a running mock with nothing open");
  ExpectUnreadable(EditedRun([](auto& o) { o["finished_at"] = kT0 + 5; }), "finished with a question open");
  // Ended after its deadline (kT0 + 150), seen by a clock late enough that the times are not
  // in the future: the check itself says what is wrong, the guest reads the one message.
  MockRun late = ThreeQuestions();
  late.turns[0].ended_at = kT0 + 200;
  late.turns[1].started_at = kT0 + 200;
  const Status past_deadline = CheckMockRun(late, kT0 + 300);
  ASSERT_FALSE(past_deadline.ok());
  EXPECT_NE(past_deadline.error().message.find("ended outside its time"), std::string::npos)
      << past_deadline.error().message;
  late.turns[0].ended_at = kT0 + 149;  // "Next" in the last second
  late.turns[1].started_at = kT0 + 149;
  EXPECT_TRUE(CheckMockRun(late, kT0 + 300).ok());
  late.turns[0].timed_out = true;  // a time-out ends exactly at the deadline
  EXPECT_FALSE(CheckMockRun(late, kT0 + 300).ok());
  late.turns[0].ended_at = kT0 + 150;
  late.turns[1].started_at = kT0 + 150;
  EXPECT_TRUE(CheckMockRun(late, kT0 + 300).ok());
  late.turns[0].timed_out = false;  // at the deadline the question has timed out: "Next" comes too late
  EXPECT_FALSE(CheckMockRun(late, kT0 + 300).ok());
  ExpectUnreadable(EditedRun([](auto& o) {
                     FirstTurn(o)["ended_at"] = kT0 + 5;
                     o["turns"].as_array()[1].as_object()["started_at"] = kT0 + 1;
                   }),
                   "started before the previous one ended");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["answer_started_at"] = kT0 + 31; }),
                   "answering started after the think time");
  ExpectUnreadable(EditedRun([](auto& o) { o["turns"].as_array()[1].as_object()["text"] = "ahead"; }),
                   "text in a question not started");
  ExpectUnreadable(EditedRun([](auto& o) { FirstTurn(o)["timed_out"] = true; }), "timed out but open");
}

// ---- the report ----

coach::Report FakeReport(int score, std::array<float, 4> strengths, int words, int fillers,
                         std::vector<coach::Component> missing = {}, std::string suggestion = "") {
  coach::Report r;
  r.score = score;
  for (std::size_t i = 0; i < 4; ++i) r.components[i].strength = strengths[i];
  r.metrics.words = words;
  r.metrics.filler_words.assign(static_cast<std::size_t>(fillers), "basically");
  r.missing = std::move(missing);
  if (!suggestion.empty()) r.suggestions.push_back({std::nullopt, std::move(suggestion)});
  return r;
}

std::vector<MockQuestionFacts> Facts() {
  return {{"Q1?", "behavioral", {"ownership", "communication"}},
          {"Q2?", "technical", {"databases"}},
          {"Q3?", "situational", {"Ownership"}}};
}

// Q1: 20 s thinking, 120 s answering (Next), 240 words, 4 fillers; Q2: answered early during the
// think time (StartAnswering at +5), 60 s; Q3: timed out with nothing written.
MockRun FinishedRun() {
  MockRun run = ThreeQuestions();
  EXPECT_TRUE(StartAnswering(run, 0, kT0 + 20).ok());
  EXPECT_TRUE(NextQuestion(run, 0, "Situation. Task. Action. Result.", kT0 + 140).ok());
  EXPECT_TRUE(StartAnswering(run, 1, kT0 + 145).ok());
  EXPECT_TRUE(NextQuestion(run, 1, "An index.", kT0 + 205).ok());
  CatchUp(run, kT0 + 1000);
  return run;
}

TEST(MockReportTest, PerQuestionTimesWordsPerMinuteFillersAndTheTopSuggestion) {
  const MockRun run = FinishedRun();
  ASSERT_NE(run.finished_at, 0);
  coach::Report r1 = FakeReport(80, {0.9f, 0.5f, 0.8f, 0.7f}, 240, 4, {}, "Say what you measured.");
  r1.suggestions.push_back({std::nullopt, "A second, less important one."});
  r1.sentences = {{{0, 10}, coach::Component::kSituation, 0.9f}, {{11, 16}, coach::Component::kTask, 0.8f}};
  const MockReport report =
      BuildMockReport(run, Facts(), {r1, FakeReport(40, {0.1f, 0.2f, 0.6f, 0.0f}, 30, 0, {coach::Component::kResult})},
                      std::nullopt, {});
  ASSERT_EQ(report.questions.size(), 3u);
  const auto& q1 = report.questions[0];
  EXPECT_TRUE(q1.answered);
  EXPECT_EQ(q1.question, "Q1?");
  EXPECT_EQ(q1.think_seconds, 20);
  EXPECT_EQ(q1.think_target, 30);
  EXPECT_EQ(q1.answer_seconds, 120);
  EXPECT_EQ(q1.answer_target, 120);
  EXPECT_EQ(q1.words_per_minute, 120);  // 240 words in 2 minutes
  EXPECT_EQ(q1.fillers, 4);
  EXPECT_DOUBLE_EQ(q1.fillers_per_minute, 2.0);
  EXPECT_EQ(q1.parts, (std::array<int, 4>{90, 50, 80, 70}));
  EXPECT_EQ(q1.suggestion, "Say what you measured.");
  ASSERT_EQ(q1.highlights.size(), 2u);
  EXPECT_EQ(q1.highlights[0].text, "Situation.");
  EXPECT_EQ(q1.highlights[0].part, "situation");
  EXPECT_EQ(q1.highlights[1].text, "Task.");
  const auto& q2 = report.questions[1];
  EXPECT_EQ(q2.think_seconds, 5);
  EXPECT_EQ(q2.answer_seconds, 60);
  EXPECT_EQ(q2.words_per_minute, 30);
  EXPECT_EQ(q2.missing, std::vector<std::string>{"result"});
  const auto& q3 = report.questions[2];
  EXPECT_FALSE(q3.answered);
  EXPECT_TRUE(q3.timed_out);
  EXPECT_EQ(q3.score, 0);
  EXPECT_EQ(q3.missing.size(), 4u);
  EXPECT_NE(q3.suggestion.find("Time ran out"), std::string::npos);
  EXPECT_EQ(q3.answer_seconds, 120);
}

TEST(MockReportTest, SessionScorePartsCompetenciesChangeAndNextSteps) {
  const MockRun run = FinishedRun();
  const MockReport report = BuildMockReport(
      run, Facts(),
      {FakeReport(80, {0.9f, 0.5f, 0.8f, 0.7f}, 240, 4), FakeReport(40, {0.1f, 0.2f, 0.6f, 0.0f}, 30, 0), std::nullopt},
      70, {"communication"});
  EXPECT_EQ(report.overall, 40);  // (80 + 40 + 0) / 3: an unanswered question counts 0
  EXPECT_EQ(report.answered, 2);
  EXPECT_EQ(report.strongest_part, "action");  // 0.8 + 0.6
  EXPECT_EQ(report.weakest_part, "task");      // 0.5 + 0.2 (result 0.7 + 0.0 ties it: the first wins)
  // communication 80; ownership (Q1 80, Q3 0) 40; databases 40.
  EXPECT_EQ(report.strongest_competency, "communication");
  EXPECT_EQ(report.weakest_competency, "databases");  // ties with ownership: alphabetical by key
  ASSERT_TRUE(report.change.has_value());
  EXPECT_EQ(*report.change, -30);
  EXPECT_EQ(report.redo, (std::vector<std::string>{"s1", "t1"}));  // weakest first; 80 is not below 70
  EXPECT_EQ(report.stories_to_write, (std::vector<std::string>{"databases", "ownership"}));
}

TEST(MockReportTest, NothingAnsweredHasNoStrongestPartAndNoPreviousMeansNoChange) {
  MockRun run = ThreeQuestions();
  FinishMock(run, kT0 + 5);
  const MockReport report = BuildMockReport(run, Facts(), {}, std::nullopt, {"ownership", "databases"});
  EXPECT_EQ(report.overall, 0);
  EXPECT_EQ(report.answered, 0);
  EXPECT_EQ(report.strongest_part, "");
  EXPECT_FALSE(report.change.has_value());
  EXPECT_EQ(report.redo, (std::vector<std::string>{"b1", "t1", "s1"}));
  EXPECT_EQ(report.stories_to_write, std::vector<std::string>{"communication"});  // covered ones skipped
  EXPECT_EQ(report.questions[1].think_seconds, 0) << "never started";
  EXPECT_NE(report.questions[1].suggestion.find("did not answer"), std::string::npos);
}

TEST(MockReportTest, AtMostThreeStoriesAreSuggestedTheWeakestFirst) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(EndEarly(run, 0, "a", kT0 + 10).ok());
  ASSERT_TRUE(EndEarly(run, 1, "b", kT0 + 20).ok());
  ASSERT_TRUE(EndEarly(run, 2, "c", kT0 + 30).ok());
  const std::vector<MockQuestionFacts> facts = {
      {"Q1?", "behavioral", {"a1", "a2"}}, {"Q2?", "technical", {"b1", "b2"}}, {"Q3?", "situational", {"c1", "c2"}}};
  const MockReport report = BuildMockReport(
      run, facts, {FakeReport(60, {}, 10, 0), FakeReport(20, {}, 10, 0), FakeReport(40, {}, 10, 0)}, std::nullopt, {});
  EXPECT_EQ(report.stories_to_write, (std::vector<std::string>{"b1", "b2", "c1"}));
}

TEST(MockReportTest, ABlankAnswerCountsAsUnansweredEvenWithAReport) {
  MockRun run = ThreeQuestions();
  ASSERT_TRUE(NextQuestion(run, 0, "   ", kT0 + 40).ok());
  FinishMock(run, kT0 + 50);
  const MockReport report =
      BuildMockReport(run, Facts(), {FakeReport(55, {0.5f, 0.5f, 0.5f, 0.5f}, 0, 0)}, std::nullopt, {});
  EXPECT_FALSE(report.questions[0].answered);
  EXPECT_EQ(report.questions[0].score, 0);
}

}  // namespace
}  // namespace starprep::practice
