// SPDX-License-Identifier: Apache-2.0
#include "practice/mock.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "content/parser.h"
#include "core/html.h"
#include "core/strings.h"
#include "practice/coaching.h"

namespace starprep::practice {
namespace json = boost::json;
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

Error Conflict(std::string message) {
  return Error{ErrorCode::kConflict, std::move(message)};
}

// "a, b,,c" -> {"a", "b", "c"}, each trimmed.
std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    std::string item = TrimSpace(value.substr(0, comma));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

Status ParseWhole(const std::string& field, const std::string& raw, int& out) {
  const std::string value = TrimSpace(raw);
  if (value.empty()) return {};  // a form's empty box keeps the default
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size())
    return Invalid("\"" + field + "\" must be a whole number, not \"" + value + "\".");
  out = n;
  return {};
}

std::string NormaliseKind(std::string kind) {
  kind = AsciiLower(kind);
  return kind == "behavioural" ? "behavioral" : kind;
}

// splitmix64: a small generator whose sequence is fixed by its seed on every platform (the
// standard distributions and std::shuffle are not), so a plan is reproducible from its seed.
class SeededOrder {
 public:
  explicit SeededOrder(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  template <class T>
  void Shuffle(std::vector<T>& v) {  // Fisher-Yates
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Next() % i]);
  }

 private:
  std::uint64_t state_;
};

Status CheckTiming(const MockSettings& s) {
  if (s.think_seconds < 0 || s.think_seconds > kMaxThinkSeconds)
    return Invalid("The think time must be from 0 to " + std::to_string(kMaxThinkSeconds) + " seconds.");
  if (s.answer_seconds < kMinAnswerSeconds || s.answer_seconds > kMaxAnswerSeconds)
    return Invalid("The answer time must be from " + std::to_string(kMinAnswerSeconds) + " to " +
                   std::to_string(kMaxAnswerSeconds) + " seconds.");
  return {};
}

Result<MockPlan> PlanExplicit(const MockSettings& s, const std::vector<content::Role>& roles) {
  std::vector<std::string> ids;
  for (const auto& raw : s.question_ids) {
    std::string id = TrimSpace(raw);
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  }
  if (ids.empty()) return Invalid("Choose at least one question.");
  if (ids.size() > static_cast<std::size_t>(kMaxMockQuestions))
    return Invalid("A mock interview has at most " + std::to_string(kMaxMockQuestions) + " questions; you chose " +
                   std::to_string(ids.size()) + ".");
  std::set<std::string> role_slugs;
  for (const auto& id : ids) {
    const content::Question* found = nullptr;
    for (const auto& r : roles)
      for (const auto& q : r.questions)
        if (q.id == id) found = &q;
    if (!found) return Invalid("There is no question with id \"" + id + "\".");
    role_slugs.insert(found->role_slug);
  }
  return MockPlan{role_slugs.size() == 1 ? *role_slugs.begin() : "", std::move(ids), s.think_seconds, s.answer_seconds};
}

std::int64_t ThinkEnd(const MockRun& run, const MockTurn& t) {
  return t.answer_started_at ? t.answer_started_at : t.started_at + run.think_seconds;
}

std::int64_t Deadline(const MockRun& run, const MockTurn& t) {
  return ThinkEnd(run, t) + run.answer_seconds;
}

// The run's clock at `now`: never earlier than a time the run already holds (another instance's
// clock may run ahead by up to kMockClockSkewSeconds), so a step never ends a question before it
// started or shows more time left than the targets.
std::int64_t RunClock(const MockRun& run, std::int64_t now) {
  now = std::max({now, run.created_at, run.finished_at});
  for (const auto& t : run.turns) now = std::max({now, t.started_at, t.answer_started_at, t.ended_at});
  return now;
}

// The open question's index, -1 when none is (the mock is finished).
int OpenTurn(const MockRun& run) {
  if (run.finished_at) return -1;
  for (std::size_t i = 0; i < run.turns.size(); ++i)
    if (run.turns[i].started_at && !run.turns[i].ended_at) return static_cast<int>(i);
  return -1;
}

// Ends the open turn `i` at `at` and starts the next one at `next_at`, or finishes the mock.
void EndTurn(MockRun& run, std::size_t i, std::int64_t at, std::int64_t next_at) {
  run.turns[i].ended_at = at;
  if (i + 1 < run.turns.size())
    run.turns[i + 1].started_at = next_at;
  else
    run.finished_at = at;
}

Status CheckDraft(const std::string& text) {
  if (!html::IsValidUtf8(text)) return Invalid("The answer is not valid UTF-8 text.");
  if (const std::size_t n = html::CodePoints(text); n > kMaxAnswerChars)
    return Error{ErrorCode::kTooLarge, "The answer has " + std::to_string(n) + " characters; the most is " +
                                           std::to_string(kMaxAnswerChars) + "."};
  return {};
}

Status CheckIndex(const MockRun& run, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= run.turns.size())
    return Invalid("This mock has no question " + std::to_string(index + 1) + ".");
  return {};
}

std::int64_t IntMember(const json::object& o, std::string_view key, bool& ok) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) {
    ok = false;
    return 0;
  }
  return it->value().as_int64();
}

// An int member: a whole number in int's range.
int SmallIntMember(const json::object& o, std::string_view key, bool& ok) {
  const std::int64_t n = IntMember(o, key, ok);
  if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
    ok = false;
    return 0;
  }
  return static_cast<int>(n);
}

std::string TextMember(const json::object& o, std::string_view key, bool& ok) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) {
    ok = false;
    return {};
  }
  return std::string(it->value().as_string());
}

// [a-z0-9-]+, at most kMaxMockIdChars: a role slug or question id as the content has them.
bool IsMockId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxMockIdChars && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// "" or base64url without padding, at most kMaxMockIdChars (auth::NewRandomToken's shape).
bool IsGuestId(std::string_view id) {
  return id.size() <= kMaxMockIdChars && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

int Percent(float strength) {
  return static_cast<int>(std::lround(std::clamp(strength, 0.0f, 1.0f) * 100));
}

constexpr std::array<std::string_view, 4> kPartNames = {"situation", "task", "action", "result"};

}  // namespace

Status ApplyMockPreset(MockSettings& s, std::string_view id) {
  auto p = std::find_if(kMockPresets.begin(), kMockPresets.end(), [&](const MockPreset& m) { return m.id == id; });
  if (p == kMockPresets.end()) return Invalid("There is no preset \"" + std::string(id) + "\".");
  s.questions = p->questions;
  s.kinds = SplitList(p->kinds);
  s.think_seconds = p->think_seconds;
  s.answer_seconds = p->answer_seconds;
  s.up_to = true;
  return {};
}

Result<MockSettings> ParseMockSettings(const std::vector<std::pair<std::string, std::string>>& fields) {
  MockSettings s;
  for (const auto& [name, value] : fields)
    if (name == "preset" && !TrimSpace(value).empty())
      if (auto st = ApplyMockPreset(s, TrimSpace(value)); !st) return st.error();
  bool kinds_given = false;
  for (const auto& [name, value] : fields) {
    Status st;
    if (name == "role") {
      s.role = TrimSpace(value);
    } else if (name == "count") {
      st = ParseWhole(name, value, s.questions);
    } else if (name == "think") {
      st = ParseWhole(name, value, s.think_seconds);
    } else if (name == "answer") {
      st = ParseWhole(name, value, s.answer_seconds);
    } else if (name == "kind") {
      if (!kinds_given) s.kinds.clear();  // the fields replace a preset's kind
      kinds_given = true;
      for (auto& k : SplitList(value))
        if (k != "mix") s.kinds.push_back(NormaliseKind(std::move(k)));
    } else if (name == "competency") {
      for (auto& c : SplitList(value)) s.competencies.push_back(std::move(c));
    } else if (name == "questions") {
      for (auto& q : SplitList(value)) s.question_ids.push_back(std::move(q));
    }
    if (!st) return st.error();
  }
  return s;
}

Result<MockPlan> PlanMock(const MockSettings& s, const std::vector<content::Role>& roles, std::uint64_t seed) {
  if (auto st = CheckTiming(s); !st) return st.error();
  if (!s.question_ids.empty()) return PlanExplicit(s, roles);
  auto role = std::find_if(roles.begin(), roles.end(), [&](const content::Role& r) { return r.slug == s.role; });
  if (s.role.empty()) return Invalid("Choose a role.");
  if (role == roles.end()) return Invalid("There is no role \"" + s.role + "\".");
  if (s.questions < kMinMockQuestions || s.questions > kMaxMockQuestions)
    return Invalid("A mock interview has from " + std::to_string(kMinMockQuestions) + " to " +
                   std::to_string(kMaxMockQuestions) + " questions.");
  std::vector<std::string> kinds;
  for (const auto& k : s.kinds) {
    if (std::find(kMockKinds.begin(), kMockKinds.end(), k) == kMockKinds.end())
      return Invalid("There is no question kind \"" + k + "\"; choose behavioral, technical or situational.");
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  }
  std::set<std::string> wanted;  // CompetencyKey of each chosen competency
  for (const auto& c : s.competencies) {
    const std::string key = content::CompetencyKey(c);
    bool known = false;
    for (const auto& q : role->questions)
      for (const auto& qc : q.competencies) known |= content::CompetencyKey(qc) == key;
    if (!known) return Invalid("No question of " + role->title + " is about \"" + c + "\".");
    wanted.insert(key);
  }
  // The pool by kind, in kMockKinds' order, each shuffled.
  std::vector<std::vector<std::string>> by_kind;
  std::size_t pool = 0;
  SeededOrder order(seed);
  for (std::string_view kind : kMockKinds) {
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
    std::vector<std::string> ids;
    for (const auto& q : role->questions) {
      if (q.kind != kind) continue;
      bool match = wanted.empty();
      for (const auto& qc : q.competencies) match |= wanted.count(content::CompetencyKey(qc)) > 0;
      if (match) ids.push_back(q.id);
    }
    order.Shuffle(ids);
    pool += ids.size();
    by_kind.push_back(std::move(ids));
  }
  const int wanted_count =
      s.up_to ? static_cast<int>(std::min<std::size_t>(pool, static_cast<std::size_t>(s.questions))) : s.questions;
  if (pool < static_cast<std::size_t>(std::max(wanted_count, kMinMockQuestions))) {
    const std::string n = std::to_string(pool);
    const std::string only = "Only " + n + (pool == 1 ? " question of " : " questions of ") + role->title +
                             (pool == 1 ? " matches" : " match");
    if (pool < static_cast<std::size_t>(kMinMockQuestions))
      return Invalid(only + " that mix; choose more kinds or competencies.");
    return Invalid(only + " that mix; ask for at most " + n + ".");
  }
  MockPlan plan{role->slug, {}, s.think_seconds, s.answer_seconds};
  const auto count = static_cast<std::size_t>(wanted_count);
  for (std::size_t round = 0; plan.question_ids.size() < count; ++round)
    for (const auto& ids : by_kind)
      if (round < ids.size() && plan.question_ids.size() < count) plan.question_ids.push_back(ids[round]);
  return plan;
}

MockRun StartMock(const MockPlan& plan, std::int64_t now) {
  MockRun run{plan.role, plan.think_seconds, plan.answer_seconds, {}, now, 0};
  for (const auto& id : plan.question_ids) run.turns.push_back(MockTurn{id});
  if (run.turns.empty())
    run.finished_at = now;
  else
    run.turns[0].started_at = now;
  return run;
}

bool CatchUp(MockRun& run, std::int64_t now) {
  now = RunClock(run, now);
  bool changed = false;
  for (int i = OpenTurn(run); i >= 0; i = OpenTurn(run)) {
    MockTurn& t = run.turns[static_cast<std::size_t>(i)];
    const std::int64_t deadline = Deadline(run, t);
    if (now < deadline) break;
    t.timed_out = true;
    EndTurn(run, static_cast<std::size_t>(i), deadline, now);
    changed = true;
  }
  return changed;
}

MockClock ClockAt(const MockRun& run, std::int64_t now) {
  now = RunClock(run, now);
  MockClock c;
  c.current = OpenTurn(run);
  if (c.current < 0) return c;
  const MockTurn& t = run.turns[static_cast<std::size_t>(c.current)];
  c.think_ends_at = ThinkEnd(run, t);
  c.deadline = Deadline(run, t);
  c.phase = now < c.think_ends_at ? MockPhase::kThink : MockPhase::kAnswer;
  c.think_left = static_cast<int>(std::max<std::int64_t>(0, c.think_ends_at - now));
  c.answer_left =
      c.phase == MockPhase::kThink ? run.answer_seconds : static_cast<int>(std::max<std::int64_t>(0, c.deadline - now));
  return c;
}

Status SaveDraft(MockRun& run, int index, std::string text, std::int64_t now) {
  CatchUp(run, now);
  if (auto s = CheckIndex(run, index); !s) return s;
  if (auto s = CheckDraft(text); !s) return s;
  const auto i = static_cast<std::size_t>(index);
  MockTurn& t = run.turns[i];
  const std::string number = std::to_string(index + 1);
  if (!t.started_at) return Conflict("Question " + number + " has not started yet.");
  if (t.ended_at) {
    const bool moved_on =
        i + 1 < run.turns.size() && (!run.turns[i + 1].text.empty() || run.turns[i + 1].answer_started_at);
    if (!t.timed_out || moved_on) return Conflict("Question " + number + " is over; its answer was kept as it was.");
  }
  t.text = std::move(text);
  return {};
}

Status StartAnswering(MockRun& run, int index, std::int64_t now) {
  now = RunClock(run, now);
  CatchUp(run, now);
  if (auto s = CheckIndex(run, index); !s) return s;
  if (OpenTurn(run) != index) return Conflict("Question " + std::to_string(index + 1) + " is not open.");
  MockTurn& t = run.turns[static_cast<std::size_t>(index)];
  if (now < ThinkEnd(run, t)) t.answer_started_at = now;
  return {};
}

Status NextQuestion(MockRun& run, int index, std::string text, std::int64_t now) {
  now = RunClock(run, now);
  if (auto s = SaveDraft(run, index, std::move(text), now); !s) return s;
  if (OpenTurn(run) != index) return {};  // it timed out: the draft went to it, the next one runs
  MockTurn& t = run.turns[static_cast<std::size_t>(index)];
  if (now < ThinkEnd(run, t)) {  // still thinking: "Next" starts the answer, a second one ends it
    t.answer_started_at = now;
    return {};
  }
  EndTurn(run, static_cast<std::size_t>(index), now, now);
  return {};
}

void FinishMock(MockRun& run, std::int64_t now) {
  now = RunClock(run, now);
  CatchUp(run, now);
  if (run.finished_at) return;
  if (const int i = OpenTurn(run); i >= 0) run.turns[static_cast<std::size_t>(i)].ended_at = now;
  run.finished_at = now;
}

json::object MockRunJson(const MockRun& run) {
  json::array turns;
  for (const auto& t : run.turns)
    turns.push_back(json::object{{"question_id", t.question_id},
                                 {"started_at", t.started_at},
                                 {"answer_started_at", t.answer_started_at},
                                 {"ended_at", t.ended_at},
                                 {"text", t.text},
                                 {"timed_out", t.timed_out}});
  json::object o{{"role", run.role},
                 {"think_seconds", run.think_seconds},
                 {"answer_seconds", run.answer_seconds},
                 {"created_at", run.created_at},
                 {"finished_at", run.finished_at},
                 {"turns", std::move(turns)}};
  if (!run.guest_id.empty()) o["guest_id"] = run.guest_id;
  return o;
}

Result<MockRun> MockRunFromJson(const json::object& o) {
  bool ok = true;
  MockRun run;
  run.role = TextMember(o, "role", ok);
  run.think_seconds = SmallIntMember(o, "think_seconds", ok);
  run.answer_seconds = SmallIntMember(o, "answer_seconds", ok);
  run.created_at = IntMember(o, "created_at", ok);
  run.finished_at = IntMember(o, "finished_at", ok);
  if (o.contains("guest_id")) run.guest_id = TextMember(o, "guest_id", ok);
  auto turns = o.find("turns");
  if (turns == o.end() || !turns->value().is_array()) ok = false;
  for (std::size_t i = 0; ok && i < turns->value().as_array().size(); ++i) {
    const json::value& v = turns->value().as_array()[i];
    if (!v.is_object()) {
      ok = false;
      break;
    }
    const json::object& t = v.as_object();
    MockTurn turn;
    turn.question_id = TextMember(t, "question_id", ok);
    turn.started_at = IntMember(t, "started_at", ok);
    turn.answer_started_at = IntMember(t, "answer_started_at", ok);
    turn.ended_at = IntMember(t, "ended_at", ok);
    turn.text = TextMember(t, "text", ok);
    auto timed_out = t.find("timed_out");
    if (timed_out == t.end() || !timed_out->value().is_bool()) ok = false;
    turn.timed_out = ok && timed_out->value().as_bool();
    run.turns.push_back(std::move(turn));
  }
  if (!ok) return Error{ErrorCode::kInternal, "malformed mock interview record"};
  return run;
}

Status CheckMockRun(const MockRun& run, std::int64_t now) {
  if (run.turns.empty() || run.turns.size() > static_cast<std::size_t>(kMaxMockQuestions))
    return Invalid("A mock interview has from 1 to " + std::to_string(kMaxMockQuestions) + " questions.");
  MockSettings timing;
  timing.think_seconds = run.think_seconds;
  timing.answer_seconds = run.answer_seconds;
  if (auto s = CheckTiming(timing); !s) return s;
  const std::int64_t latest = now + kMockClockSkewSeconds;
  if (run.created_at <= 0 || run.created_at > latest) return Invalid("The mock's start time is out of range.");
  // 0 (not yet) or a time from the run's creation to now (and the skew).
  auto when = [&](std::int64_t t) { return t == 0 || (t >= run.created_at && t <= latest); };
  if (!when(run.finished_at)) return Invalid("The mock's end time is out of range.");
  if ((!run.role.empty() && !IsMockId(run.role)) || !IsGuestId(run.guest_id))
    return Invalid("The mock's role or id is malformed.");
  std::int64_t previous_end = run.created_at;  // a question starts once the one before it ended
  bool later_unstarted = false;                // a question has not started (or is open): later ones must not have
  for (std::size_t i = 0; i < run.turns.size(); ++i) {
    const MockTurn& t = run.turns[i];
    const std::string number = "Question " + std::to_string(i + 1);
    if (!IsMockId(t.question_id)) return Invalid(number + " has a malformed id.");
    if (auto s = CheckDraft(t.text); !s) return s;
    if (!when(t.started_at) || !when(t.answer_started_at) || !when(t.ended_at))
      return Invalid(number + " has a time out of range.");
    if (!t.started_at) {
      if (t.answer_started_at || t.ended_at || t.timed_out || !t.text.empty())
        return Invalid(number + " has not started but has an answer.");
      later_unstarted = true;
      continue;
    }
    if (later_unstarted || t.started_at < previous_end)
      return Invalid(number + " started before the question before it ended.");
    if (t.answer_started_at &&
        (t.answer_started_at < t.started_at || t.answer_started_at >= t.started_at + run.think_seconds ||
         (t.ended_at && t.answer_started_at > t.ended_at)))
      return Invalid(number + " started its answer outside its think time.");
    if (!t.ended_at) {
      if (t.timed_out || run.finished_at) return Invalid(number + " is open in a finished mock.");
      later_unstarted = true;  // the open question: none after it has started
      continue;
    }
    // "Next" and "Finish" end a question before its deadline (at it, it has timed out), a
    // time-out exactly at it.
    if (t.ended_at < t.started_at || (t.timed_out ? t.ended_at != Deadline(run, t) : t.ended_at >= Deadline(run, t)))
      return Invalid(number + " ended outside its time.");
    previous_end = t.ended_at;
  }
  if (run.finished_at ? run.finished_at < previous_end : OpenTurn(run) < 0)
    return Invalid(run.finished_at ? "The mock ended before its last question."
                                   : "The running mock has no open question.");
  return {};
}

Result<MockRun> ParseGuestRun(std::string_view text, std::int64_t now) {
  const Error unreadable = Invalid(
      "This guest mock interview cannot be read: it is damaged, from another site or more than a day old. Start a "
      "new one.");
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return unreadable;
  auto run = MockRunFromJson(v.as_object());
  if (!run || !CheckMockRun(*run, now) || now - run->created_at > kGuestMockMaxAgeSeconds) return unreadable;
  CatchUp(*run, now);
  return run;
}

MockReport BuildMockReport(const MockRun& run, const std::vector<MockQuestionFacts>& facts,
                           const std::vector<std::optional<coach::Report>>& coached,
                           std::optional<int> previous_overall, const std::vector<std::string>& story_competencies) {
  MockReport out;
  std::array<int, 4> part_sums{};
  struct Tally {
    std::string name;  // the first spelling seen
    int sum = 0;
    int count = 0;
  };
  std::map<std::string, Tally> competencies;  // by CompetencyKey
  int score_sum = 0;
  for (std::size_t i = 0; i < run.turns.size(); ++i) {
    const MockTurn& t = run.turns[i];
    MockQuestionReport q;
    q.question_id = t.question_id;
    if (i < facts.size()) {
      q.question = facts[i].question;
      q.kind = facts[i].kind;
      q.competencies = facts[i].competencies;
    }
    q.answer = t.text;
    q.timed_out = t.timed_out;
    q.think_target = run.think_seconds;
    q.answer_target = run.answer_seconds;
    if (t.started_at) {
      const std::int64_t end = t.ended_at ? t.ended_at : t.started_at;
      const std::int64_t think_end = ThinkEnd(run, t);
      q.think_seconds = static_cast<int>(std::max<std::int64_t>(0, std::min(think_end, end) - t.started_at));
      q.answer_seconds = static_cast<int>(std::max<std::int64_t>(0, end - think_end));
    }
    const coach::Report* report = i < coached.size() && coached[i] ? &*coached[i] : nullptr;
    q.answered = report != nullptr && !TrimSpace(t.text).empty();
    if (q.answered) {
      q.score = report->score;
      for (std::size_t p = 0; p < 4; ++p) q.parts[p] = Percent(report->components[p].strength);
      for (const auto& s : report->sentences) {
        const std::size_t from = std::min<std::size_t>(s.span.start, t.text.size());
        const std::size_t to = std::clamp<std::size_t>(s.span.end, from, t.text.size());
        q.highlights.push_back({t.text.substr(from, to - from), std::string(coach::ComponentName(s.component))});
      }
      q.words = report->metrics.words;
      q.fillers = static_cast<int>(report->metrics.filler_words.size());
      const std::int64_t seconds = q.answer_seconds > 0 ? q.answer_seconds : q.think_seconds;
      if (seconds > 0) {
        const double minutes = static_cast<double>(seconds) / 60.0;
        q.words_per_minute = static_cast<int>(std::lround(q.words / minutes));
        q.fillers_per_minute = std::round(q.fillers / minutes * 10) / 10;
      }
      for (coach::Component c : report->missing) q.missing.emplace_back(coach::ComponentName(c));
      if (!report->suggestions.empty()) q.suggestion = report->suggestions.front().message;
      ++out.answered;
      for (std::size_t p = 0; p < 4; ++p) part_sums[p] += q.parts[p];
    } else {
      for (std::string_view p : kPartNames) q.missing.emplace_back(p);
      q.suggestion = t.timed_out ? "Time ran out before you wrote an answer: say your Situation in one sentence as "
                                   "soon as the answer time starts, then keep going."
                                 : "You did not answer this one: practise it on its own page, then try it again here.";
    }
    score_sum += q.score;
    for (const auto& c : q.competencies) {
      Tally& tally = competencies[content::CompetencyKey(c)];
      if (tally.name.empty()) tally.name = c;
      tally.sum += q.score;
      ++tally.count;
    }
    out.questions.push_back(std::move(q));
  }
  if (!run.turns.empty())
    out.overall = static_cast<int>(std::lround(static_cast<double>(score_sum) / static_cast<double>(run.turns.size())));
  if (out.answered > 0) {
    const auto strongest = std::max_element(part_sums.begin(), part_sums.end());
    const auto weakest = std::min_element(part_sums.begin(), part_sums.end());
    out.strongest_part = kPartNames[static_cast<std::size_t>(strongest - part_sums.begin())];
    out.weakest_part = kPartNames[static_cast<std::size_t>(weakest - part_sums.begin())];
  }
  // Competencies by mean score (ties: alphabetical by key, the map's order).
  std::vector<std::pair<double, const Tally*>> means;
  means.reserve(competencies.size());
  for (const auto& [key, tally] : competencies)
    means.emplace_back(static_cast<double>(tally.sum) / tally.count, &tally);
  std::stable_sort(means.begin(), means.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!means.empty()) {
    out.weakest_competency = means.front().second->name;
    const double top = means.back().first;
    out.strongest_competency =
        std::find_if(means.begin(), means.end(), [&](const auto& m) { return m.first == top; })->second->name;
  }
  if (previous_overall) out.change = out.overall - *previous_overall;
  std::vector<std::size_t> order(out.questions.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return out.questions[a].score < out.questions[b].score; });
  for (std::size_t i : order) {
    const auto& q = out.questions[i];
    if ((q.score < kRedoBelow || !q.answered) &&
        std::find(out.redo.begin(), out.redo.end(), q.question_id) == out.redo.end())
      out.redo.push_back(q.question_id);
  }
  std::set<std::string> covered;
  for (const auto& c : story_competencies) covered.insert(content::CompetencyKey(c));
  for (const auto& [mean, tally] : means)
    if (mean < kRedoBelow && !covered.count(content::CompetencyKey(tally->name)) &&
        out.stories_to_write.size() < kMaxStoriesToWrite)
      out.stories_to_write.push_back(tally->name);
  return out;
}

}  // namespace starprep::practice
