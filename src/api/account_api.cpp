// SPDX-License-Identifier: Apache-2.0
#include "api/account_api.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "api/json_io.h"
#include "coach/features.h"
#include "core/dates.h"
#include "practice/target_roles.h"

namespace starprep::api {
namespace json = boost::json;
namespace {

Result<practice::StoryFields> StoryFromJson(const json::object& o) {
  practice::StoryFields f;
  std::pair<const char*, std::string*> texts[] = {{"title", &f.title},
                                                  {"situation", &f.situation},
                                                  {"task", &f.task},
                                                  {"action", &f.action},
                                                  {"result", &f.result}};
  for (auto& [key, out] : texts) {
    auto v = StringField(o, key, std::string_view(key) == "title");
    if (!v) return v.error();
    *out = std::move(*v);
  }
  auto competencies = StringListField(o, "competencies");
  if (!competencies) return competencies.error();
  f.competencies = std::move(*competencies);
  auto questions = StringListField(o, "question_ids");
  if (!questions) return questions.error();
  f.question_ids = std::move(*questions);
  return f;
}

json::object TargetRolesJson(const std::vector<std::string>& roles) {
  json::array list;
  for (const auto& slug : roles) list.emplace_back(slug);
  return {{"roles", std::move(list)}, {"max_roles", practice::kMaxTargetRoles}};
}

}  // namespace

json::object UserJson(const store::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"display_name", u.display_name},
          {"role", u.role},
          {"created_at", u.created_at}};
}

void AccountApi::Register(http::Router& router) {
  auto bind = [this](http::Response (AccountApi::*fn)(http::Request&)) { return http::Bind(this, fn); };
  router.Post("/api/v1/auth/signup", bind(&AccountApi::SignUp), http::Runs::kBlocking);  // argon2id
  router.Post("/api/v1/auth/signin", bind(&AccountApi::SignIn), http::Runs::kBlocking);
  router.Post("/api/v1/auth/signout", bind(&AccountApi::SignOut));
  router.Post("/api/v1/auth/signout-everywhere", bind(&AccountApi::SignOutEverywhere));
  router.Post("/api/v1/auth/password", bind(&AccountApi::ChangePassword), http::Runs::kBlocking);
  router.Get("/api/v1/me", bind(&AccountApi::Me));
  router.Add(http::Method::kDelete, "/api/v1/me", bind(&AccountApi::DeleteMe), http::Runs::kBlocking);
  router.Get("/api/v1/me/export", bind(&AccountApi::Export));
  router.Get("/api/v1/me/tokens", bind(&AccountApi::ListTokens));
  router.Post("/api/v1/me/tokens", bind(&AccountApi::CreateToken));
  router.Add(http::Method::kDelete, "/api/v1/me/tokens/{id}", bind(&AccountApi::DeleteToken));
  router.Get("/api/v1/me/attempts", bind(&AccountApi::ListAttempts));
  router.Post("/api/v1/me/attempts", bind(&AccountApi::CreateAttempt));
  router.Get("/api/v1/me/attempts/{id}", bind(&AccountApi::GetAttempt));
  router.Add(http::Method::kDelete, "/api/v1/me/attempts/{id}", bind(&AccountApi::DeleteAttempt));
  router.Get("/api/v1/me/stories", bind(&AccountApi::ListStories));
  router.Post("/api/v1/me/stories", bind(&AccountApi::CreateStory));
  router.Get("/api/v1/me/stories/{id}", bind(&AccountApi::GetStory));
  router.Add(http::Method::kPut, "/api/v1/me/stories/{id}", bind(&AccountApi::UpdateStory));
  router.Add(http::Method::kDelete, "/api/v1/me/stories/{id}", bind(&AccountApi::DeleteStory));
  router.Get("/api/v1/coach/corrections", bind(&AccountApi::ListCorrections));
  router.Get("/api/v1/me/target-roles", bind(&AccountApi::GetTargetRoles));
  router.Add(http::Method::kPut, "/api/v1/me/target-roles", bind(&AccountApi::PutTargetRoles));
  router.Post("/api/v1/coach/corrections", bind(&AccountApi::CreateCorrection));
  RegisterReviews(router);
  RegisterMocks(router);
}

Result<auth::Principal> AccountApi::Authorize(const http::Request& req, auth::Operation op) const {
  const std::string session = csrf_.SessionOf(req);
  auto who = accounts_.Identify(req.Header("authorization"), session);
  if (!who) return who.error();
  if (!*who)
    return Error{ErrorCode::kUnauthenticated,
                 "Sign in first (POST /api/v1/auth/signin), or send an API token as Authorization: Bearer."};
  if (auto allowed = auth::Permit(**who, op); !allowed) return allowed.error();
  if (op != auth::Operation::kRead && !(*who)->via_api_token() && !csrf_.VerifyRequest(req, req.Header("x-csrf-token")))
    return Error{ErrorCode::kPermissionDenied,
                 "Missing or wrong X-CSRF-Token header: send the csrf_token you got at sign-in."};
  return std::move(**who);
}

http::Response AccountApi::SessionReply(int status, const http::Request& req, const auth::NewSession& session) const {
  http::Response r;
  const std::string visitor = csrf_.EnsureVisitor(req, r);
  r.AddHeader("Set-Cookie", csrf_.SessionCookie(session.token, session.max_age_seconds));
  http::Response body = Json(
      status, json::object{{"user", UserJson(session.user)}, {"csrf_token", csrf_.TokenFor(visitor, session.token)}});
  for (auto& h : r.headers) body.AddHeader(h.first, h.second);
  return body;
}

http::Response AccountApi::SignUp(http::Request& req) {
  json::value body;
  if (auto bad = ReadJsonObject(req, "the email and password", body)) return *bad;
  const auto& o = body.as_object();
  auto email = StringField(o, "email", true);
  auto password = StringField(o, "password", true);
  auto name = StringField(o, "display_name", false);
  for (const auto* f : {&email, &password, &name})
    if (!*f) return http::ErrorReply(f->error());
  auto session = accounts_.SignUp(*email, *password, *name, req.remote_addr);
  if (!session) return http::ErrorReply(session.error());
  return SessionReply(201, req, *session);
}

http::Response AccountApi::SignIn(http::Request& req) {
  json::value body;
  if (auto bad = ReadJsonObject(req, "the email and password", body)) return *bad;
  const auto& o = body.as_object();
  auto email = StringField(o, "email", true);
  auto password = StringField(o, "password", true);
  if (!email) return http::ErrorReply(email.error());
  if (!password) return http::ErrorReply(password.error());
  auto session = accounts_.SignIn(*email, *password, req.remote_addr);
  if (!session) return http::ErrorReply(session.error());
  // A session cookie the browser already held is ended: sign-in always starts a new session.
  if (auto old = csrf_.SessionOf(req); !old.empty()) (void)accounts_.SignOut(old);
  return SessionReply(200, req, *session);
}

http::Response AccountApi::SignOut(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kManageAccount);
  if (!who) return http::ErrorReply(who.error());
  if (!who->via_api_token())
    if (auto s = accounts_.SignOut(csrf_.SessionOf(req)); !s) return http::ErrorReply(s.error());
  http::Response r = NoContent();
  r.AddHeader("Set-Cookie", csrf_.ClearSessionCookie());
  return r;
}

http::Response AccountApi::SignOutEverywhere(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kManageAccount);
  if (!who) return http::ErrorReply(who.error());
  auto n = accounts_.SignOutEverywhere(who->user.id);
  if (!n) return http::ErrorReply(n.error());
  http::Response r = Json(200, json::object{{"sessions_ended", *n}});
  r.AddHeader("Set-Cookie", csrf_.ClearSessionCookie());
  return r;
}

http::Response AccountApi::ChangePassword(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kManageAccount);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the current and new passwords", body)) return *bad;
  auto current = StringField(body.as_object(), "current_password", true);
  auto next = StringField(body.as_object(), "new_password", true);
  if (!current) return http::ErrorReply(current.error());
  if (!next) return http::ErrorReply(next.error());
  auto session = accounts_.ChangePassword(who->user, *current, *next, req.remote_addr);
  if (!session) return http::ErrorReply(session.error());
  return SessionReply(200, req, *session);
}

http::Response AccountApi::Me(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  return Json(200, UserJson(who->user));
}

http::Response AccountApi::DeleteMe(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kManageAccount);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "your password (to confirm)", body)) return *bad;
  auto password = StringField(body.as_object(), "password", true);
  if (!password) return http::ErrorReply(password.error());
  if (auto s = accounts_.DeleteAccount(who->user, *password, req.remote_addr); !s) return http::ErrorReply(s.error());
  http::Response r = NoContent();
  r.AddHeader("Set-Cookie", csrf_.ClearSessionCookie());
  return r;
}

http::Response AccountApi::Export(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto data = practice::ExportUserData(store_, journal_, corrections_, mocks_, who->user, dates::NowUtc());
  if (!data) return http::ErrorReply(data.error());
  http::Response r = Json(200, *data);
  r.SetHeader("Content-Disposition", "attachment; filename=\"starprep-export.json\"");
  return r;
}

http::Response AccountApi::ListTokens(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto tokens = store_.ListApiTokens(who->user.id);
  if (!tokens) return http::ErrorReply(tokens.error());
  json::array items;
  for (const auto& t : *tokens)
    items.push_back({{"id", t.id},
                     {"name", t.name},
                     {"scope", t.scope},
                     {"created_at", t.created_at},
                     {"last_used_at", t.last_used_at}});
  return Json(200, json::object{{"items", std::move(items)}});
}

http::Response AccountApi::CreateToken(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kManageAccount);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the token's name", body)) return *bad;
  auto name = StringField(body.as_object(), "name", true);
  if (!name) return http::ErrorReply(name.error());
  auto scope_name = StringField(body.as_object(), "scope", false);
  if (!scope_name) return http::ErrorReply(scope_name.error());
  auth::TokenScope scope = auth::kDefaultTokenScope;
  if (!scope_name->empty()) {
    auto parsed = auth::ParseScope(*scope_name);
    if (!parsed)
      return http::ErrorReply(400, http::codes::kInvalidField,
                              "Field \"scope\" must be \"read\" (GET requests only) or \"write\" (also save and change "
                              "attempts and stories), not \"" +
                                  *scope_name + "\".");
    scope = *parsed;
  }
  auto token = accounts_.CreateApiToken(who->user.id, *name, scope);
  if (!token) return http::ErrorReply(token.error());
  return Json(
      201,
      json::object{
          {"id", token->id}, {"name", token->name}, {"scope", auth::ScopeName(token->scope)}, {"token", token->token}});
}

http::Response AccountApi::DeleteToken(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kManageAccount);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no API token \"" + req.params["id"] + "\".");
  if (auto s = store_.DeleteApiToken(who->user.id, *id); !s) return http::ErrorReply(s.error());
  return NoContent();
}

http::Response AccountApi::ListAttempts(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto page = ParsePage(req);
  if (!page) return http::ErrorReply(page.error());
  const std::string question = req.Query("question_id").value_or("");
  auto list = journal_.ListAttempts(who->user.id, question, page->limit, page->offset);
  if (!list) return http::ErrorReply(list.error());
  json::array items;
  for (const auto& a : list->items) items.push_back(practice::AttemptSummaryJson(a));
  return Json(
      200, json::object{
               {"items", std::move(items)}, {"total", list->total}, {"limit", page->limit}, {"offset", page->offset}});
}

http::Response AccountApi::CreateAttempt(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the attempt", body)) return *bad;
  const auto& o = body.as_object();
  auto question = StringField(o, "question_id", true);
  auto answer = StringField(o, "answer", true);
  if (!question) return http::ErrorReply(question.error());
  if (!answer) return http::ErrorReply(answer.error());
  auto seconds = IntField(o, "seconds", 0, practice::kMaxAttemptSeconds, 0);
  if (!seconds) return http::ErrorReply(seconds.error());
  auto attempt = journal_.SaveAttempt(who->user.id, *question, *answer, static_cast<int>(*seconds), dates::NowUtc());
  if (!attempt) return http::ErrorReply(attempt.error());
  http::Response r = Json(201, practice::AttemptJson(*attempt));
  r.SetHeader("Location", "/api/v1/me/attempts/" + std::to_string(attempt->id));
  return r;
}

http::Response AccountApi::GetAttempt(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no attempt \"" + req.params["id"] + "\".");
  auto attempt = journal_.GetAttempt(who->user.id, *id);
  if (!attempt) return http::ErrorReply(attempt.error());
  if (!*attempt) return NotFound("There is no attempt " + std::to_string(*id) + ".");
  return Json(200, practice::AttemptJson(**attempt));
}

http::Response AccountApi::DeleteAttempt(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no attempt \"" + req.params["id"] + "\".");
  if (auto s = journal_.DeleteAttempt(who->user.id, *id); !s) return http::ErrorReply(s.error());
  return NoContent();
}

http::Response AccountApi::ListStories(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto stories = journal_.ListStories(who->user.id);
  if (!stories) return http::ErrorReply(stories.error());
  json::array items;
  for (const auto& s : *stories) items.push_back(practice::StoryJson(s));
  return Json(200, json::object{{"items", std::move(items)}, {"total", stories->size()}});
}

http::Response AccountApi::CreateStory(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the story", body)) return *bad;
  auto fields = StoryFromJson(body.as_object());
  if (!fields) return http::ErrorReply(fields.error());
  auto story = journal_.CreateStory(who->user.id, std::move(*fields), dates::NowUtc());
  if (!story) return http::ErrorReply(story.error());
  http::Response r = Json(201, practice::StoryJson(*story));
  r.SetHeader("Location", "/api/v1/me/stories/" + std::to_string(story->id));
  return r;
}

http::Response AccountApi::GetStory(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no story \"" + req.params["id"] + "\".");
  auto story = journal_.GetStory(who->user.id, *id);
  if (!story) return http::ErrorReply(story.error());
  if (!*story) return NotFound("There is no story " + std::to_string(*id) + ".");
  return Json(200, practice::StoryJson(**story));
}

http::Response AccountApi::UpdateStory(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no story \"" + req.params["id"] + "\".");
  json::value body;
  if (auto bad = ReadJsonObject(req, "the story", body)) return *bad;
  auto fields = StoryFromJson(body.as_object());
  if (!fields) return http::ErrorReply(fields.error());
  auto story = journal_.UpdateStory(who->user.id, *id, std::move(*fields), dates::NowUtc());
  if (!story) return http::ErrorReply(story.error());
  return Json(200, practice::StoryJson(*story));
}

http::Response AccountApi::DeleteStory(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NotFound("There is no story \"" + req.params["id"] + "\".");
  if (auto s = journal_.DeleteStory(who->user.id, *id); !s) return http::ErrorReply(s.error());
  return NoContent();
}

http::Response AccountApi::CreateCorrection(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the correction", body)) return *bad;
  auto correction = practice::CorrectionFromJson(body.as_object());
  if (!correction) return http::ErrorReply(correction.error());
  auto id = corrections_.Save(who->user.id, *correction, dates::NowUtc());
  if (!id) return http::ErrorReply(id.error());
  return Json(201, json::object{{"id", *id}});
}

http::Response AccountApi::ListCorrections(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto page = ParsePage(req);
  if (!page) return http::ErrorReply(page.error());
  auto list = corrections_.List(who->user.id, page->limit, page->offset);
  if (!list) return http::ErrorReply(list.error());
  json::array items;
  for (const auto& c : list->items) items.push_back(practice::CorrectionJson(c));
  return Json(
      200, json::object{
               {"items", std::move(items)}, {"total", list->total}, {"limit", page->limit}, {"offset", page->offset}});
}

http::Response AccountApi::GetTargetRoles(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto roles = store_.ListTargetRoles(who->user.id);
  if (!roles) return http::ErrorReply(roles.error());
  return Json(200, TargetRolesJson(*roles));
}

http::Response AccountApi::PutTargetRoles(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "your target roles ({\"roles\": [\"role-slug\", ...]})", body)) return *bad;
  const auto& o = body.as_object();
  if (!o.contains("roles") || o.at("roles").is_null())
    return http::ErrorReply(400, http::codes::kInvalidField,
                            "Field \"roles\" is required: an array of role slugs ([] for every role).");
  auto chosen = StringListField(o, "roles");
  if (!chosen) return http::ErrorReply(400, http::codes::kInvalidField, chosen.error().message);
  auto saved = practice::SaveTargetRoles(store_, who->user.id, *chosen);
  if (!saved) {
    if (saved.error().code == ErrorCode::kInvalidArgument)
      return http::ErrorReply(400, http::codes::kInvalidField, saved.error().message);
    return http::ErrorReply(saved.error());
  }
  return Json(200, TargetRolesJson(*saved));
}

}  // namespace starprep::api
