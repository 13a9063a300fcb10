// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a guest's mock interview state token (practice/mocks.h, "guests' mocks"), the
// one piece of server state a client carries. The first byte chooses what the rest is:
//   even: the token itself, as a form posts it: auth::Keyring::OpenToken (with a fixed test key)
//         and, if it opens, practice::ParseGuestRun, the way Mocks::OpenGuest reads it;
//   odd:  the PLAINTEXT inside a validly sealed token: sealed with the test key
//         (Keyring::SealToken), opened again and parsed, so the JSON and the run's checks behind
//         the seal see arbitrary bytes.
// The first byte's other bits choose a short script of steps (draft, start, next, finish, a
// time-out) that an accepted run then goes through, as the guest's form posts would drive it.
//
// Invariants: OpenToken(SealToken(x)) == x; every refusal is kInvalidArgument with a message; an
// accepted run passes practice::CheckMockRun, is no older than a day, and its clock is
// consistent (an open question inside the run unless finished, times left within the targets);
// MockRunJson → MockRunFromJson gives the same run, and so does sealing it again and reading the
// token back; after every step the run still passes CheckMockRun, and an answer ended by "Next"
// or "Finish" never changes again; the report (coached with the embedded model) has one entry
// per question, an overall score of 0–100 and times that are never negative.

#include <sodium.h>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/keyring.h"
#include "coach/coach.h"
#include "fuzz_checks.h"
#include "practice/mock.h"
#include "practice/mocks.h"

namespace {

using namespace starprep;
using fuzz::Check;

// The server's clock for every input; the seeds' runs start shortly before it.
constexpr std::int64_t kNow = 1'800'000'000;

auth::Keyring& TestKeyring() {
  static auth::Keyring keyring = [] {
    auth::Keyring::Key key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(i * 13 + 5);
    return auth::Keyring({{1, key}});
  }();
  return keyring;
}

void CheckClock(const practice::MockRun& run, std::int64_t now) {
  const practice::MockClock c = practice::ClockAt(run, now);
  const bool finished = run.finished_at != 0;
  Check(finished == (c.current < 0), "an unfinished run without an open question, or the reverse");
  if (c.current < 0) return;
  Check(static_cast<std::size_t>(c.current) < run.turns.size(), "the open question is past the run");
  Check(c.think_left >= 0 && c.think_left <= run.think_seconds, "think time left out of range");
  Check(c.answer_left >= 0 && c.answer_left <= run.answer_seconds, "answer time left out of range");
  Check(c.deadline >= c.think_ends_at, "deadline before the end of the think time");
}

void CheckValid(const practice::MockRun& run, std::int64_t now, const char* what) {
  const Status valid = practice::CheckMockRun(run, now);
  if (!valid.ok()) fuzz::Fail(what, valid.error().message);
  CheckClock(run, now);
}

void CheckRoundTrip(const practice::MockRun& run) {
  const std::string json = boost::json::serialize(practice::MockRunJson(run));
  boost::json::error_code ec;
  const boost::json::value v = boost::json::parse(json, ec);
  Check(!ec && v.is_object(), "MockRunJson is not a JSON object", json);
  auto back = practice::MockRunFromJson(v.as_object());
  Check(back.ok() && *back == run, "MockRunJson -> MockRunFromJson changed the run", json);
}

// splitmix64, as practice/mock.cpp's seeded order: the step script is fixed by its seed.
std::uint64_t Next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void RunSteps(practice::MockRun run, std::uint64_t seed) {
  std::int64_t now = kNow;
  std::map<std::size_t, std::string> settled;  // answers ended by "Next" or "Finish"
  const int size = static_cast<int>(run.turns.size());
  for (int step = 0; step < 6; ++step) {
    now += static_cast<std::int64_t>(Next(seed) % 400);
    const int index = static_cast<int>(Next(seed) % static_cast<std::uint64_t>(size + 3)) - 1;
    const std::string text = "Step " + std::to_string(step) + ": I fixed the race and errors fell by half.";
    Status done;
    switch (Next(seed) % 5) {
      case 0:
        done = practice::SaveDraft(run, index, text, now);
        break;
      case 1:
        done = practice::StartAnswering(run, index, now);
        break;
      case 2:
        done = practice::NextQuestion(run, index, text, now);
        break;
      case 3:
        practice::FinishMock(run, now);
        break;
      default:
        practice::CatchUp(run, now);
        break;
    }
    if (!done.ok())
      Check(!done.error().message.empty() || done.error().code == ErrorCode::kConflict, "a step refused silently");
    CheckValid(run, now, "a step broke the run");
    for (const auto& [i, answer] : settled) Check(run.turns[i].text == answer, "a settled answer changed");
    for (std::size_t i = 0; i < run.turns.size(); ++i)
      if (run.turns[i].ended_at && !run.turns[i].timed_out && !settled.count(i)) settled[i] = run.turns[i].text;
  }
  // The report, coached as the server does.
  std::vector<std::optional<coach::Report>> coached;
  for (const auto& t : run.turns)
    coached.push_back(t.text.empty() ? std::nullopt
                                     : std::optional<coach::Report>(
                                           coach::Analyze(coach::EmbeddedModel(), t.text, coach::Context{})));
  const practice::MockReport report = practice::BuildMockReport(run, {}, coached, 70, {"debugging"});
  Check(report.questions.size() == run.turns.size(), "the report lost a question");
  Check(report.overall >= 0 && report.overall <= 100, "overall score out of range");
  Check(report.answered >= 0 && report.answered <= size, "answered count out of range");
  for (const auto& q : report.questions) {
    Check(q.think_seconds >= 0 && q.answer_seconds >= 0 && q.words_per_minute >= 0, "a negative time or rate");
    Check(q.think_seconds <= run.think_seconds, "more think time than the target");
    Check(q.answer_seconds <= run.answer_seconds, "more answer time than the target");
  }
}

// What Mocks::OpenGuest does after opening the token, plus the invariants of its answer.
void ParseAndCheck(std::string_view text, std::uint64_t seed, bool sealed) {
  auto run = practice::ParseGuestRun(text, kNow);
  if (!run.ok()) {
    Check(run.error().code == ErrorCode::kInvalidArgument && !run.error().message.empty(),
          "a refusal that is not a 400 with a message");
    return;
  }
  CheckValid(*run, kNow, "ParseGuestRun accepted a run that CheckMockRun refuses");
  Check(kNow - run->created_at <= practice::kGuestMockMaxAgeSeconds, "accepted a run older than a day");
  CheckRoundTrip(*run);
  if (sealed) {  // what the next page carries: the same run again
    auto& keyring = TestKeyring();
    auto opened = keyring.OpenToken(
        keyring.SealToken(boost::json::serialize(practice::MockRunJson(*run)), practice::kGuestMockContext),
        practice::kGuestMockContext);
    Check(opened.ok(), "a run's own token does not open");
    auto again = practice::ParseGuestRun(*opened, kNow);
    Check(again.ok() && *again == *run, "a run read back from its own token differs");
  }
  RunSteps(std::move(*run), seed);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (sodium_init() < 0) __builtin_trap();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool plaintext = (data[0] & 1) != 0;
  const std::uint64_t seed = data[0] >> 1;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auth::Keyring& keyring = TestKeyring();
  if (!plaintext) {
    auto opened = keyring.OpenToken(rest, practice::kGuestMockContext);
    if (!opened.ok()) {
      Check(opened.error().code == ErrorCode::kInvalidArgument && !opened.error().message.empty(),
            "a token refusal that is not kInvalidArgument with a message");
      return 0;
    }
    ParseAndCheck(*opened, seed, false);
    return 0;
  }
  const std::string token = keyring.SealToken(rest, practice::kGuestMockContext);
  auto opened = keyring.OpenToken(token, practice::kGuestMockContext);
  Check(opened.ok() && *opened == rest, "OpenToken(SealToken(x)) != x");
  Check(!keyring.OpenToken(token, "starprep:other").ok(), "a token opened under other associated data");
  ParseAndCheck(*opened, seed, true);
  return 0;
}
