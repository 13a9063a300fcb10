// SPDX-License-Identifier: Apache-2.0
#include "practice/mocks.h"

#include <algorithm>

#include "auth/accounts.h"
#include "core/dates.h"
#include "core/html.h"
#include "core/log.h"
#include "core/strings.h"
#include "practice/reviews.h"
#include "practice/sealed_json.h"
#include "practice/target_roles.h"

namespace starprep::practice {
namespace json = boost::json;
namespace {

// How often a change is re-applied after losing a race (Store::UpdateMock's kConflict).
constexpr int kMaxRaces = 5;
// How many of the candidate's mocks are searched for the previous finished one.
constexpr int kPreviousMocksSearched = 50;
// How many of the candidate's mocks are read at a time when looking for a kept guest mock.
constexpr int kKeptMocksPage = 100;

Error NoMock(std::int64_t id) {
  return Error{ErrorCode::kNotFound, "There is no mock interview " + std::to_string(id) + "."};
}

json::value Time(std::int64_t seconds) {
  return seconds ? json::value(dates::FormatUtc(seconds)) : json::value(nullptr);
}

std::string_view PhaseName(MockPhase p) {
  switch (p) {
    case MockPhase::kThink:
      return "think";
    case MockPhase::kAnswer:
      return "answer";
    case MockPhase::kFinished:
      break;
  }
  return "finished";
}

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

// Each turn with its question (when `facts` has it), timestamps and text.
json::array TurnsJson(const MockRun& run, const std::vector<MockQuestionFacts>& facts) {
  json::array questions;
  for (std::size_t i = 0; i < run.turns.size(); ++i) {
    const MockTurn& t = run.turns[i];
    const MockQuestionFacts f = i < facts.size() ? facts[i] : MockQuestionFacts{};
    questions.push_back(json::object{{"index", i},
                                     {"question_id", t.question_id},
                                     {"question", f.question},
                                     {"kind", f.kind},
                                     {"competencies", Strings(f.competencies)},
                                     {"started_at", Time(t.started_at)},
                                     {"answer_started_at", Time(t.answer_started_at)},
                                     {"ended_at", Time(t.ended_at)},
                                     {"timed_out", t.timed_out},
                                     {"text", t.text}});
  }
  return questions;
}

}  // namespace

Result<MockRun> Mocks::OpenRun(const store::MockRecord& record) {
  auto o =
      OpenJson(keyring_, store::SealedKind::kMock, record.user_id, record.sealed, "mock " + std::to_string(record.id));
  if (!o) return o.error();
  return MockRunFromJson(*o);
}

Result<std::vector<MockQuestionFacts>> Mocks::Facts(const MockRun& run) {
  std::vector<MockQuestionFacts> facts;
  for (const auto& t : run.turns) {
    auto q = store_.GetQuestion(t.question_id);
    if (!q) return q.error();
    facts.push_back(*q ? MockQuestionFacts{(*q)->question, (*q)->kind, (*q)->competencies} : MockQuestionFacts{});
  }
  return facts;
}

std::vector<std::optional<coach::Report>> Mocks::Coach(const MockRun& run) {
  std::vector<std::optional<coach::Report>> out;
  for (const auto& t : run.turns) {
    if (TrimSpace(t.text).empty()) {
      out.emplace_back();
      continue;
    }
    auto report = coaching_.Analyze(t.text, t.question_id, "");
    if (!report && report.error().code == ErrorCode::kNotFound)  // a question no longer published
      report = coaching_.Analyze(t.text, "", "");
    out.push_back(report ? std::optional<coach::Report>(std::move(*report)) : std::nullopt);
  }
  return out;
}

Result<MockSession> Mocks::Session(const store::MockRecord& record, MockRun run, std::int64_t now) {
  auto facts = Facts(run);
  if (!facts) return facts.error();
  MockSession s;
  s.id = record.id;
  s.clock = ClockAt(run, now);
  s.run = std::move(run);
  s.facts = std::move(*facts);
  s.finished = record.finished;
  s.score = record.score;
  s.created_at = record.created_at;
  s.updated_at = record.updated_at;
  return s;
}

Result<MockPlan> Mocks::Plan(std::int64_t user_id, MockSettings settings, std::uint64_t seed) {
  auto roles = store_.ListLiveRoles();
  if (!roles) return roles.error();
  if (settings.role.empty() && settings.question_ids.empty()) {
    std::string role;
    if (user_id != 0) {
      auto target = DefaultMockRole(store_, user_id);
      if (!target) return target.error();
      role = *target;
    }
    settings.role = !role.empty() ? role : roles->empty() ? "" : roles->front().slug;
  }
  return PlanMock(settings, *roles, seed);
}

Result<MockSession> Mocks::Create(std::int64_t user_id, MockSettings settings, std::int64_t now, std::uint64_t seed) {
  auto plan = Plan(user_id, std::move(settings), seed);
  if (!plan) return plan.error();
  MockRun run = StartMock(*plan, now);
  const std::string at = dates::FormatUtc(now);
  store::MockRecord record{0,
                           user_id,
                           plan->role,
                           plan->question_ids,
                           SealJson(keyring_, store::SealedKind::kMock, user_id, MockRunJson(run)),
                           false,
                           0,
                           1,
                           at,
                           at};
  auto id = store_.CreateMock(record);
  if (!id) return id.error();
  record.id = *id;
  return Session(record, std::move(run), now);
}

Result<MockSession> Mocks::Apply(std::int64_t user_id, std::int64_t id, std::int64_t now, const Change& change) {
  for (int race = 0; race < kMaxRaces; ++race) {
    auto record = store_.GetMock(user_id, id);
    if (!record) return record.error();
    if (!*record) return NoMock(id);
    store::MockRecord& r = **record;
    auto run = OpenRun(r);
    if (!run) return run.error();
    const MockRun before = *run;
    CatchUp(*run, now);
    Status changed = change ? change(*run) : Status();
    if (*run == before) {
      if (!changed) return changed.error();
      return Session(r, std::move(*run), now);
    }
    // Store what changed, even when the change itself was refused (a time-out CatchUp applied).
    r.sealed = SealJson(keyring_, store::SealedKind::kMock, user_id, MockRunJson(*run));
    r.updated_at = dates::FormatUtc(now);
    const bool finishing = run->finished_at && !r.finished;
    if (finishing) {
      auto facts = Facts(*run);
      if (!facts) return facts.error();
      r.finished = true;
      r.score = BuildMockReport(*run, *facts, Coach(*run), std::nullopt, {}).overall;
    }
    Status stored = store_.UpdateMock(r);
    if (!stored && stored.error().code == ErrorCode::kConflict) continue;  // another request came first
    if (!stored) return stored.error();
    ++r.revision;
    if (finishing) MakeCards(store_, user_id, r.question_ids, r.updated_at);  // the review queue's cards
    if (!changed) return changed.error();
    return Session(r, std::move(*run), now);
  }
  return Error{ErrorCode::kUnavailable, "mock interview " + std::to_string(id) + " kept changing under us"};
}

Result<std::optional<MockSession>> Mocks::Get(std::int64_t user_id, std::int64_t id, std::int64_t now) {
  auto s = Apply(user_id, id, now, nullptr);
  if (!s && s.error().code == ErrorCode::kNotFound) return std::optional<MockSession>();
  if (!s) return s.error();
  return std::optional<MockSession>(std::move(*s));
}

Result<MockSession> Mocks::SaveDraft(std::int64_t user_id, std::int64_t id, int index, const std::string& text,
                                     std::int64_t now) {
  return Apply(user_id, id, now, [&](MockRun& run) { return practice::SaveDraft(run, index, text, now); });
}

Result<MockSession> Mocks::StartAnswering(std::int64_t user_id, std::int64_t id, int index, std::int64_t now) {
  return Apply(user_id, id, now, [&](MockRun& run) { return practice::StartAnswering(run, index, now); });
}

Result<MockSession> Mocks::Next(std::int64_t user_id, std::int64_t id, int index, const std::string& text,
                                std::int64_t now) {
  return Apply(user_id, id, now, [&](MockRun& run) { return NextQuestion(run, index, text, now); });
}

Result<MockSession> Mocks::Finish(std::int64_t user_id, std::int64_t id, std::int64_t now) {
  return Apply(user_id, id, now, [&](MockRun& run) {
    FinishMock(run, now);
    return Status();
  });
}

Result<store::MockList> Mocks::List(std::int64_t user_id, int limit, int offset) {
  return store_.ListMocks(user_id, limit, offset);
}

Status Mocks::Delete(std::int64_t user_id, std::int64_t id) {
  return store_.DeleteMock(user_id, id);
}

Result<MockReport> Mocks::Report(std::int64_t user_id, const MockSession& session) {
  std::optional<int> previous;
  auto mocks = store_.ListMocks(user_id, kPreviousMocksSearched, 0);
  if (!mocks) return mocks.error();
  for (const auto& m : mocks->items)  // newest first: the first finished one older than this
    if (m.id < session.id && m.finished) {
      previous = m.score;
      break;
    }
  auto stories = store_.ListStories(user_id);
  if (!stories) return stories.error();
  std::vector<std::string> covered;
  for (const auto& s : *stories) covered.insert(covered.end(), s.competencies.begin(), s.competencies.end());
  return BuildMockReport(session.run, session.facts, Coach(session.run), previous, covered);
}

Result<MockReport> Mocks::GuestReport(const MockRun& run) {
  if (run.turns.empty() || run.turns.size() > static_cast<std::size_t>(kMaxMockQuestions))
    return Error{ErrorCode::kInvalidArgument,
                 "A mock interview has from 1 to " + std::to_string(kMaxMockQuestions) + " questions."};
  for (const auto& t : run.turns) {
    auto q = store_.GetQuestion(t.question_id);
    if (!q) return q.error();
    if (!*q) return Error{ErrorCode::kInvalidArgument, "There is no question with id \"" + t.question_id + "\"."};
    if (!html::IsValidUtf8(t.text) || html::CodePoints(t.text) > kMaxAnswerChars)
      return Error{ErrorCode::kInvalidArgument,
                   "An answer is not valid UTF-8 text or is over " + std::to_string(kMaxAnswerChars) + " characters."};
  }
  auto facts = Facts(run);
  if (!facts) return facts.error();
  return BuildMockReport(run, *facts, Coach(run), std::nullopt, {});
}

Result<MockSession> Mocks::CreateGuest(MockSettings settings, std::int64_t now, std::uint64_t seed) {
  auto plan = Plan(0, std::move(settings), seed);
  if (!plan) return plan.error();
  MockRun run = StartMock(*plan, now);
  run.guest_id = auth::NewRandomToken();
  return GuestSession(std::move(run), now);
}

Result<std::string> Mocks::GuestToken(const MockRun& run) const {
  std::string token = keyring_.SealToken(json::serialize(MockRunJson(run)), kGuestMockContext);
  if (token.size() > kMaxGuestTokenChars)
    return Error{ErrorCode::kTooLarge,
                 "Your answers are too long to carry on without an account: shorten this one, or sign up to "
                 "keep longer answers."};
  return token;
}

Result<MockRun> Mocks::OpenGuest(std::string_view token, std::int64_t now) {
  // "" for a token that is empty, past the cap (refused before any decoding) or does not open:
  // ParseGuestRun refuses it with the same message as any other unreadable run.
  std::string text;
  if (!token.empty() && token.size() <= kMaxGuestTokenChars)
    if (auto opened = keyring_.OpenToken(token, kGuestMockContext)) text = std::move(*opened);
  return ParseGuestRun(text, now);
}

Result<MockSession> Mocks::GuestSession(MockRun run, std::int64_t now) {
  CatchUp(run, now);
  auto facts = Facts(run);
  if (!facts) return facts.error();
  MockSession s;
  s.clock = ClockAt(run, now);
  s.finished = run.finished_at != 0;
  s.created_at = dates::FormatUtc(run.created_at);
  s.updated_at = dates::FormatUtc(now);
  s.run = std::move(run);
  s.facts = std::move(*facts);
  return s;
}

Result<std::int64_t> Mocks::KeepGuest(std::int64_t user_id, std::string_view token, std::int64_t now) {
  auto run = OpenGuest(token, now);
  if (!run) return run.error();
  FinishMock(*run, now);
  auto facts = Facts(*run);
  if (!facts) return facts.error();
  std::vector<std::string> ids;
  for (const auto& t : run->turns) ids.push_back(t.question_id);
  const int score = BuildMockReport(*run, *facts, Coach(*run), std::nullopt, {}).overall;
  // One keep at a time in this process, so two presses of "keep" cannot both miss the first copy.
  std::lock_guard keeping(keep_mu_);
  if (!run->guest_id.empty()) {
    auto kept = FindKept(user_id, *run, ids);
    if (!kept) return kept.error();
    if (*kept) return **kept;
  }
  store::MockRecord record{0,
                           user_id,
                           run->role,
                           ids,
                           SealJson(keyring_, store::SealedKind::kMock, user_id, MockRunJson(*run)),
                           true,
                           score,
                           1,
                           dates::FormatUtc(run->created_at),
                           dates::FormatUtc(now)};
  auto id = store_.CreateMock(record);
  if (!id) return id.error();
  MakeCards(store_, user_id, ids, record.updated_at);
  if (!run->guest_id.empty()) {
    // Another instance (the lock is this process's) may have kept the same run at the same
    // moment: of the copies, the first stored (the lowest id) stays and this one goes.
    auto first = FindKept(user_id, *run, ids);
    if (first && *first && **first != *id) {
      if (auto dropped = store_.DeleteMock(user_id, *id); !dropped)
        log::Warn("guest_mock_copy_not_dropped",
                  {{"user", user_id}, {"mock", *id}, {"error", dropped.error().message}});
      return **first;
    }
  }
  return *id;
}

Result<std::optional<std::int64_t>> Mocks::FindKept(std::int64_t user_id, const MockRun& run,
                                                    const std::vector<std::string>& question_ids) {
  std::optional<std::int64_t> first;
  for (int offset = 0;; offset += kKeptMocksPage) {
    auto page = store_.ListMocks(user_id, kKeptMocksPage, offset);
    if (!page) return page.error();
    for (const auto& record : page->items) {
      if (!record.finished || record.question_ids != question_ids) continue;  // the clear columns first
      if (first && *first < record.id) continue;
      auto stored = OpenRun(record);
      if (stored && stored->guest_id == run.guest_id) first = record.id;
    }
    if (page->items.size() < static_cast<std::size_t>(kKeptMocksPage)) return first;
  }
}

json::object MockSessionJson(const MockSession& s) {
  json::object clock{{"phase", PhaseName(s.clock.phase)},
                     {"current", s.clock.current},
                     {"think_left", s.clock.think_left},
                     {"answer_left", s.clock.answer_left},
                     {"think_ends_at", Time(s.clock.think_ends_at)},
                     {"deadline", Time(s.clock.deadline)}};
  return {{"id", s.id},
          {"role", s.run.role},
          {"think_seconds", s.run.think_seconds},
          {"answer_seconds", s.run.answer_seconds},
          {"finished", s.finished},
          {"score", s.finished ? json::value(s.score) : json::value(nullptr)},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at},
          {"finished_at", Time(s.run.finished_at)},
          {"clock", std::move(clock)},
          {"questions", TurnsJson(s.run, s.facts)}};
}

json::object MockSummaryJson(const store::MockRecord& r) {
  return {{"id", r.id},
          {"role", r.role_slug},
          {"question_ids", Strings(r.question_ids)},
          {"finished", r.finished},
          {"score", r.finished ? json::value(r.score) : json::value(nullptr)},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

json::object MockExportJson(const store::MockRecord& record, const MockRun& run) {
  json::object o = MockSummaryJson(record);
  o["think_seconds"] = run.think_seconds;
  o["answer_seconds"] = run.answer_seconds;
  o["finished_at"] = Time(run.finished_at);
  o["questions"] = TurnsJson(run, {});
  return o;
}

json::object MockReportJson(const MockReport& report) {
  json::array questions;
  for (const auto& q : report.questions) {
    json::array highlights;
    for (const auto& h : q.highlights) highlights.push_back(json::object{{"text", h.text}, {"part", h.part}});
    questions.push_back(json::object{
        {"question_id", q.question_id},
        {"question", q.question},
        {"kind", q.kind},
        {"competencies", Strings(q.competencies)},
        {"answer", q.answer},
        {"answered", q.answered},
        {"timed_out", q.timed_out},
        {"score", q.score},
        {"parts",
         json::object{{"situation", q.parts[0]}, {"task", q.parts[1]}, {"action", q.parts[2]}, {"result", q.parts[3]}}},
        {"highlights", std::move(highlights)},
        {"think_seconds", q.think_seconds},
        {"think_target", q.think_target},
        {"answer_seconds", q.answer_seconds},
        {"answer_target", q.answer_target},
        {"words", q.words},
        {"words_per_minute", q.words_per_minute},
        {"fillers", q.fillers},
        {"fillers_per_minute", q.fillers_per_minute},
        {"missing", Strings(q.missing)},
        {"suggestion", q.suggestion}});
  }
  auto text_or_null = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
  return {{"overall", report.overall},
          {"answered", report.answered},
          {"strongest_part", text_or_null(report.strongest_part)},
          {"weakest_part", text_or_null(report.weakest_part)},
          {"strongest_competency", text_or_null(report.strongest_competency)},
          {"weakest_competency", text_or_null(report.weakest_competency)},
          {"change", report.change ? json::value(*report.change) : json::value(nullptr)},
          {"redo", Strings(report.redo)},
          {"stories_to_write", Strings(report.stories_to_write)},
          {"questions", std::move(questions)}};
}

}  // namespace starprep::practice
