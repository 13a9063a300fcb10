// SPDX-License-Identifier: Apache-2.0
// The mock interview's JSON API (part of AccountApi; api/account_api.h lists the routes): each
// handler authorises the caller like every /me call, reads its input, and calls practice::Mocks
// with the server's clock (`now_`), so timing never depends on the client's.
#include <charconv>
#include <string>

#include "api/account_api.h"
#include "api/json_io.h"

namespace starprep::api {
namespace json = boost::json;
namespace {

http::Response NoMock(const std::string& id) {
  return NotFound("There is no mock interview \"" + id + "\".");
}

// The settings of POST /api/v1/me/mocks: a preset first, then the fields that override it.
Result<practice::MockSettings> SettingsFromJson(const json::object& o) {
  practice::MockSettings s;
  auto preset = StringField(o, "preset", false);
  if (!preset) return preset.error();
  if (!preset->empty())
    if (auto st = practice::ApplyMockPreset(s, *preset); !st) return st.error();
  auto role = StringField(o, "role", false);
  if (!role) return role.error();
  s.role = *role;
  auto count = IntField(o, "count", practice::kMinMockQuestions, practice::kMaxMockQuestions, s.questions);
  if (!count) return count.error();
  s.questions = static_cast<int>(*count);
  auto think = IntField(o, "think_seconds", 0, practice::kMaxThinkSeconds, s.think_seconds);
  if (!think) return think.error();
  s.think_seconds = static_cast<int>(*think);
  auto answer =
      IntField(o, "answer_seconds", practice::kMinAnswerSeconds, practice::kMaxAnswerSeconds, s.answer_seconds);
  if (!answer) return answer.error();
  s.answer_seconds = static_cast<int>(*answer);
  auto kinds = StringListField(o, "kinds");
  if (!kinds) return kinds.error();
  if (o.contains("kinds")) s.kinds = std::move(*kinds);
  auto competencies = StringListField(o, "competencies");
  if (!competencies) return competencies.error();
  s.competencies = std::move(*competencies);
  auto questions = StringListField(o, "question_ids");
  if (!questions) return questions.error();
  s.question_ids = std::move(*questions);
  return s;
}

// The {index} of a question route: a whole number from 0 to one less than the most questions a
// mock has.
std::optional<int> QuestionIndex(const std::string& text) {
  int index = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || index < 0 ||
      index >= practice::kMaxMockQuestions)
    return std::nullopt;
  return index;
}

}  // namespace

void AccountApi::RegisterMocks(http::Router& router) {
  auto bind = [this](http::Response (AccountApi::*fn)(http::Request&)) { return http::Bind(this, fn); };
  router.Get("/api/v1/me/mocks", bind(&AccountApi::ListMocks));
  router.Post("/api/v1/me/mocks", bind(&AccountApi::CreateMock));
  router.Get("/api/v1/me/mocks/{id}", bind(&AccountApi::GetMock));
  router.Add(http::Method::kDelete, "/api/v1/me/mocks/{id}", bind(&AccountApi::DeleteMock));
  router.Get("/api/v1/me/mocks/{id}/report", bind(&AccountApi::GetMockReport));
  router.Add(http::Method::kPut, "/api/v1/me/mocks/{id}/questions/{index}/draft", bind(&AccountApi::SaveMockDraft));
  router.Post("/api/v1/me/mocks/{id}/questions/{index}/start", bind(&AccountApi::StartMockAnswer));
  router.Post("/api/v1/me/mocks/{id}/questions/{index}/next", bind(&AccountApi::NextMockQuestion));
  router.Post("/api/v1/me/mocks/{id}/finish", bind(&AccountApi::FinishMock));
}

http::Response AccountApi::ListMocks(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto page = ParsePage(req);
  if (!page) return http::ErrorReply(page.error());
  auto list = mocks_.List(who->user.id, page->limit, page->offset);
  if (!list) return http::ErrorReply(list.error());
  json::array items;
  for (const auto& m : list->items) items.push_back(practice::MockSummaryJson(m));
  return Json(
      200, json::object{
               {"items", std::move(items)}, {"total", list->total}, {"limit", page->limit}, {"offset", page->offset}});
}

http::Response AccountApi::CreateMock(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  json::value body;
  if (auto bad = ReadJsonObject(req, "the mock interview's settings", body)) return *bad;
  auto settings = SettingsFromJson(body.as_object());
  if (!settings) return http::ErrorReply(settings.error());
  const std::int64_t now = now_();
  // The seed only varies the choice between mocks; it needs no secrecy.
  const auto seed = static_cast<std::uint64_t>(now) * 1'000'003u + static_cast<std::uint64_t>(who->user.id);
  auto mock = mocks_.Create(who->user.id, std::move(*settings), now, seed);
  if (!mock) return http::ErrorReply(mock.error());
  http::Response r = Json(201, practice::MockSessionJson(*mock));
  r.SetHeader("Location", "/api/v1/me/mocks/" + std::to_string(mock->id));
  return r;
}

http::Response AccountApi::GetMock(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NoMock(req.params["id"]);
  auto mock = mocks_.Get(who->user.id, *id, now_());
  if (!mock) return http::ErrorReply(mock.error());
  if (!*mock) return NoMock(req.params["id"]);
  return Json(200, practice::MockSessionJson(**mock));
}

http::Response AccountApi::DeleteMock(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NoMock(req.params["id"]);
  if (auto s = mocks_.Delete(who->user.id, *id); !s) return http::ErrorReply(s.error());
  return NoContent();
}

http::Response AccountApi::GetMockReport(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kRead);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NoMock(req.params["id"]);
  auto mock = mocks_.Get(who->user.id, *id, now_());
  if (!mock) return http::ErrorReply(mock.error());
  if (!*mock) return NoMock(req.params["id"]);
  auto report = mocks_.Report(who->user.id, **mock);
  if (!report) return http::ErrorReply(report.error());
  json::object o = practice::MockReportJson(*report);
  o["id"] = (*mock)->id;
  o["finished"] = (*mock)->finished;
  return Json(200, o);
}

http::Response AccountApi::MockTurnReply(http::Request& req, bool needs_text, const MockTurnFn& op) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NoMock(req.params["id"]);
  auto index = QuestionIndex(req.params["index"]);
  if (!index) return NotFound("This mock interview has no question \"" + req.params["index"] + "\".");
  std::string text;
  if (needs_text) {
    json::value body;
    if (auto bad = ReadJsonObject(req, "the answer", body)) return *bad;
    auto field = StringField(body.as_object(), "text", true);
    if (!field) return http::ErrorReply(field.error());
    text = std::move(*field);
  }
  auto mock = op(who->user.id, *id, *index, text, now_());
  if (!mock) return http::ErrorReply(mock.error());
  return Json(200, practice::MockSessionJson(*mock));
}

http::Response AccountApi::SaveMockDraft(http::Request& req) {
  return MockTurnReply(
      req, true, [this](std::int64_t user, std::int64_t id, int index, const std::string& text, std::int64_t now) {
        return mocks_.SaveDraft(user, id, index, text, now);
      });
}

http::Response AccountApi::StartMockAnswer(http::Request& req) {
  return MockTurnReply(req, false,
                       [this](std::int64_t user, std::int64_t id, int index, const std::string&, std::int64_t now) {
                         return mocks_.StartAnswering(user, id, index, now);
                       });
}

http::Response AccountApi::NextMockQuestion(http::Request& req) {
  return MockTurnReply(
      req, true, [this](std::int64_t user, std::int64_t id, int index, const std::string& text, std::int64_t now) {
        return mocks_.Next(user, id, index, text, now);
      });
}

http::Response AccountApi::FinishMock(http::Request& req) {
  auto who = Authorize(req, auth::Operation::kWrite);
  if (!who) return http::ErrorReply(who.error());
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return NoMock(req.params["id"]);
  auto mock = mocks_.Finish(who->user.id, *id, now_());
  if (!mock) return http::ErrorReply(mock.error());
  return Json(200, practice::MockSessionJson(*mock));
}

}  // namespace starprep::api
