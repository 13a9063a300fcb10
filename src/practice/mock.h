// SPDX-License-Identifier: Apache-2.0
#pragma once
// The mock interview's pure logic (issue 13): setting one up, choosing its questions, its timing
// from the server's clock, and the report's maths. No I/O: every function takes the time (`now`,
// seconds since the epoch, as the server's clock reads it) and the content it needs as values, so
// a test drives a whole mock with a fake clock. practice/mocks.h stores and seals what these
// functions produce; api/ and web/ only parse requests and render.
//
// Timing is the server's: a question starts when the server shows it (`started_at`), its think
// time ends `think_seconds` later (or when the candidate starts answering), and its answer time
// ends `answer_seconds` after that (the deadline). A client's countdown is only a display of these
// timestamps; a reload shows the same remaining time. At the deadline the question times out: its
// last draft becomes its answer (nothing typed is lost) and the next question starts when the
// server next sees the mock (CatchUp), so a candidate who walks away does not find every later
// question timed out.
//
// The clock never runs backwards for a run: a `now` earlier than a time the run already holds (a
// run written by another instance whose clock is ahead, within kMockClockSkewSeconds) counts as
// that latest time in every function below, so a step never ends a question before it started.
//
// Errors: kInvalidArgument with a message for the candidate (the set-up, a draft that is not
// UTF-8); kConflict for a write to a question that is no longer open (its time is up, or the mock
// is finished); kTooLarge for a draft over practice::kMaxAnswerChars.

#include <boost/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "coach/coach.h"
#include "content/model.h"
#include "core/result.h"

namespace starprep::practice {

inline constexpr int kMinMockQuestions = 3;
inline constexpr int kMaxMockQuestions = 10;
inline constexpr int kDefaultMockQuestions = 5;
inline constexpr int kDefaultThinkSeconds = 30;
inline constexpr int kMaxThinkSeconds = 300;
inline constexpr int kDefaultAnswerSeconds = 120;
inline constexpr int kMinAnswerSeconds = 30;
inline constexpr int kMaxAnswerSeconds = 900;
// Below this score (or unanswered) a question is one to redo, and a weak competency one to
// write a story for.
inline constexpr int kRedoBelow = 70;
// The report suggests stories for at most this many competencies (the weakest): a next step, not a
// to-do list.
inline constexpr std::size_t kMaxStoriesToWrite = 3;
// The question kinds a mixed mock draws from in turn.
inline constexpr std::array<std::string_view, 3> kMockKinds = {"behavioral", "technical", "situational"};

// What the candidate asks for. Explicit `question_ids` (e.g. "practise due questions" from the
// review queue) win over role, count, kinds and competencies.
struct MockSettings {
  std::string role;                            // a live role's slug; "" for the caller's default
  int questions = kDefaultMockQuestions;       // kMinMockQuestions..kMaxMockQuestions
  std::vector<std::string> kinds;              // of kMockKinds; empty: a mix of every kind
  std::vector<std::string> competencies;       // the role's competencies (any spelling CompetencyKey folds); empty: any
  std::vector<std::string> question_ids;       // 1..kMaxMockQuestions live question ids, in this order
  int think_seconds = kDefaultThinkSeconds;    // 0..kMaxThinkSeconds
  int answer_seconds = kDefaultAnswerSeconds;  // kMinAnswerSeconds..kMaxAnswerSeconds
  // Set by a preset: `questions` is the most to ask, and fewer (at least kMinMockQuestions) are
  // asked when fewer match, rather than refusing.
  bool up_to = false;
  bool operator==(const MockSettings&) const = default;
};

struct MockPreset {
  std::string_view id;     // the form's and the API's value
  std::string_view name;   // what the set-up page shows
  int questions;           // at most (MockSettings::up_to)
  std::string_view kinds;  // comma-separated; "" for a mix
  int think_seconds;
  int answer_seconds;
};
// "quick": Quick 3 questions (a mix, 30 s to think, 2 min to answer); "full-behavioral": Full
// 45-minute behavioural round (up to 9 behavioural and situational questions, 1 min to think and
// 4 min to answer each: 9 x 5 min = 45 min; a role with fewer such questions gets all of them).
inline constexpr std::array<MockPreset, 2> kMockPresets = {
    MockPreset{"quick", "Quick 3 questions", 3, "", 30, 120},
    MockPreset{"full-behavioral", "Full 45-minute behavioural round", 9, "behavioral,situational", 60, 240}};

// Pure. Sets the values of the preset named `id` (kMockPresets) on `settings`; kInvalidArgument
// naming an unknown one.
Status ApplyMockPreset(MockSettings& settings, std::string_view id);

// Pure. The settings named by form or query fields (repeated names allowed): `preset` (its values
// first, other fields then override them), `role`, `count`, `kind` (repeatable or
// comma-separated), `competency` (the same), `questions` (comma-separated ids), `think`, `answer`
// (seconds). Unknown names are ignored; a value that is not a whole number or an unknown preset is
// kInvalidArgument naming the field. Ranges are checked by PlanMock.
Result<MockSettings> ParseMockSettings(const std::vector<std::pair<std::string, std::string>>& fields);

// A mock's questions as chosen, with the timing targets.
struct MockPlan {
  std::string role;  // the role the questions were drawn from ("" for an explicit list across roles)
  std::vector<std::string> question_ids;
  int think_seconds = 0;
  int answer_seconds = 0;
};

// Pure. Checks `settings` against the live content (`roles` as Store::ListLiveRoles returns them)
// and chooses the questions: deterministic for a given `seed`. A mix takes the kinds in turn
// (behavioural, technical, situational) with the questions of each in a seeded shuffle, so three
// questions are one of each kind when the role has them; chosen kinds or competencies narrow the
// pool first. kInvalidArgument, naming what is wrong, for an unknown role or question id, numbers
// out of range, an unknown kind or competency, or fewer matching questions than asked for (saying
// how many match).
Result<MockPlan> PlanMock(const MockSettings& settings, const std::vector<content::Role>& roles, std::uint64_t seed);

// One question of a running or finished mock. Times are seconds since the epoch; 0 = not yet.
struct MockTurn {
  std::string question_id;
  std::int64_t started_at = 0;         // shown (think time starts)
  std::int64_t answer_started_at = 0;  // the candidate started answering before the think time ran out
  std::int64_t ended_at = 0;           // "Next", the deadline, or the end of the mock
  std::string text;                    // the draft while open, the answer once ended
  bool timed_out = false;              // ended by the deadline
  bool operator==(const MockTurn&) const = default;
};

struct MockRun {
  std::string role;
  int think_seconds = 0;
  int answer_seconds = 0;
  std::vector<MockTurn> turns;
  std::int64_t created_at = 0;
  std::int64_t finished_at = 0;  // 0 while running
  // A guest's run (practice/mocks.h): random, the same in every state token of the run, and kept
  // in the account's copy, so keeping the run twice finds the first copy. "" for a member's own.
  std::string guest_id;
  bool operator==(const MockRun&) const = default;
};

// Pure. A new mock of `plan` whose first question starts at `now`.
MockRun StartMock(const MockPlan& plan, std::int64_t now);

// Pure. Applies a time-out that happened by `now`: the open question ends at its deadline with
// its draft as the answer, and the next one starts at `now` (the last one's time-out finishes the
// mock). Returns whether anything changed (the caller then stores the run).
bool CatchUp(MockRun& run, std::int64_t now);

enum class MockPhase { kThink, kAnswer, kFinished };

// Where a mock stands at `now` (after CatchUp).
struct MockClock {
  MockPhase phase = MockPhase::kFinished;
  int current = -1;  // the open question's index; -1 when finished
  std::int64_t think_ends_at = 0;
  std::int64_t deadline = 0;  // the answer time ends (the question times out)
  int think_left = 0;         // seconds, >= 0
  int answer_left = 0;        // seconds, >= 0 (the whole answer time while thinking)
};
MockClock ClockAt(const MockRun& run, std::int64_t now);

// Pure. Each runs CatchUp first; `index` is the question the client means (so a late request
// cannot write into the next one).
// Stores `text` as question `index`'s draft: the open question, or the one that timed out last
// while nothing has been written in the question after it yet (the browser's final autosave races
// the time-out, and a form without script sends its text only with "Next": that text is newer
// than the stored draft, and nothing typed is lost). kConflict otherwise (a question ended by
// "Next", one not started yet, or a timed-out one the candidate has moved on from).
Status SaveDraft(MockRun& run, int index, std::string text, std::int64_t now);
// Ends the think time of the open question `index` now (the candidate starts answering early).
Status StartAnswering(MockRun& run, int index, std::int64_t now);
// "Next": saves `text` like SaveDraft; then, if question `index` is still open: during its think
// time it starts the answer now (like StartAnswering: the answer time runs from here, so a "Next"
// pressed while thinking never records an answer of 0 s or skips the question), otherwise it ends
// the question now and starts the next one (after the last, the mock is finished). So the first
// "Next" in the think time starts answering and a second one ends the question.
Status NextQuestion(MockRun& run, int index, std::string text, std::int64_t now);
// Ends the mock now: the open question ends with its draft, later ones stay unanswered.
// Finishing a finished mock changes nothing.
void FinishMock(MockRun& run, std::int64_t now);

// The run as JSON (what is sealed) and back. MockRunFromJson: kInternal for a malformed object
// (a member missing or of the wrong type, a number that is not a whole number in int range where
// an int is kept); "guest_id" is optional (absent when empty).
boost::json::object MockRunJson(const MockRun& run);
Result<MockRun> MockRunFromJson(const boost::json::object& o);

// ---- a run that comes back from a client (a guest's state token, practice/mocks.h) ----

// A guest's mock token is refused after a day: a mock takes at most an hour or so.
inline constexpr std::int64_t kGuestMockMaxAgeSeconds = 24 * 3600;
// How far past this server's clock a run's times may be (written by another instance whose clock
// runs ahead).
inline constexpr std::int64_t kMockClockSkewSeconds = 60;
// The longest role slug, question id and guest id a run may hold.
inline constexpr std::size_t kMaxMockIdChars = 128;

// Pure. Whether `run` is one that StartMock and the steps above could have produced by `now`, so
// that every function here (and a page that shows the open question) can trust it. It does not
// trust the seal: kInvalidArgument naming the first thing wrong for 0 or more than
// kMaxMockQuestions questions; timing targets out of the set-up's ranges; a time that is
// negative, before the run was created or later than `now` + kMockClockSkewSeconds; a role or
// question id that is not [a-z0-9-]+ (the role may be ""); a guest id that is not base64url;
// questions started out of order, or ended before they started or outside their time (before
// the deadline, or exactly at it for a time-out); an answer start outside the think time; a
// running mock with no open question or a finished one with an open question; kInvalidArgument
// or kTooLarge for a text SaveDraft would refuse. The age of the run is not checked here
// (ParseGuestRun does).
Status CheckMockRun(const MockRun& run, std::int64_t now);

// Pure. The run that a guest's opened state token holds (its JSON text), as of `now`: parsed
// (Boost.JSON, MockRunFromJson), checked (CheckMockRun), refused when it was created more than
// kGuestMockMaxAgeSeconds ago, then brought up to date (CatchUp). kInvalidArgument for anything
// wrong, with a message for the guest (the detail is not theirs to read); never a partial run.
Result<MockRun> ParseGuestRun(std::string_view text, std::int64_t now);

// ---- the report ----

// A sentence of an answer with the STAR part the coach gave it.
struct MockHighlight {
  std::string text;
  std::string part;  // "situation", "task", "action", "result" or "other"
};

struct MockQuestionReport {
  std::string question_id;
  std::string question;  // as the interviewer asks it
  std::string kind;
  std::vector<std::string> competencies;
  std::string answer;
  bool answered = false;  // non-blank text
  bool timed_out = false;
  int score = 0;               // the coach's, 0 when unanswered
  std::array<int, 4> parts{};  // STAR strengths 0..100
  std::vector<MockHighlight> highlights;
  int think_seconds = 0;  // taken
  int think_target = 0;
  int answer_seconds = 0;  // taken (from the end of the think time to the end of the question)
  int answer_target = 0;
  int words = 0;
  int words_per_minute = 0;  // over the answer time (the whole turn if answered while thinking); 0 if unmeasured
  int fillers = 0;
  double fillers_per_minute = 0;
  std::vector<std::string> missing;  // STAR parts the coach did not find
  std::string suggestion;            // the one that matters most
};

struct MockReport {
  std::vector<MockQuestionReport> questions;
  int overall = 0;  // mean score over every question, unanswered ones counting 0
  int answered = 0;
  std::string strongest_part;  // "situation", ... ; "" when nothing was answered
  std::string weakest_part;
  std::string strongest_competency;  // by mean score of its questions; "" when none
  std::string weakest_competency;
  std::optional<int> change;                  // overall minus the previous mock's overall
  std::vector<std::string> redo;              // question ids scored below kRedoBelow or unanswered, weakest first
  std::vector<std::string> stories_to_write;  // weak competencies (below kRedoBelow) without a story yet,
                                              // the weakest first, at most kMaxStoriesToWrite
};

// What the report needs to know about a question (from the content, or "" when it is gone).
struct MockQuestionFacts {
  std::string question;
  std::string kind;
  std::vector<std::string> competencies;
};

// Pure. The report of a finished (or running: open questions count as they stand) mock.
// `facts` and `coached` are per turn, in order; `coached[i]` is the coach's report on turn i's
// text (nullopt when blank). `previous_overall` is the candidate's previous mock's overall score,
// if any; `story_competencies` the competencies their stories already cover (CompetencyKey
// compares them).
MockReport BuildMockReport(const MockRun& run, const std::vector<MockQuestionFacts>& facts,
                           const std::vector<std::optional<coach::Report>>& coached,
                           std::optional<int> previous_overall, const std::vector<std::string>& story_competencies);

}  // namespace starprep::practice
