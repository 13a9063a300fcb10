// SPDX-License-Identifier: Apache-2.0
#include "web/mock_pages.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/dates.h"
#include "core/strings.h"
#include "http/page_cache.h"
#include "practice/fsrs.h"
#include "practice/target_roles.h"
#include "web/review_pages.h"

namespace starprep::web {
namespace {

constexpr const char* kKindField = "kind_";  // one checkbox per kind: kind_behavioral=1

std::string KindLabel(std::string_view kind) {
  if (kind == "behavioral") return "Behavioural";
  if (kind == "technical") return "Technical";
  if (kind == "situational") return "Situational";
  return std::string(kind);
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// The form's fields as ParseMockSettings reads them (the kind checkboxes become `kind` values). A
// preset button sends the whole form: then only the role (or the chosen questions) count besides
// the preset, and the preset's own numbers win over the boxes' values the candidate did not mean.
std::vector<std::pair<std::string, std::string>> SettingsFields(const Form& form) {
  std::vector<std::pair<std::string, std::string>> fields;
  if (auto preset = form.find("preset"); preset != form.end() && !preset->second.empty()) {
    for (const char* name : {"preset", "role", "questions"})
      if (auto it = form.find(name); it != form.end()) fields.emplace_back(name, it->second);
    return fields;
  }
  bool any_kind = false;
  for (const auto& [name, value] : form) {
    if (name.starts_with(kKindField)) {
      fields.emplace_back("kind", name.substr(std::string_view(kKindField).size()));
      any_kind = true;
    } else if (name == "role" || name == "count" || name == "think" || name == "answer" || name == "competency" ||
               name == "questions") {
      fields.emplace_back(name, value);
    }
  }
  if (!any_kind) fields.emplace_back("kind", "mix");  // no box ticked: a mix
  return fields;
}

std::optional<int> Index(const std::string& text) {
  int n = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0 ||
      n >= practice::kMaxMockQuestions)
    return std::nullopt;
  return n;
}

http::Response BackToMock(std::int64_t id, std::string_view notice = "") {
  std::string to = "/mock/" + std::to_string(id);
  if (!notice.empty()) to += "?notice=" + std::string(notice);
  return http::Redirect(303, to + "#mock-question");
}

mus::data PartsList(const std::array<int, 4>& parts) {
  static constexpr std::array<std::pair<const char*, const char*>, 4> kParts = {
      {{"S", "Situation"}, {"T", "Task"}, {"A", "Action"}, {"R", "Result"}}};
  mus::data list{mus::data::type::list};
  for (std::size_t i = 0; i < 4; ++i) {
    mus::data p;
    p.set("letter", kParts[i].first);
    p.set("letter_lc", AsciiLower(kParts[i].first));
    p.set("name", kParts[i].second);
    p.set("strength", std::to_string(parts[i]));
    list.push_back(p);
  }
  return list;
}

std::string PartTitle(const std::string& part) {
  return part.empty() ? part : std::string(1, static_cast<char>(part[0] - 'a' + 'A')) + part.substr(1);
}

}  // namespace

void MockPages::Register(http::Router& router) {
  auto bind = [this](http::Response (MockPages::*fn)(http::Request&)) { return http::Bind(this, fn); };
  router.Get("/mock", bind(&MockPages::Setup));
  router.Post("/mock", bind(&MockPages::Start));
  // Before /mock/{id}: the first matching route wins. /mock/guest/keep is AccountPages'.
  router.Get("/mock/guest", bind(&MockPages::GuestResume));
  for (const char* action : {"draft", "start", "next", "finish", "resume"})
    router.Post(std::string("/mock/guest/") + action,
                [this, action = std::string(action)](http::Request& req) { return GuestTurn(req, action); });
  router.Get("/mock/{id}", bind(&MockPages::Show));
  router.Post("/mock/{id}/questions/{index}/{action}", bind(&MockPages::Turn));
  router.Post("/mock/{id}/finish", bind(&MockPages::Finish));
}

http::Response MockPages::SetupPage(const http::Request& req, const std::optional<auth::Principal>& user,
                                    const practice::MockSettings& s, const std::string& error, int status) {
  auto roles = store_.ListRoles();
  if (!roles) return http::ErrorReply(roles.error());
  mus::data role_list{mus::data::type::list};
  for (const auto& r : *roles) {
    mus::data item;
    item.set("slug", r.slug);
    item.set("title", r.title);
    item.set("selected", Flag(r.slug == s.role));
    role_list.push_back(item);
  }
  mus::data counts{mus::data::type::list};
  for (int n = practice::kMinMockQuestions; n <= practice::kMaxMockQuestions; ++n) {
    mus::data item;
    item.set("n", std::to_string(n));
    item.set("selected", Flag(n == s.questions));
    counts.push_back(item);
  }
  mus::data kinds{mus::data::type::list};
  for (std::string_view k : practice::kMockKinds) {
    mus::data item;
    item.set("value", std::string(k));
    item.set("label", KindLabel(k));
    item.set("field", std::string(kKindField) + std::string(k));
    item.set("checked", Flag(std::find(s.kinds.begin(), s.kinds.end(), k) != s.kinds.end()));
    kinds.push_back(item);
  }
  mus::data presets{mus::data::type::list};
  for (const auto& p : practice::kMockPresets) {
    mus::data item;
    item.set("id", std::string(p.id));
    item.set("name", std::string(p.name));
    practice::MockSettings preset;
    (void)practice::ApplyMockPreset(preset, p.id);
    std::vector<std::string> kinds_text;
    for (const auto& k : preset.kinds) kinds_text.push_back(AsciiLower(KindLabel(k)));
    item.set("detail", (p.kinds.empty() ? std::to_string(p.questions) + " mixed"
                                        : "up to " + std::to_string(p.questions) + " " + Join(kinds_text, " and ")) +
                           " questions, " + HumanDuration(p.think_seconds) + " to think, " +
                           HumanDuration(p.answer_seconds) + " to answer each");
    presets.push_back(item);
  }
  mus::data d;
  d.set("roles", role_list);
  d.set("counts", counts);
  d.set("kinds", kinds);
  d.set("presets", presets);
  d.set("competency", Join(s.competencies, ", "));
  d.set("think", std::to_string(s.think_seconds));
  d.set("answer", std::to_string(s.answer_seconds));
  d.set("max_think", std::to_string(practice::kMaxThinkSeconds));
  d.set("min_answer", std::to_string(practice::kMinAnswerSeconds));
  d.set("max_answer", std::to_string(practice::kMaxAnswerSeconds));
  if (!s.question_ids.empty()) {
    d.set("questions", Join(s.question_ids, ","));
    d.set("question_count", std::to_string(s.question_ids.size()));
  }
  d.set("signed_in", Flag(user.has_value()));
  d.set("signin", SessionGate::SignInPath(req.query.empty() ? req.path : req.path + "?" + req.query));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  if (!error.empty()) d.set("error", error);
  if (user) {
    auto mine = mocks_.List(user->user.id, 10, 0);
    if (!mine) return http::ErrorReply(mine.error());
    mus::data past{mus::data::type::list};
    for (const auto& m : mine->items) {
      mus::data item;
      item.set("id", std::to_string(m.id));
      item.set("created_at", m.created_at);
      item.set("when", HumanDay(m.created_at));
      item.set("questions", std::to_string(m.question_ids.size()));
      item.set("status", m.finished ? "score " + std::to_string(m.score) : std::string("not finished: resume"));
      past.push_back(item);
    }
    d.set("past", past);
    d.set("has_past", Flag(!mine->items.empty()));
    // The "my due reviews" mix: today's review queue as the mock's questions.
    auto queue = practice::LoadQueue(store_, user->user.id, now_());
    auto labels = practice::LiveQuestionLabels(store_);
    if (queue && labels && s.question_ids.empty()) {
      std::string due;
      for (const auto& id : DueMockQuestionIds(*queue, *labels)) due += (due.empty() ? "" : ",") + id;
      if (!due.empty()) {
        d.set("due_questions", due);
        d.set("due_count", std::to_string(std::count(due.begin(), due.end(), ',') + 1));
      }
    }
  }
  return gate_.Serve(req,
                     Layout({"Mock interview", "Rehearse a timed interview: questions one at a time, then a report.",
                             Render("mock_setup", d), "", "", user ? Nav::kSignedIn : Nav::kAnonymous}),
                     status);
}

http::Response MockPages::Setup(http::Request& req) {
  auto who = gate_.CurrentUser(req);
  if (!who) return http::ErrorReply(who.error());
  practice::MockSettings s;
  s.role = req.Query("role").value_or("");
  if (auto questions = req.Query("questions")) {  // "practise due questions" from the review queue
    auto parsed = practice::ParseMockSettings({{"questions", *questions}});
    if (parsed) s.question_ids = std::move(parsed->question_ids);
  }
  if (s.role.empty() && *who) {
    auto role = practice::DefaultMockRole(store_, (*who)->user.id);
    if (!role) return http::ErrorReply(role.error());
    s.role = *role;
  }
  return SetupPage(req, *who, s, "", 200);
}

http::Response MockPages::Start(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto who = gate_.CurrentUser(req);
  if (!who) return http::ErrorReply(who.error());
  if (!*who) return StartGuest(req, form);
  const auth::Principal& user = **who;
  auto settings = practice::ParseMockSettings(SettingsFields(form));
  if (!settings) return SetupPage(req, user, practice::MockSettings{}, settings.error().message, 400);
  const std::int64_t now = now_();
  const auto seed = static_cast<std::uint64_t>(now) * 1'000'003u + static_cast<std::uint64_t>(user.user.id);
  auto mock = mocks_.Create(user.user.id, *settings, now, seed);
  if (!mock) {
    const FormFailure failure = DescribeFailure(mock.error());
    if (mock.error().code == ErrorCode::kInvalidArgument)
      return SetupPage(req, user, *settings, failure.message, failure.status);
    return http::ErrorReply(mock.error());
  }
  return http::Redirect(303, "/mock/" + std::to_string(mock->id));
}

http::Response MockPages::StartGuest(const http::Request& req, const Form& form) {
  auto settings = practice::ParseMockSettings(SettingsFields(form));
  if (!settings) return SetupPage(req, std::nullopt, practice::MockSettings{}, settings.error().message, 400);
  const std::int64_t now = now_();
  auto mock = mocks_.CreateGuest(*settings, now, static_cast<std::uint64_t>(now) * 1'000'003u);
  if (!mock) {
    if (mock.error().code == ErrorCode::kInvalidArgument)
      return SetupPage(req, std::nullopt, *settings, mock.error().message, 400);
    return http::ErrorReply(mock.error());
  }
  return GuestPage(req, *mock, "");
}

http::Response MockPages::GuestTurn(http::Request& req, const std::string& action) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::int64_t now = now_();
  auto run = mocks_.OpenGuest(FormText(form, "state"), now);
  if (!run) return SetupPage(req, std::nullopt, practice::MockSettings{}, run.error().message, 400);
  const auto index = Index(FormText(form, "index"));
  const std::string text = FormText(form, "text");
  Status done;
  if (action == "next") {
    done = index ? practice::NextQuestion(*run, *index, text, now) : Status(Error{ErrorCode::kConflict, ""});
  } else if (index && (action != "finish" || form.count("text"))) {
    done = practice::SaveDraft(*run, *index, text, now);
    if (done && action == "start") done = practice::StartAnswering(*run, *index, now);
  }
  if (action == "finish") practice::FinishMock(*run, now);
  if (!done && done.error().code != ErrorCode::kConflict) return http::ErrorReply(done.error());
  auto mock = mocks_.GuestSession(std::move(*run), now);
  if (!mock) return http::ErrorReply(mock.error());
  const bool over = !done && action != "resume" && action != "finish";
  return GuestPage(
      req, *mock,
      over ? "That question's time was up: it kept the text you had sent last, and this is the next one." : "");
}

http::Response MockPages::GuestResume(http::Request& req) {
  mus::data d;
  d.set("csrf_slot", std::string(http::kTokenSlot));
  return gate_.Serve(req, Layout({"Mock interview", "Your mock interview, carried on from this browser.",
                                  Render("mock_guest_resume", d), "", "", gate_.NavFor(req)}));
}

http::Response MockPages::GuestPage(const http::Request& req, const practice::MockSession& m,
                                    const std::string& notice) {
  auto token = mocks_.GuestToken(m.run);
  if (!token) return http::ErrorReply(token.error());
  if (!m.finished) return RunPage(req, m, notice, &*token);
  auto report = mocks_.GuestReport(m.run);
  if (!report) return http::ErrorReply(report.error());
  return ReportView(req, m, *report, nullptr, &*token);
}

http::Response MockPages::Show(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto id = ParsePositiveId(req.params["id"]);
  if (!id)
    return http::ErrorReply(404, http::codes::kNotFound, "There is no mock interview \"" + req.params["id"] + "\".");
  auto mock = mocks_.Get(user.user.id, *id, now_());
  if (!mock) return http::ErrorReply(mock.error());
  if (!*mock)
    return http::ErrorReply(404, http::codes::kNotFound, "There is no mock interview " + std::to_string(*id) + ".");
  if ((*mock)->finished) return ReportPage(req, user, **mock);
  const std::string notice =
      req.Query("notice").value_or("") == "over"
          ? "That question's time was up: it kept the draft saved last, and this is the next one."
          : "";
  return RunPage(req, **mock, notice);
}

http::Response MockPages::Turn(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/mock")) return *stop;
  auto id = ParsePositiveId(req.params["id"]);
  auto index = Index(req.params["index"]);
  const std::string action = req.params["action"];
  if (!id || !index || (action != "draft" && action != "start" && action != "next"))
    return http::ErrorReply(404, http::codes::kNotFound, "There is no such question of a mock interview.");
  const std::string text = FormText(form, "text");
  const std::int64_t now = now_();
  Result<practice::MockSession> done = action == "next" ? mocks_.Next(user.user.id, *id, *index, text, now)
                                                        : mocks_.SaveDraft(user.user.id, *id, *index, text, now);
  if (done && action == "start") done = mocks_.StartAnswering(user.user.id, *id, *index, now);
  if (!done && done.error().code == ErrorCode::kConflict) return BackToMock(*id, "over");
  if (!done) return http::ErrorReply(done.error());
  return BackToMock(*id);
}

http::Response MockPages::Finish(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/mock")) return *stop;
  auto id = ParsePositiveId(req.params["id"]);
  if (!id)
    return http::ErrorReply(404, http::codes::kNotFound, "There is no mock interview \"" + req.params["id"] + "\".");
  const std::int64_t now = now_();
  if (auto index = Index(FormText(form, "index")); index && form.count("text")) {
    auto saved = mocks_.SaveDraft(user.user.id, *id, *index, FormText(form, "text"), now);
    if (!saved && saved.error().code != ErrorCode::kConflict) return http::ErrorReply(saved.error());
  }
  auto done = mocks_.Finish(user.user.id, *id, now);
  if (!done) return http::ErrorReply(done.error());
  return http::Redirect(303, "/mock/" + std::to_string(*id));
}

http::Response MockPages::RunPage(const http::Request& req, const practice::MockSession& m, const std::string& notice,
                                  const std::string* guest_state) {
  const int i = m.clock.current;
  const auto& turn = m.run.turns.at(static_cast<std::size_t>(i));
  const practice::MockQuestionFacts& facts = m.facts.at(static_cast<std::size_t>(i));
  const bool thinking = m.clock.phase == practice::MockPhase::kThink;
  const bool last = static_cast<std::size_t>(i) + 1 == m.run.turns.size();
  const std::string base = guest_state ? std::string("/mock/guest") : "/mock/" + std::to_string(m.id);
  const std::string turn_base = guest_state ? base : base + "/questions/" + std::to_string(i);
  mus::data d;
  d.set("id", std::to_string(m.id));
  d.set("index", std::to_string(i));
  d.set("number", std::to_string(i + 1));
  d.set("total", std::to_string(m.run.turns.size()));
  d.set("question",
        facts.question.empty() ? "Question " + turn.question_id + " (no longer published)" : facts.question);
  d.set("kind", KindLabel(facts.kind));
  d.set("thinking", Flag(thinking));
  d.set("think_left", std::to_string(m.clock.think_left));
  d.set("answer_left", std::to_string(m.clock.answer_left));
  d.set("answer_seconds", std::to_string(m.run.answer_seconds));
  d.set("think_text", HumanDuration(m.clock.think_left));
  d.set("answer_text", HumanDuration(m.clock.answer_left));
  d.set("answer_target", HumanDuration(m.run.answer_seconds));
  d.set("deadline", dates::FormatUtc(m.clock.deadline));
  d.set("deadline_text", dates::FormatUtc(m.clock.deadline).substr(11, 8) + " UTC");
  d.set("text", turn.text);
  d.set("last", Flag(last));
  d.set("draft_action", turn_base + "/draft");
  d.set("start_action", turn_base + "/start");
  d.set("next_action", turn_base + "/next");
  d.set("finish_action", base + "/finish");
  d.set("max_chars", std::to_string(practice::kMaxAnswerChars));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  if (guest_state) d.set("state", *guest_state);
  if (!notice.empty()) d.set("notice", notice);
  return gate_.Serve(req, Layout({"Mock interview: question " + std::to_string(i + 1), "A mock interview in progress.",
                                  Render("mock_run", d), "", "", guest_state ? gate_.NavFor(req) : Nav::kSignedIn}));
}

http::Response MockPages::ReportPage(const http::Request& req, const auth::Principal& user,
                                     const practice::MockSession& m) {
  auto report = mocks_.Report(user.user.id, m);
  if (!report) return http::ErrorReply(report.error());
  return ReportView(req, m, *report, &user, nullptr);
}

http::Response MockPages::ReportView(const http::Request& req, const practice::MockSession& m,
                                     const practice::MockReport& r, const auth::Principal* user,
                                     const std::string* guest_state) {
  mus::data questions{mus::data::type::list};
  for (std::size_t i = 0; i < r.questions.size(); ++i) {
    const auto& q = r.questions[i];
    mus::data item;
    item.set("number", std::to_string(i + 1));
    item.set("question_id", q.question_id);
    item.set("question", q.question.empty() ? "Question " + q.question_id + " (no longer published)" : q.question);
    item.set("kind", KindLabel(q.kind));
    item.set("answered", Flag(q.answered));
    item.set("timed_out", Flag(q.timed_out));
    item.set("score", std::to_string(q.score));
    item.set("parts", PartsList(q.parts));
    mus::data highlights{mus::data::type::list};
    for (const auto& h : q.highlights) {
      mus::data s;
      s.set("text", h.text);
      s.set("part", h.part);
      s.set("letter", h.part == "other" ? std::string("·") : std::string(1, static_cast<char>(h.part[0] - 'a' + 'A')));
      s.set("label", PartTitle(h.part));
      highlights.push_back(s);
    }
    item.set("highlights", highlights);
    item.set("think", HumanDuration(q.think_seconds));
    item.set("think_target", HumanDuration(q.think_target));
    item.set("answer_time", HumanDuration(q.answer_seconds));
    item.set("answer_target", HumanDuration(q.answer_target));
    item.set("over_time", Flag(q.answer_seconds > q.answer_target));
    item.set("words", std::to_string(q.words));
    item.set("wpm", std::to_string(q.words_per_minute));
    const long tenths = std::lround(q.fillers_per_minute * 10);
    item.set("fillers", std::to_string(q.fillers));
    item.set("fpm", std::to_string(tenths / 10) + "." + std::to_string(tenths % 10));
    std::vector<std::string> missing;
    for (const auto& p : q.missing) missing.push_back(PartTitle(p));
    if (!missing.empty()) item.set("missing", Join(missing, ", "));
    item.set("suggestion", q.suggestion);
    if (user) {  // every question of a member's mock is a review card: rate it here
      const practice::fsrs::Rating suggested =
          q.answered ? practice::fsrs::RatingForScore(q.score) : practice::fsrs::Rating::kAgain;
      mus::data rate;
      rate.set("suggested", std::string(practice::fsrs::RatingName(suggested)));
      rate.set("ratings", RatingChoices(suggested));
      auto card = store_.GetCard(user->user.id, q.question_id);
      if (card.ok() && card->has_value() && (*card)->reps > 0)
        rate.set("next_due", HumanDate((*card)->due.substr(0, 10)));
      item.set("rate", rate);
    }
    questions.push_back(item);
  }
  mus::data redo{mus::data::type::list};
  for (const auto& id : r.redo) {
    mus::data item;
    item.set("id", id);
    for (const auto& q : r.questions)
      if (q.question_id == id) item.set("question", q.question.empty() ? id : q.question);
    redo.push_back(item);
  }
  mus::data stories{mus::data::type::list};
  for (const auto& c : r.stories_to_write) stories.push_back(mus::data(c));
  mus::data d;
  d.set("id", std::to_string(m.id));
  d.set("overall", std::to_string(r.overall));
  d.set("answered", std::to_string(r.answered));
  d.set("total", std::to_string(r.questions.size()));
  d.set("when", HumanDay(m.created_at));
  d.set("created_at", m.created_at);
  if (!r.strongest_part.empty()) {
    d.set("strongest_part", PartTitle(r.strongest_part));
    d.set("weakest_part", PartTitle(r.weakest_part));
  }
  if (!r.strongest_competency.empty()) {
    d.set("strongest_competency", r.strongest_competency);
    d.set("weakest_competency", r.weakest_competency);
  }
  if (r.change) {
    const int c = *r.change;
    d.set("change", c > 0   ? "up " + std::to_string(c) + " points on your previous mock"
                    : c < 0 ? "down " + std::to_string(-c) + " points on your previous mock"
                            : std::string("the same as your previous mock"));
  }
  d.set("questions", questions);
  d.set("redo", redo);
  d.set("has_redo", Flag(!r.redo.empty()));
  d.set("stories", stories);
  d.set("has_stories", Flag(!r.stories_to_write.empty()));
  d.set("again", m.run.role.empty() ? std::string("/mock") : "/mock?role=" + m.run.role);
  d.set("csrf_slot", std::string(http::kTokenSlot));
  if (guest_state) d.set("state", *guest_state);
  if (auto rated = practice::fsrs::RatingFromName(req.Query("rated").value_or("")); rated.ok())
    d.set("rated", std::string(practice::fsrs::RatingName(*rated)));
  if (req.Query("kept").value_or("") == "1") d.set("kept", Flag(true));
  return gate_.Serve(req, Layout({"Mock interview report", "The report of a finished mock interview.",
                                  Render("mock_report", d), "", "", guest_state ? gate_.NavFor(req) : Nav::kSignedIn}));
}

}  // namespace starprep::web
