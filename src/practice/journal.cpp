// SPDX-License-Identifier: Apache-2.0
#include "practice/journal.h"

#include <algorithm>
#include <cmath>

#include "core/html.h"
#include "core/strings.h"
#include "practice/reviews.h"
#include "practice/sealed_json.h"

namespace starprep::practice {
namespace json = boost::json;
namespace {

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

Status CheckText(const std::string& text, std::string_view what, std::size_t max_chars, bool required) {
  if (!html::IsValidUtf8(text)) return Invalid(std::string(what) + " is not valid UTF-8 text.");
  if (required && text.empty()) return Invalid(std::string(what) + " is empty.");
  if (const std::size_t n = html::CodePoints(text); n > max_chars)
    return Error{ErrorCode::kTooLarge, std::string(what) + " has " + std::to_string(n) + " characters; the most is " +
                                           std::to_string(max_chars) + "."};
  return {};
}

std::array<int, 4> PartStrengths(const coach::Report& report) {
  std::array<int, 4> parts{};
  for (std::size_t i = 0; i < parts.size(); ++i)
    parts[i] = static_cast<int>(std::lround(std::clamp(report.components[i].strength, 0.0f, 1.0f) * 100));
  return parts;
}

json::object PartsObject(const std::array<int, 4>& p) {
  return {{"situation", p[0]}, {"task", p[1]}, {"action", p[2]}, {"result", p[3]}};
}

}  // namespace

Result<Attempt> Journal::SaveAttempt(std::int64_t user_id, const std::string& question_id, std::string_view answer,
                                     int seconds, const std::string& now_utc) {
  if (seconds < 0 || seconds > kMaxAttemptSeconds)
    return Invalid("\"seconds\" must be from 0 to " + std::to_string(kMaxAttemptSeconds) + ".");
  auto report = coaching_.Analyze(answer, question_id, "");
  if (!report) return report.error();
  Attempt a;
  a.question_id = question_id;
  a.answer = std::string(answer);
  a.coach_json = coach::ToJson(answer, *report);
  a.score = report->score;
  a.parts = PartStrengths(*report);
  a.seconds = seconds;
  a.words = report->metrics.words;
  a.created_at = now_utc;
  json::object payload{{"answer", a.answer}, {"coach", json::parse(a.coach_json)}};
  store::AttemptRecord record{
      0,           user_id, question_id, SealJson(keyring_, store::SealedKind::kAttempt, user_id, payload),
      a.score,     a.parts, a.seconds,   a.words,
      a.created_at};
  auto id = store_.CreateAttempt(record);
  if (!id) return id.error();
  a.id = *id;
  MakeCards(store_, user_id, {question_id}, now_utc);
  return a;
}

Result<store::AttemptList> Journal::ListAttempts(std::int64_t user_id, const std::string& question_id, int limit,
                                                 int offset) {
  return store_.ListAttempts(user_id, question_id, limit, offset);
}

Result<std::optional<Attempt>> Journal::GetAttempt(std::int64_t user_id, std::int64_t id) {
  auto record = store_.GetAttempt(user_id, id);
  if (!record) return record.error();
  if (!*record) return std::optional<Attempt>();
  auto attempt = OpenAttempt(**record);
  if (!attempt) return attempt.error();
  return std::optional<Attempt>(std::move(*attempt));
}

Result<Attempt> Journal::OpenAttempt(const store::AttemptRecord& r) {
  auto o = OpenJson(keyring_, store::SealedKind::kAttempt, r.user_id, r.sealed, "attempt " + std::to_string(r.id));
  if (!o) return o.error();
  Attempt a{r.id, r.question_id, StringMember(*o, "answer"), "", r.score, r.parts, r.seconds, r.words, r.created_at};
  if (auto it = o->find("coach"); it != o->end()) a.coach_json = json::serialize(it->value());
  return a;
}

Status Journal::DeleteAttempt(std::int64_t user_id, std::int64_t id) {
  return store_.DeleteAttempt(user_id, id);
}

std::string Journal::StoryText(const StoryFields& f) {
  std::string text;
  for (const std::string* part : {&f.situation, &f.task, &f.action, &f.result}) {
    if (part->empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += *part;
  }
  return text;
}

Result<coach::Report> Journal::CoachStory(const StoryFields& fields) {
  return coaching_.Analyze(StoryText(fields), "", "");
}

Result<StoryFields> Journal::CleanStory(StoryFields f) {
  f.title = TrimSpace(f.title);
  if (auto s = CheckText(f.title, "The title", kMaxStoryTitleChars, true); !s) return s.error();
  const char* names[] = {"The situation", "The task", "The action", "The result"};
  std::string* parts[] = {&f.situation, &f.task, &f.action, &f.result};
  bool any = false;
  for (int i = 0; i < 4; ++i) {
    *parts[i] = TrimSpace(*parts[i]);
    if (auto s = CheckText(*parts[i], names[i], kMaxStoryPartChars, false); !s) return s.error();
    any |= !parts[i]->empty();
  }
  if (!any) return Invalid("Write at least one of the situation, task, action and result.");
  std::vector<std::string> competencies;
  for (auto& c : f.competencies) {
    std::string t = TrimSpace(c);
    if (t.empty()) continue;
    if (auto s = CheckText(t, "A competency", 60, true); !s) return s.error();
    if (std::find(competencies.begin(), competencies.end(), t) == competencies.end()) competencies.push_back(t);
  }
  if (competencies.size() > kMaxStoryCompetencies)
    return Invalid("Tag a story with at most " + std::to_string(kMaxStoryCompetencies) + " competencies.");
  f.competencies = std::move(competencies);
  std::vector<std::string> ids;
  for (auto& q : f.question_ids) {
    std::string t = TrimSpace(q);
    if (!t.empty() && std::find(ids.begin(), ids.end(), t) == ids.end()) ids.push_back(t);
  }
  if (ids.size() > kMaxStoryQuestions)
    return Invalid("Link a story to at most " + std::to_string(kMaxStoryQuestions) + " questions.");
  f.question_ids = std::move(ids);
  return f;
}

Result<Story> Journal::CreateStory(std::int64_t user_id, StoryFields fields, const std::string& now_utc) {
  auto clean = CleanStory(std::move(fields));
  if (!clean) return clean.error();
  auto report = CoachStory(*clean);
  if (!report) return report.error();
  store::StoryRecord record{
      0,       user_id, SealStory(user_id, *clean), clean->competencies, clean->question_ids, report->score,
      now_utc, now_utc};
  auto id = store_.CreateStory(record, kMaxStoriesPerUser);
  if (!id && id.error().code == ErrorCode::kConflict)
    return Invalid("You have " + std::to_string(kMaxStoriesPerUser) +
                   " stories, the most a bank holds; delete one first.");
  if (!id) return id.error();
  MakeCards(store_, user_id, clean->question_ids, now_utc);
  return Story{*id, std::move(*clean), report->score, now_utc, now_utc};
}

Result<Story> Journal::UpdateStory(std::int64_t user_id, std::int64_t id, StoryFields fields,
                                   const std::string& now_utc) {
  auto old = store_.GetStory(user_id, id);
  if (!old) return old.error();
  if (!*old) return Error{ErrorCode::kNotFound, "There is no story " + std::to_string(id) + "."};
  auto clean = CleanStory(std::move(fields));
  if (!clean) return clean.error();
  auto report = CoachStory(*clean);
  if (!report) return report.error();
  store::StoryRecord record{id,
                            user_id,
                            SealStory(user_id, *clean),
                            clean->competencies,
                            clean->question_ids,
                            report->score,
                            (*old)->created_at,
                            now_utc};
  if (auto s = store_.UpdateStory(record); !s) return s.error();
  MakeCards(store_, user_id, clean->question_ids, now_utc);
  return Story{id, std::move(*clean), report->score, (*old)->created_at, now_utc};
}

store::Sealed Journal::SealStory(std::int64_t user_id, const StoryFields& f) const {
  json::object payload{
      {"title", f.title}, {"situation", f.situation}, {"task", f.task}, {"action", f.action}, {"result", f.result}};
  return SealJson(keyring_, store::SealedKind::kStory, user_id, payload);
}

Result<Story> Journal::OpenStory(const store::StoryRecord& r) {
  auto o = OpenJson(keyring_, store::SealedKind::kStory, r.user_id, r.sealed, "story " + std::to_string(r.id));
  if (!o) return o.error();
  StoryFields f{StringMember(*o, "title"),
                StringMember(*o, "situation"),
                StringMember(*o, "task"),
                StringMember(*o, "action"),
                StringMember(*o, "result"),
                r.competencies,
                r.question_ids};
  return Story{r.id, std::move(f), r.score, r.created_at, r.updated_at};
}

Result<std::optional<Story>> Journal::GetStory(std::int64_t user_id, std::int64_t id) {
  auto record = store_.GetStory(user_id, id);
  if (!record) return record.error();
  if (!*record) return std::optional<Story>();
  auto story = OpenStory(**record);
  if (!story) return story.error();
  return std::optional<Story>(std::move(*story));
}

Result<std::vector<Story>> Journal::ListStories(std::int64_t user_id) {
  auto records = store_.ListStories(user_id);
  if (!records) return records.error();
  std::vector<Story> out;
  for (const auto& r : *records) {
    auto story = OpenStory(r);
    if (!story) return story.error();
    out.push_back(std::move(*story));
  }
  return out;
}

Status Journal::DeleteStory(std::int64_t user_id, std::int64_t id) {
  return store_.DeleteStory(user_id, id);
}

Result<json::object> ExportUserData(store::Store& store, Journal& journal, Corrections& corrections, Mocks& mocks,
                                    const store::User& user, const std::string& now_utc) {
  json::object out;
  out["format"] = "starprep-export-1";
  out["exported_at"] = now_utc;
  out["account"] = {{"id", user.id},
                    {"email", user.email},
                    {"display_name", user.display_name},
                    {"role", user.role},
                    {"created_at", user.created_at}};
  auto sessions = store.CountUserSessions(user.id);
  if (!sessions) return sessions.error();
  out["active_sessions"] = *sessions;
  auto targets = store.ListTargetRoles(user.id);
  if (!targets) return targets.error();
  json::array target_list;
  for (const auto& slug : *targets) target_list.emplace_back(slug);
  out["target_roles"] = std::move(target_list);
  auto tokens = store.ListApiTokens(user.id);
  if (!tokens) return tokens.error();
  json::array token_list;
  for (const auto& t : *tokens)
    token_list.push_back({{"id", t.id},
                          {"name", t.name},
                          {"scope", t.scope},
                          {"created_at", t.created_at},
                          {"last_used_at", t.last_used_at}});
  out["api_tokens"] = std::move(token_list);
  json::array attempts;
  for (int offset = 0;;) {
    auto page = journal.ListAttempts(user.id, "", 100, offset);
    if (!page) return page.error();
    for (const auto& record : page->items) {
      auto a = journal.OpenAttempt(record);
      if (!a) return a.error();
      attempts.push_back(AttemptJson(*a));
    }
    offset += static_cast<int>(page->items.size());
    if (page->items.empty() || offset >= page->total) break;
  }
  out["attempts"] = std::move(attempts);
  auto stories = journal.ListStories(user.id);
  if (!stories) return stories.error();
  json::array story_list;
  for (const auto& s : *stories) story_list.push_back(StoryJson(s));
  out["stories"] = std::move(story_list);
  auto votes = store.ListUserVotes(user.id);
  if (!votes) return votes.error();
  json::array vote_list;
  for (const auto& v : *votes)
    vote_list.push_back({{"question_id", v.question_id}, {"helpful", v.helpful}, {"comment", v.comment}});
  out["votes"] = std::move(vote_list);
  json::array correction_list;
  for (int offset = 0;;) {
    auto page = corrections.List(user.id, 100, offset);
    if (!page) return page.error();
    for (const auto& c : page->items) correction_list.push_back(CorrectionJson(c));
    offset += static_cast<int>(page->items.size());
    if (page->items.empty() || offset >= page->total) break;
  }
  out["corrections"] = std::move(correction_list);
  auto reviews = ExportReviews(store, user.id);
  if (!reviews) return reviews.error();
  out["reviews"] = std::move(*reviews);
  json::array mock_list;
  for (int offset = 0;;) {
    auto page = mocks.List(user.id, 100, offset);
    if (!page) return page.error();
    for (const auto& record : page->items) {
      auto run = mocks.OpenRun(record);
      if (!run) return run.error();
      mock_list.push_back(MockExportJson(record, *run));
    }
    offset += static_cast<int>(page->items.size());
    if (page->items.empty() || offset >= page->total) break;
  }
  out["mocks"] = std::move(mock_list);
  return out;
}

json::object AttemptSummaryJson(const store::AttemptRecord& a) {
  return {{"id", a.id},
          {"question_id", a.question_id},
          {"score", a.score},
          {"parts", PartsObject(a.parts)},
          {"seconds", a.seconds},
          {"words", a.words},
          {"created_at", a.created_at}};
}

json::object AttemptJson(const Attempt& a) {
  json::object o{{"id", a.id},       {"question_id", a.question_id},  {"answer", a.answer},
                 {"score", a.score}, {"parts", PartsObject(a.parts)}, {"seconds", a.seconds},
                 {"words", a.words}, {"created_at", a.created_at}};
  json::error_code ec;
  json::value coach = json::parse(a.coach_json, ec);
  o["coach"] = ec ? json::value(nullptr) : std::move(coach);
  return o;
}

json::object StoryJson(const Story& s) {
  json::array competencies, questions;
  for (const auto& c : s.fields.competencies) competencies.push_back(json::string(c));
  for (const auto& q : s.fields.question_ids) questions.push_back(json::string(q));
  return {{"id", s.id},
          {"title", s.fields.title},
          {"situation", s.fields.situation},
          {"task", s.fields.task},
          {"action", s.fields.action},
          {"result", s.fields.result},
          {"competencies", std::move(competencies)},
          {"question_ids", std::move(questions)},
          {"score", s.score},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

}  // namespace starprep::practice
