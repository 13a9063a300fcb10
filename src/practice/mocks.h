// SPDX-License-Identifier: Apache-2.0
#pragma once
// A signed-in candidate's mock interviews, stored: practice/mock.h's pure logic on records the
// store keeps, with the run (timestamps, drafts, answers) sealed like attempts
// (practice/sealed_json.h, "starprep:mock:<user id>"). Every call takes the owner's user id;
// another user's mock is "not found". Every call that reads a running mock first applies the
// time-outs that happened by `now` (CatchUp) and stores them, so what the candidate sees after a
// reload or a restart follows the server's timestamps only.
//
// Writes are compare-and-set on the record's revision (Store::UpdateMock): a change that loses a
// race with another request (an autosave and "Next" at once) is re-applied to the newer record,
// at most a few times (then kUnavailable).
//
// Errors: those of practice/mock.h (kInvalidArgument, kConflict, kTooLarge with messages for the
// candidate), kNotFound for an unknown mock, kUnavailable / kInternal from the store or a record
// that fails to open. Thread-safe.

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/keyring.h"
#include "core/result.h"
#include "practice/coaching.h"
#include "practice/mock.h"
#include "store/store.h"

namespace starprep::practice {

// A stored mock, opened, as of `now`.
struct MockSession {
  std::int64_t id = 0;
  MockRun run;
  MockClock clock;                       // at the time of the call
  std::vector<MockQuestionFacts> facts;  // per turn; empty texts for a question no longer published
  bool finished = false;
  int score = 0;  // the overall score once finished
  std::string created_at;
  std::string updated_at;
};

// The associated data of a guest's mock token.
inline constexpr std::string_view kGuestMockContext = "starprep:guest-mock";
// The longest token a guest's form carries (the server takes 64 KiB bodies; the current answer
// and the other fields need the rest).
inline constexpr std::size_t kMaxGuestTokenChars = 40 * 1024;

class Mocks {
 public:
  Mocks(store::Store& store, auth::Keyring& keyring, Coaching& coaching)
      : store_(store), keyring_(keyring), coaching_(coaching) {}

  // Plans (PlanMock, against the live content) and stores a new mock whose first question starts
  // at `now`. A settings.role of "" means the candidate's first target role (DefaultMockRole),
  // else the first live role.
  Result<MockSession> Create(std::int64_t user_id, MockSettings settings, std::int64_t now, std::uint64_t seed);
  // nullopt for no such mock of this user.
  Result<std::optional<MockSession>> Get(std::int64_t user_id, std::int64_t id, std::int64_t now);
  // practice/mock.h's SaveDraft, StartAnswering, NextQuestion and FinishMock on the stored mock.
  // Finishing (also by the last time-out) records the report's overall score in the clear.
  Result<MockSession> SaveDraft(std::int64_t user_id, std::int64_t id, int index, const std::string& text,
                                std::int64_t now);
  Result<MockSession> StartAnswering(std::int64_t user_id, std::int64_t id, int index, std::int64_t now);
  Result<MockSession> Next(std::int64_t user_id, std::int64_t id, int index, const std::string& text, std::int64_t now);
  Result<MockSession> Finish(std::int64_t user_id, std::int64_t id, std::int64_t now);
  // One page, newest first, texts still sealed (the records' clear columns are what a list needs).
  Result<store::MockList> List(std::int64_t user_id, int limit, int offset);
  Status Delete(std::int64_t user_id, std::int64_t id);

  // The report of `session` (BuildMockReport): every answer coached, the previous finished mock's
  // score for the change, and the candidate's stories' competencies for "stories to write".
  Result<MockReport> Report(std::int64_t user_id, const MockSession& session);
  // The report of a run that is not stored (a guest's, kept in their browser): no previous mock,
  // no stories. The run's question ids must be live questions (kInvalidArgument otherwise).
  Result<MockReport> GuestReport(const MockRun& run);

  // Opens a stored record (the export and lists use it).
  Result<MockRun> OpenRun(const store::MockRecord& record);

  // ---- guests' mocks: run and reported the same way, never stored ----
  // A guest's mock is a MockRun carried by the browser in a state token (auth::Keyring::SealToken,
  // associated data kGuestMockContext): sealed, so the guest can neither read nor change its
  // timestamps, and any instance that shares the data keys carries it on (no server state, no
  // sticky sessions). Each step sends the token and the typed text back and gets a new token;
  // timing is the server's clock, as for members. A replayed older token is the guest's own
  // earlier state of their own unstored mock: harmless.

  // Plans a guest's mock like Create (a settings.role of "" means the first live role) and starts
  // it at `now`.
  Result<MockSession> CreateGuest(MockSettings settings, std::int64_t now, std::uint64_t seed);
  // The token of `run`. kTooLarge (a message for the guest) when it is longer than
  // kMaxGuestTokenChars: the answers are too long to carry in a form.
  Result<std::string> GuestToken(const MockRun& run) const;
  // The run a token holds, with the time-outs by `now` applied. kInvalidArgument (a message for
  // the guest) for a token that does not open or is older than kGuestMockMaxAgeSeconds.
  Result<MockRun> OpenGuest(std::string_view token, std::int64_t now);
  // The session view of a guest's run at `now` (id 0; finished once the run is).
  Result<MockSession> GuestSession(MockRun run, std::int64_t now);
  // "Sign up to keep this": stores the token's mock as `user_id`'s, sealed like their own (a
  // running one is finished now, its open question ending with its draft), makes its review cards,
  // and returns its id. Keeping the same run again (a second press, a replayed form, a reload of
  // the sign-up's answer; any token of the run, at any step) stores nothing and returns the id of
  // the copy `user_id` already has (found by the run's guest id). Two instances keeping the same
  // run at once both store it, then find both copies: the lowest id stays, the other is deleted,
  // and both answer with the lowest. OpenGuest's errors (then nothing is stored); the store's.
  Result<std::int64_t> KeepGuest(std::int64_t user_id, std::string_view token, std::int64_t now);

 private:
  // PlanMock against the live content; a settings.role of "" is `user_id`'s first target role
  // (none for a guest, user_id 0), else the first live role.
  Result<MockPlan> Plan(std::int64_t user_id, MockSettings settings, std::uint64_t seed);
  using Change = std::function<Status(MockRun&)>;
  // Reads the mock, applies CatchUp and `change` at `now`, and stores the result if it changed
  // (retrying on a lost race). kNotFound for no such mock.
  Result<MockSession> Apply(std::int64_t user_id, std::int64_t id, std::int64_t now, const Change& change);
  Result<MockSession> Session(const store::MockRecord& record, MockRun run, std::int64_t now);
  Result<std::vector<MockQuestionFacts>> Facts(const MockRun& run);
  std::vector<std::optional<coach::Report>> Coach(const MockRun& run);

  // The lowest id of `user_id`'s finished mocks kept from the guest run `run` (same guest id and
  // questions), if any: reads every page of their mocks, opening only those with these questions.
  Result<std::optional<std::int64_t>> FindKept(std::int64_t user_id, const MockRun& run,
                                               const std::vector<std::string>& question_ids);

  store::Store& store_;
  auth::Keyring& keyring_;
  Coaching& coaching_;
  std::mutex keep_mu_;  // serialises KeepGuest's look-up and insert
};

// The JSON of a mock as the API returns it and the export contains it: settings, the clock at the
// time of the call, and each question with its timestamps (ISO 8601 UTC, null when not yet) and
// text.
boost::json::object MockSessionJson(const MockSession& session);
// A list item (no texts).
boost::json::object MockSummaryJson(const store::MockRecord& record);
// A stored mock in the data export: the summary, the timing targets and each question's
// timestamps and text.
boost::json::object MockExportJson(const store::MockRecord& record, const MockRun& run);
boost::json::object MockReportJson(const MockReport& report);

}  // namespace starprep::practice
