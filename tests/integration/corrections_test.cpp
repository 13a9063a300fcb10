// SPDX-License-Identifier: Apache-2.0
// Coach corrections against the real server: POST and GET /api/v1/coach/corrections (validation,
// credentials, CSRF, token scopes, the per-user limit, isolation between users), the data export,
// sealing at rest and key rotation, account deletion, and `starprep coach corrections export`.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "coach/corpus.h"
#include "fault_helpers.h"
#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;

constexpr const char* kPath = "/api/v1/coach/corrections";
constexpr const char* kJsonType = "application/json";

// A valid body: `answer` with its last sentence labelled as the result.
json::object Body(const std::string& answer, const std::string& question, bool share) {
  const auto last = static_cast<std::int64_t>(answer.rfind("Checkout latency"));
  return {{"answer", answer},
          {"question_id", question},
          {"spans", json::array{json::object{
                        {"start", last}, {"end", static_cast<std::int64_t>(answer.size())}, {"component", "result"}}}},
          {"present", json::array{"task"}},
          {"share", share}};
}

// The message of a JSON error reply ("" when there is none).
std::string MessageOf(const HttpResponse& r) {
  auto v = r.Json();
  if (!v.is_object() || !v.as_object().contains("error")) return "";
  return std::string(v.at("error").at("message").as_string());
}

class CorrectionsApiTest : public SharedServerTest {
 protected:
  // A new signed-up member (unique email per call).
  Member NewMember(const std::string& tag) {
    Member m(port());
    HttpResponse r = m.SignUp(tag + "-" + std::to_string(++members_) + "@example.org");
    EXPECT_EQ(r.status, 201) << r.body;
    return m;
  }
  std::string Question() {
    if (question_.empty()) question_ = BackendQuestions(port(), 1).at(0);
    return question_;
  }
  static inline int members_ = 0;
  static inline std::string question_;
};

TEST_F(CorrectionsApiTest, CreateIs201AndTheOwnerListsItAsTheOpenApiSays) {
  Member m = NewMember("create");
  const std::string answer = MarkedAnswer("create-4711");
  HttpResponse created = m.Call("POST", kPath, json::serialize(Body(answer, Question(), true)));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("cache-control"), "no-store");
  const std::int64_t id = IdOf(created);
  EXPECT_GT(id, 0);
  EXPECT_EQ(created.Json().as_object().size(), 1u) << "only the id: " << created.body;

  HttpResponse list = m.Get(kPath);
  ASSERT_EQ(list.status, 200) << list.body;
  auto v = list.Json();
  EXPECT_EQ(v.at("total").to_number<int>(), 1);
  EXPECT_EQ(v.at("limit").to_number<int>(), 20);
  const json::object& item = v.at("items").at(0).as_object();
  EXPECT_EQ(item.at("id").to_number<std::int64_t>(), id);
  EXPECT_EQ(item.at("answer").as_string(), answer);
  EXPECT_EQ(item.at("question_id").as_string(), Question());
  EXPECT_EQ(item.at("spans").at(0).at("component").as_string(), "result");
  EXPECT_EQ(item.at("present").at(0).as_string(), "task");
  EXPECT_EQ(item.at("shared").as_bool(), true);
  // Without a question: question_id is null.
  json::object loose = Body(answer, "", false);
  loose["question_id"] = nullptr;
  ASSERT_EQ(m.Call("POST", kPath, json::serialize(loose)).status, 201);
  EXPECT_TRUE(m.Get(kPath).Json().at("items").at(0).at("question_id").is_null());
  EXPECT_EQ(m.Get(std::string(kPath) + "?limit=1&offset=1").Json().at("items").at(0).at("id").to_number<std::int64_t>(),
            id);
  EXPECT_TRUE(IsJsonError(m.Get(std::string(kPath) + "?limit=0"), 400));

  // The OpenAPI document describes both operations and the fields the list returns.
  json::value doc = Get(port(), "/api/v1/openapi.json").Json();
  const auto& operations = doc.at("paths").at(kPath).as_object();
  EXPECT_TRUE(operations.contains("get"));
  EXPECT_TRUE(operations.contains("post"));
  const auto& schema = doc.at("components").at("schemas").at("Correction").as_object();
  std::set<std::string> documented, returned;
  for (const auto& k : schema.at("required").as_array()) documented.insert(std::string(k.as_string()));
  for (const auto& [k, value] : item) returned.insert(std::string(k));
  EXPECT_EQ(documented, returned);
}

TEST_F(CorrectionsApiTest, EachValidationErrorIs400WithItsMessage) {
  Member m = NewMember("validate");
  const std::string answer = MarkedAnswer("validate");
  const json::object good = Body(answer, Question(), false);
  auto with = [&](const char* key, json::value v) {
    json::object o = good;
    o[key] = std::move(v);
    return json::serialize(o);
  };
  auto span = [](json::value start, json::value end, json::value component) {
    return json::array{json::object{{"start", start}, {"end", end}, {"component", component}}};
  };
  json::array many;
  for (int i = 0; i < 201; ++i) many.push_back(json::object{{"start", i}, {"end", i + 1}, {"component", "other"}});
  json::object without_share = good;
  without_share.erase("share");
  json::object without_answer = good;
  without_answer.erase("answer");
  json::object nothing = good;
  nothing["spans"] = json::array{};
  nothing["present"] = json::array{};
  const std::pair<std::string, std::string> cases[] = {
      {"[1, 2]", "JSON object"},
      {with("colour", "red"), "Unknown field \"colour\""},
      {json::serialize(without_answer), "\"answer\" is required"},
      {with("answer", 42), "\"answer\" must be a string"},
      {with("answer", "   "), "The answer is empty"},
      {json::serialize(without_share), "\"share\" is required"},
      {with("share", "yes"), "\"share\" is required"},
      {with("question_id", 7), "\"question_id\" must be a string"},
      {with("spans", "all"), "\"spans\" must be an array"},
      {with("spans", json::array{1}), "spans[0] must be an object"},
      {with("spans", span("0", 5, "task")), "spans[0].start must be a whole number"},
      {with("spans", span(0, 5.5, "task")), "spans[0].end must be a whole number"},
      {with("spans", span(0, 5, "tusk")), "spans[0].component must be"},
      {with("spans", span(5, 5, "task")), "spans[0] is empty"},
      {with("spans", span(0, 100000, "task")), "spans[0] lies outside the answer"},
      {with("spans", span(-3, 5, "task")), "spans[0] lies outside the answer"},
      {with("spans", json::array{json::object{{"start", 10}, {"end", 20}, {"component", "task"}},
                                 json::object{{"start", 15}, {"end", 25}, {"component", "action"}}}),
       "spans[1] starts at byte 15, before spans[0] ends (byte 20)"},
      {with("spans", many), "at most 200 spans"},
      {with("present", "task"), "\"present\" must be an array"},
      {with("present", json::array{"tusk"}), "present[0] must be"},
      {with("present", json::array{"other"}), "present[0] is \"other\""},
      {with("present", json::array{"task", "task"}), "present names \"task\" twice"},
      {json::serialize(nothing), "Nothing to save"},
  };
  for (const auto& [body, message] : cases) {
    HttpResponse r = m.Call("POST", kPath, body);
    EXPECT_TRUE(IsJsonError(r, 400)) << body;
    EXPECT_NE(MessageOf(r).find(message), std::string::npos) << body << " -> " << r.body;
  }
  // A span inside a character: offsets count UTF-8 bytes.
  json::object cafe = good;
  cafe["answer"] = "The caf\xC3\xA9 app crashed every night. I fixed the cache.";
  cafe["spans"] = span(0, 8, "situation");
  HttpResponse inside = m.Call("POST", kPath, json::serialize(cafe));
  EXPECT_TRUE(IsJsonError(inside, 400));
  EXPECT_NE(MessageOf(inside).find("inside a character"), std::string::npos) << inside.body;
  // Not JSON, the wrong type, too long, an unknown question.
  EXPECT_TRUE(IsJsonError(m.Call("POST", kPath, "{\"answer\":"), 400, "invalid_json"));
  const std::string csrf = m.browser().ApiToken();  // the session's token, as sign-up returned it
  EXPECT_TRUE(
      IsJsonError(m.browser().Send("POST", kPath, "text/plain", json::serialize(good), {{"X-CSRF-Token", csrf}}), 415));
  HttpResponse huge = m.Call("POST", kPath, with("answer", json::string(std::string(10001, 'a'))));
  EXPECT_TRUE(IsJsonError(huge, 413, "too_large")) << huge.body;
  HttpResponse unknown = m.Call("POST", kPath, with("question_id", "no-such-question"));
  EXPECT_TRUE(IsJsonError(unknown, 404, "not_found")) << unknown.body;
  EXPECT_EQ(m.Get(kPath).Json().at("total").to_number<int>(), 0) << "nothing was saved";
}

TEST_F(CorrectionsApiTest, CredentialsCsrfAndTokenScopes) {
  const std::string body = json::serialize(Body(MarkedAnswer("auth"), Question(), false));
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", kPath, {{"Content-Type", kJsonType}}, body), 401, "unauthenticated"));
  EXPECT_TRUE(IsJsonError(Get(port(), kPath), 401, "unauthenticated"));
  Member m = NewMember("csrf");
  EXPECT_TRUE(IsJsonError(m.browser().Post(kPath, kJsonType, body), 403, "forbidden")) << "no X-CSRF-Token";
  EXPECT_TRUE(IsJsonError(m.browser().Post(kPath, kJsonType, body, {{"X-CSRF-Token", std::string(43, 'x')}}), 403));
  EXPECT_EQ(m.Get(kPath).Json().at("total").to_number<int>(), 0);

  auto token = [&](const char* scope) {
    HttpResponse made =
        m.Call("POST", "/api/v1/me/tokens", json::serialize(json::object{{"name", scope}, {"scope", scope}}));
    EXPECT_EQ(made.status, 201) << made.body;
    return Headers{{"Authorization", "Bearer " + std::string(made.Json().at("token").as_string())},
                   {"Content-Type", kJsonType}};
  };
  const Headers reader = token("read"), writer = token("write");
  EXPECT_TRUE(IsJsonError(Fetch(port(), "POST", kPath, reader, body), 403, "forbidden"));
  EXPECT_EQ(Fetch(port(), "POST", kPath, writer, body).status, 201) << "a write token needs no CSRF header";
  HttpResponse listed = Fetch(port(), "GET", kPath, reader);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json().at("total").to_number<int>(), 1);
}

TEST_F(CorrectionsApiTest, UsersNeverSeeEachOthersCorrections) {
  Member ann = NewMember("ann"), bob = NewMember("bob");
  ASSERT_EQ(ann.Call("POST", kPath, json::serialize(Body(MarkedAnswer("ann-private-5521"), Question(), false))).status,
            201);
  ASSERT_EQ(ann.Call("POST", kPath, json::serialize(Body(MarkedAnswer("ann-shared-5522"), Question(), true))).status,
            201);
  EXPECT_EQ(bob.Get(kPath).Json().at("total").to_number<int>(), 0);
  const std::string bob_export = bob.Get("/api/v1/me/export").body;
  EXPECT_EQ(bob_export.find("ann-"), std::string::npos);
  EXPECT_EQ(bob.Get("/api/v1/me/export").Json().at("corrections").as_array().size(), 0u);
  auto ann_export = ann.Get("/api/v1/me/export").Json();
  ASSERT_EQ(ann_export.at("corrections").as_array().size(), 2u);
  EXPECT_NE(json::serialize(ann_export).find("ann-private-5521"), std::string::npos);
}

TEST_F(CorrectionsApiTest, EachUserMaySaveTwentyAtOnce) {
  Member busy = NewMember("busy"), other = NewMember("calm");
  const std::string body = json::serialize(Body(MarkedAnswer("limit"), Question(), false));
  for (int i = 0; i < 20; ++i) ASSERT_EQ(busy.Call("POST", kPath, body).status, 201) << i;
  HttpResponse limited = busy.Call("POST", kPath, body);
  EXPECT_TRUE(IsJsonError(limited, 429, "rate_limited")) << limited.body;
  EXPECT_FALSE(limited.Header("retry-after").empty());
  EXPECT_EQ(other.Call("POST", kPath, body).status, 201) << "the limit is per user";
}

TEST_F(CorrectionsApiTest, AnswersAreSealedAtRestAndKeyRotationReSealsThem) {
  Member m = NewMember("keys");
  const std::string marker = "Quokka-lantern-8812";
  ASSERT_EQ(m.Call("POST", kPath, json::serialize(Body(MarkedAnswer(marker), Question(), true))).status, 201);
  const fs::path data = dir_->path() / "data";
  for (const auto& entry : fs::recursive_directory_iterator(data))
    if (entry.is_regular_file()) {
      EXPECT_EQ(ReadFile(entry.path()).find(marker), std::string::npos) << entry.path();
    }
  EXPECT_FALSE(DatabaseHolds(data, marker));
  CommandResult rotated = RunStarprep({"keys", "rotate", "--data", data.string()}, 60s);
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_EQ(DataSql(data, "SELECT count(DISTINCT key_id) FROM coach_corrections"), "1")
      << "every correction is under one key";
  EXPECT_NE(DataSql(data, "SELECT max(key_id) FROM coach_corrections"), "1");
  HttpResponse list = m.Get(kPath);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(std::string(list.Json().at("items").at(0).at("answer").as_string()).find(marker), std::string::npos);
  CommandResult status = RunStarprep({"keys", "status", "--data", data.string()});
  const std::string count = DataSql(data,
                                    "SELECT (SELECT count(*) FROM attempts) + (SELECT count(*) FROM stories) + "
                                    "(SELECT count(*) FROM coach_corrections)");
  EXPECT_NE(status.out.find(": " + count + " record"), std::string::npos)
      << "keys status counts the corrections too (" << count << "): " << status.out;
}

// Its own server: the database is inspected after the deletion, and the export must hold exactly
// what this test shared.
TEST(CorrectionsLifecycle, DeletionRemovesThemAndTheExportHoldsOnlySharedOnesWithoutEmails) {
  TempDir dir("corrections");
  ServerProcess server(dir / "data");
  ASSERT_TRUE(server.Start()) << server.error();
  const fs::path data = dir / "data";
  const std::string question = BackendQuestions(server.port(), 1).at(0);
  Member keeper(server.port()), leaver(server.port());
  ASSERT_EQ(keeper.SignUp("keeper-6c2a@example.org").status, 201);
  ASSERT_EQ(leaver.SignUp("leaver-91fe@example.org").status, 201);
  auto save = [&](Member& m, const std::string& marker, bool share) {
    HttpResponse r = m.Call("POST", kPath, json::serialize(Body(MarkedAnswer(marker), question, share)));
    EXPECT_EQ(r.status, 201) << r.body;
  };
  save(keeper, "keeper-shared-one", true);
  save(keeper, "keeper-private-two", false);
  save(leaver, "leaver-shared-three", true);
  save(leaver, "leaver-private-four", false);
  const std::string leaver_id = DataSql(data, "SELECT id FROM users WHERE email = 'leaver-91fe@example.org'");
  const std::string sealed_hex =
      DataSql(data, std::string("SELECT ") + (UsesPostgres() ? "encode(sealed, 'hex')" : "hex(sealed)") +
                        " FROM coach_corrections WHERE user_id = " + leaver_id + " LIMIT 1");
  ASSERT_EQ(sealed_hex.size() % 2, 0u);
  std::string sealed_bytes;
  for (std::size_t i = 0; i + 1 < sealed_hex.size(); i += 2)
    sealed_bytes.push_back(static_cast<char>(std::stoi(sealed_hex.substr(i, 2), nullptr, 16)));
  ASSERT_GT(sealed_bytes.size(), 40u);

  // The export, while the server runs: both shared corrections, nothing private, no email.
  const fs::path out = dir / "shared.md";
  CommandResult exported =
      RunStarprep({"coach", "corrections", "export", "--data", data.string(), "--out", out.string()}, 60s);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.err.find("exported 2 shared corrections"), std::string::npos) << exported.err;
  EXPECT_EQ(fs::status(out).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none)
      << "the export holds candidates' own words: owner only";
  EXPECT_FALSE(fs::exists(dir / "shared.md.partial"));
  const std::string file = ReadFile(out);
  EXPECT_NE(file.find("keeper-shared-one"), std::string::npos);
  EXPECT_NE(file.find("leaver-shared-three"), std::string::npos);
  EXPECT_EQ(file.find("private"), std::string::npos) << file;
  EXPECT_EQ(file.find("@"), std::string::npos) << "no email: " << file;
  EXPECT_EQ(file.find("user"), file.find("user correction")) << "no user id: " << file;
  EXPECT_NE(file.find("question: " + question), std::string::npos);
  std::vector<coach::LabelledAnswer> parsed;
  std::vector<std::string> errors;
  coach::ParseCorpusFile(out.string(), file, parsed, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(parsed.size(), 2u);
  for (const auto& a : parsed) {
    EXPECT_EQ(a.LabelAt(static_cast<std::uint32_t>(a.text.rfind("Checkout latency"))), coach::Component::kResult);
    EXPECT_EQ(a.present, std::vector<coach::Component>{coach::Component::kTask});
  }
  CommandResult to_stdout = RunStarprep({"coach", "corrections", "export", "--data", data.string()}, 60s);
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_EQ(to_stdout.out, file);

  // Deleting the account deletes its corrections, shared or not, from the database file.
  HttpResponse deleted =
      leaver.Call("DELETE", "/api/v1/me", json::serialize(json::object{{"password", kMemberPassword}}));
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(DataSql(data, "SELECT count(*) FROM coach_corrections WHERE user_id = " + leaver_id), "0");
  EXPECT_EQ(DataSql(data, "SELECT count(*) FROM coach_corrections"), "2");
  ASSERT_EQ(server.Stop(), 0);
  EXPECT_FALSE(DatabaseHolds(data, sealed_bytes)) << "the sealed correction is still in the database";
  CommandResult after = RunStarprep({"coach", "corrections", "export", "--data", data.string()}, 60s);
  EXPECT_NE(after.err.find("exported 1 shared correction"), std::string::npos) << after.err;
  EXPECT_EQ(after.out.find("leaver"), std::string::npos);
}

}  // namespace
}  // namespace starprep::it
