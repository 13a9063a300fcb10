// SPDX-License-Identifier: Apache-2.0
#include "api/api.h"

#include <sodium.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "api/json_io.h"
#include "core/assets.h"
#include "core/dates.h"
#include "core/html.h"
#include "feedback/export.h"
#include "feedback/inbox.h"
#include "feedback/votes.h"
#include "http/too_many_requests.h"
#include "jobs/api_json.h"
#include "jobs/filter.h"
#include "jobs/roles.h"

namespace starprep::api {
namespace json = boost::json;
namespace {

template <class T, class Fn>
json::object Paginate(const std::vector<T>& all, const Page& page, Fn to_json) {
  json::array items;
  for (std::size_t i = page.offset; i < all.size() && items.size() < static_cast<std::size_t>(page.limit); ++i)
    items.push_back(to_json(all[i]));
  return {{"items", std::move(items)}, {"total", all.size()}, {"limit", page.limit}, {"offset", page.offset}};
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}

json::object RoleSummaryJson(const store::RoleSummary& r) {
  return {{"slug", r.slug},
          {"title", r.title},
          {"summary", r.summary},
          {"updated", r.updated},
          {"question_count", r.question_count},
          {"url", "/roles/" + r.slug}};
}

json::object QuestionJson(const content::Question& q) {
  return {{"id", q.id},
          {"role", q.role_slug},
          {"position", q.position},
          {"question", q.question},
          {"kind", q.kind},
          {"competencies", Strings(q.competencies)},
          {"updated", q.updated},
          {"why", q.why_md},
          {"dos", Strings(q.dos)},
          {"donts", Strings(q.donts)},
          {"answer",
           {{"situation", q.answer.situation},
            {"task", q.answer.task},
            {"action", q.answer.action},
            {"result", q.answer.result}}},
          {"url", "/questions/" + q.id}};
}

json::object SummaryJson(const std::string& id, const store::FeedbackSummary& s) {
  return {{"question_id", id}, {"helpful", s.helpful}, {"not_helpful", s.not_helpful}, {"comments", s.comments}};
}

}  // namespace

void Api::Register(http::Router& router) {
  router.Get("/api/v1/roles", [this](http::Request& r) { return ListRoles(r); });
  router.Get("/api/v1/roles/{slug}", [this](http::Request& r) { return GetRole(r); });
  router.Get("/api/v1/roles/{slug}/questions", [this](http::Request& r) { return ListRoleQuestions(r); });
  router.Get("/api/v1/roles/{slug}/feedback", [this](http::Request& r) { return GetRoleFeedback(r); });
  router.Get("/api/v1/questions/{id}", [this](http::Request& r) { return GetQuestion(r); });
  router.Get("/api/v1/questions/{id}/feedback", [this](http::Request& r) { return GetFeedback(r); });
  router.Post("/api/v1/questions/{id}/feedback", [this](http::Request& r) { return PostFeedback(r); });
  router.Get("/api/v1/csrf-token", [this](http::Request& r) { return CsrfToken(r); });
  router.Post("/api/v1/coach", [this](http::Request& r) { return Coach(r); });
  router.Get("/api/v1/jobs", [this](http::Request& r) { return ListJobs(r); });
  router.Post("/api/v1/jobs", [this](http::Request& r) { return CreateJob(r); });
  router.Get("/api/v1/jobs/{id}", [this](http::Request& r) { return GetJob(r); });
  router.Add(http::Method::kPut, "/api/v1/jobs/{id}", [this](http::Request& r) { return UpdateJob(r); });
  router.Add(http::Method::kDelete, "/api/v1/jobs/{id}", [this](http::Request& r) { return DeleteJob(r); });
  router.Get("/api/v1/editor/feedback", [this](http::Request& r) { return EditorFeedback(r); });
  router.Get("/api/v1/search", [this](http::Request& r) { return Search(r); });
  router.Get("/api/v1/search/suggest", [this](http::Request& r) { return Suggest(r); });
  router.Get("/api/v1/openapi.json", [](http::Request&) {
    auto doc = assets::Find("docs/openapi.json");
    http::Response r = http::JsonResponse(200, std::string(doc.value_or("{}")));
    r.SetHeader("Cache-Control", "public, max-age=300");
    return r;
  });
}

http::Response Api::ListRoles(http::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return http::ErrorReply(page.error());
  auto roles = store_.ListRoles();
  if (!roles.ok()) return http::ErrorReply(roles.error());
  return Json(200, Paginate(*roles, *page, RoleSummaryJson));
}

http::Response Api::GetRole(http::Request& req) {
  auto role = store_.GetRole(req.params["slug"]);
  if (!role.ok()) return http::ErrorReply(role.error());
  if (!role->has_value()) return NotFound("There is no role \"" + req.params["slug"] + "\".");
  const auto& r = **role;
  json::array questions;
  for (const auto& q : r.questions)
    questions.push_back({{"id", q.id},
                         {"position", q.position},
                         {"question", q.question},
                         {"kind", q.kind},
                         {"url", "/questions/" + q.id}});
  return Json(200, json::object{{"slug", r.slug},
                                {"title", r.title},
                                {"summary", r.summary},
                                {"updated", r.updated},
                                {"skills", Strings(r.skills)},
                                {"intro", r.intro_md},
                                {"question_count", r.questions.size()},
                                {"questions", std::move(questions)},
                                {"url", "/roles/" + r.slug}});
}

http::Response Api::ListRoleQuestions(http::Request& req) {
  auto page = ParsePage(req);
  if (!page.ok()) return http::ErrorReply(page.error());
  auto role = store_.GetRole(req.params["slug"]);
  if (!role.ok()) return http::ErrorReply(role.error());
  if (!role->has_value()) return NotFound("There is no role \"" + req.params["slug"] + "\".");
  return Json(200, Paginate((*role)->questions, *page, QuestionJson));
}

http::Response Api::GetRoleFeedback(http::Request& req) {
  const std::string& slug = req.params["slug"];
  auto role = store_.GetRole(slug);
  if (!role.ok()) return http::ErrorReply(role.error());
  if (!role->has_value()) return NotFound("There is no role \"" + slug + "\".");
  auto counts = store_.GetRoleFeedback(slug);
  if (!counts.ok()) return http::ErrorReply(counts.error());
  std::string visitor = http::Csrf::VisitorOf(req);
  std::map<std::string, store::Vote> mine;
  if (!visitor.empty()) {
    auto votes = store_.GetVoterVotes(slug, visitor);
    if (!votes.ok()) return http::ErrorReply(votes.error());
    mine = std::move(*votes);
  }
  json::array items;
  for (const auto& q : (*role)->questions) {
    auto c = counts->find(q.id);
    json::object o = SummaryJson(q.id, c == counts->end() ? store::FeedbackSummary{} : c->second);
    auto m = mine.find(q.id);
    o["your_vote"] = m == mine.end() ? json::value(nullptr) : json::value(m->second.helpful ? "yes" : "no");
    items.push_back(std::move(o));
  }
  return Json(200, json::object{{"role", slug}, {"items", std::move(items)}});
}

http::Response Api::GetQuestion(http::Request& req) {
  auto q = store_.GetQuestion(req.params["id"]);
  if (!q.ok()) return http::ErrorReply(q.error());
  if (!q->has_value()) return NotFound("There is no question \"" + req.params["id"] + "\".");
  return Json(200, QuestionJson(**q));
}

http::Response Api::GetFeedback(http::Request& req) {
  const std::string& id = req.params["id"];
  auto q = store_.GetQuestion(id);
  if (!q.ok()) return http::ErrorReply(q.error());
  if (!q->has_value()) return NotFound("There is no question \"" + id + "\".");
  auto s = store_.GetFeedbackSummary(id);
  if (!s.ok()) return http::ErrorReply(s.error());
  return Json(200, SummaryJson(id, *s));
}

http::Response Api::PostFeedback(http::Request& req) {
  const std::string& id = req.params["id"];
  std::string visitor = http::Csrf::VisitorOf(req);
  if (visitor.empty() || !csrf_.VerifyRequest(req, req.Header("x-csrf-token"))) {
    return http::ErrorReply(403, http::codes::kCsrf,
                            "Missing or invalid CSRF token: send the sp_vid cookie and its token in X-CSRF-Token "
                            "(GET /api/v1/csrf-token returns both).");
  }
  json::value body;
  if (auto bad = ReadJsonBody(req, "the feedback", body)) return *bad;
  if (!body.is_object())
    return http::ErrorReply(400, http::codes::kInvalidJson, "The request body must be a JSON object.");
  const auto& obj = body.as_object();
  for (const auto& [key, value] : obj) {
    if (key != "helpful" && key != "comment")
      return http::ErrorReply(400, http::codes::kInvalidField,
                              "Unknown field \"" + std::string(key) + "\"; expected helpful and comment.");
  }
  const json::value* helpful = obj.if_contains("helpful");
  if (!helpful || !helpful->is_bool())
    return http::ErrorReply(400, http::codes::kInvalidField,
                            "Field \"helpful\" is required and must be true or false.");
  feedback::VoteRequest request{id, visitor, 0, helpful->as_bool(), ""};
  if (const json::value* c = obj.if_contains("comment"); c && !c->is_null()) {
    if (!c->is_string())
      return http::ErrorReply(400, http::codes::kInvalidField, "Field \"comment\" must be a string.");
    request.comment = std::string(c->as_string());
  }
  if (auto who = accounts_.Identify("", csrf_.SessionOf(req)); who.ok() && *who) request.user_id = (*who)->user.id;
  auto vote = feedback::Submit(store_, request);
  if (!vote.ok()) return http::ErrorReply(vote.error());
  for (const auto& path : vote->invalidate) cache_.Invalidate(path);
  auto s = store_.GetFeedbackSummary(id);
  if (!s.ok()) return http::ErrorReply(s.error());
  json::object out = SummaryJson(id, *s);
  out["your_vote"] = vote->vote.helpful ? "yes" : "no";
  return Json(200, out);
}

http::Response Api::CsrfToken(http::Request& req) {
  http::Response cookie;
  std::string visitor = csrf_.EnsureVisitor(req, cookie);
  http::Response r = Json(200, json::object{{"csrf_token", csrf_.TokenFor(visitor, csrf_.SessionOf(req))}});
  for (auto& h : cookie.headers) r.AddHeader(h.first, h.second);
  return r;
}

http::Response Api::Coach(http::Request& req) {
  if (const int wait = coach_limiter_.Acquire(req.remote_addr))
    return http::TooManyRequests(wait, "Too many answers checked from your address in a short time; wait " +
                                           std::to_string(wait) + " s and try again.");
  json::value body;
  if (auto bad = ReadJsonBody(req, "the answer", body)) return *bad;
  if (!body.is_object())
    return http::ErrorReply(400, http::codes::kInvalidJson, "The request body must be a JSON object.");
  std::string fields[3];  // answer, question_id, role
  static constexpr std::string_view kNames[3] = {"answer", "question_id", "role"};
  for (const auto& [key, value] : body.as_object()) {
    const auto* name = std::find(std::begin(kNames), std::end(kNames), std::string_view(key));
    if (name == std::end(kNames))
      return http::ErrorReply(400, http::codes::kInvalidField,
                              "Unknown field \"" + std::string(key) + "\"; expected answer, question_id and role.");
    if (value.is_null() && name != std::begin(kNames)) continue;
    if (!value.is_string())
      return http::ErrorReply(400, http::codes::kInvalidField, "Field \"" + std::string(key) + "\" must be a string.");
    fields[name - std::begin(kNames)] = std::string(value.as_string());
  }
  if (!body.as_object().contains("answer"))
    return http::ErrorReply(400, http::codes::kInvalidField, "Field \"answer\" is required: the text of your answer.");
  auto report = coaching_.Analyze(fields[0], fields[1], fields[2]);
  if (!report.ok()) return http::ErrorReply(report.error());
  http::Response r = http::JsonResponse(200, coach::ToJson(fields[0], *report));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

namespace {

std::string RandomId() {
  unsigned char raw[12];
  randombytes_buf(raw, sizeof raw);
  char hex[25];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

}  // namespace

std::optional<http::Response> Api::RequireEditor(const http::Request& req, auth::Operation op) {
  auto is_editor = [](const auth::Principal& p) { return auth::Accounts::IsEditorRole(p.user.role); };
  switch (editor_tokens_.Check(req.Header("authorization"))) {
    case auth::Access::kEditor:
    case auth::Access::kAdmin:
      return std::nullopt;
    case auth::Access::kMissing: {
      if (op == auth::Operation::kRead) {  // an editor's browser (reads change nothing: no CSRF needed)
        auto who = accounts_.Identify("", csrf_.SessionOf(req));
        if (!who.ok()) return http::ErrorReply(who.error());
        if (*who && is_editor(**who)) return std::nullopt;
      }
      http::Response r = http::ErrorReply(401, http::codes::kUnauthenticated,
                                          "This needs an editor token: send Authorization: Bearer <token>.");
      r.SetHeader("WWW-Authenticate", "Bearer realm=\"starprep\"");
      return r;
    }
    case auth::Access::kInvalid:
      break;
  }
  // A "write" API token of an account with the editor or admin role also may write.
  auto who = accounts_.Identify(req.Header("authorization"), "");
  if (!who.ok()) return http::ErrorReply(who.error());
  if (*who && is_editor(**who)) {
    if (auto allowed = auth::Permit(**who, op); !allowed) return http::ErrorReply(allowed.error());
    return std::nullopt;
  }
  return http::ErrorReply(403, http::codes::kForbidden, "The bearer token is not an editor or admin token.");
}

http::Response Api::EditorFeedback(http::Request& req) {
  if (auto denied = RequireEditor(req, auth::Operation::kRead)) return *denied;
  auto data = feedback::CollectExport(store_);
  if (!data.ok()) return http::ErrorReply(data.error());
  http::Response r = Json(200, feedback::ToJson(*data, origin_.For(req)));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response Api::ListJobs(http::Request& req) {
  auto filter = jobs::ParseJobFilter([&req](const char* name) { return req.Query(name); });
  if (!filter.ok()) return http::ErrorReply(filter.error());
  const std::string now = dates::NowUtc();
  auto list = store_.ListJobs(*filter, now);
  if (!list.ok()) return http::ErrorReply(list.error());
  json::array items;
  for (const auto& j : list->items) items.push_back(jobs::ToApiJson(j, now));
  // Keyset pagination: the next page starts after this page's last job, however deep it is.
  json::value next = nullptr;
  if (list->more && !list->items.empty())
    next = json::string(jobs::EncodeJobCursor(jobs::CursorAfter(*filter, list->items.back())));
  return Json(200, json::object{{"items", std::move(items)},
                                {"total", list->total},
                                {"limit", filter->limit},
                                {"offset", filter->offset},
                                {"next_cursor", std::move(next)}});
}

http::Response Api::GetJob(http::Request& req) {
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no job \"" + req.params["id"] + "\".");
  auto job = store_.GetJob(*id);
  if (!job.ok()) return http::ErrorReply(job.error());
  if (!job->has_value()) return NotFound("There is no job \"" + req.params["id"] + "\".");
  const std::string now = dates::NowUtc();
  if (jobs::IsExpired(**job, now))
    return http::ErrorReply(410, http::codes::kGone,
                            "Job " + req.params["id"] + " is closed: it stopped taking applications on " +
                                (*job)->valid_through.substr(0, 10) + ".");
  return Json(200, jobs::ToApiJson(**job, now));
}

http::Response Api::CreateJob(http::Request& req) {
  if (auto denied = RequireEditor(req)) return *denied;
  json::value body;
  if (auto bad = ReadJsonBody(req, "the job", body)) return *bad;
  auto roles = store::LiveRoleInfos(store_);
  if (!roles.ok()) return http::ErrorReply(roles.error());
  auto job = jobs::FromApiJson(body, *roles, RandomId());
  if (!job.ok()) return http::ErrorReply(job.error());
  auto created = store_.CreateJob(*job);
  if (!created.ok()) return http::ErrorReply(created.error());
  cache_.Clear();
  http::Response r = Json(201, jobs::ToApiJson(*created, dates::NowUtc()));
  r.SetHeader("Location", "/api/v1/jobs/" + std::to_string(created->id));
  return r;
}

http::Response Api::UpdateJob(http::Request& req) {
  if (auto denied = RequireEditor(req)) return *denied;
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no job \"" + req.params["id"] + "\".");
  json::value body;
  if (auto bad = ReadJsonBody(req, "the job", body)) return *bad;
  auto current = store_.GetJob(*id);
  if (!current.ok()) return http::ErrorReply(current.error());
  if (!current->has_value()) return NotFound("There is no job \"" + req.params["id"] + "\".");
  auto roles = store::LiveRoleInfos(store_);
  if (!roles.ok()) return http::ErrorReply(roles.error());
  // Without source/source_id in the body the job keeps its own.
  auto job = jobs::FromApiJson(body, *roles, (*current)->source_id);
  if (!job.ok()) return http::ErrorReply(job.error());
  if (body.is_object() && !body.as_object().contains("source")) job->source = (*current)->source;
  auto updated = store_.UpdateJob(*id, *job);
  if (!updated.ok()) return http::ErrorReply(updated.error());
  cache_.Clear();
  return Json(200, jobs::ToApiJson(*updated, dates::NowUtc()));
}

http::Response Api::DeleteJob(http::Request& req) {
  if (auto denied = RequireEditor(req)) return *denied;
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no job \"" + req.params["id"] + "\".");
  auto deleted = store_.DeleteJob(*id);
  if (!deleted.ok()) return http::ErrorReply(deleted.error());
  cache_.Clear();
  return NoContent();
}

}  // namespace starprep::api
