// SPDX-License-Identifier: Apache-2.0
// The editors' inbox against the real server: who may see it (members and anonymous visitors get
// the 404 of a page that does not exist), bulk actions with CSRF, their audit records, the
// "Updated after reader feedback" line after an import, escaping of the untrusted comments, the
// exports (CSV with formulas neutralised, the JSON API, `starprep feedback export`) and the
// per-visitor comment limit.

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <thread>
#include <utility>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;
constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kPassword = "plum orbit ladder 42";
constexpr const char* kQuestion = "be-project-impact";

class EditorTest : public SharedServerTest {
 protected:
  static fs::path data() { return dir_->path() / "data"; }

  // A new account signed in on `b` through the forms, with `role` set by the operator CLI.
  static std::string SignUpAs(Browser& b, const std::string& role) {
    static std::atomic<int> counter{0};
    const std::string email = role + "-" + std::to_string(++counter) + "@example.org";
    HttpResponse form = b.Get("/signup");
    HttpResponse done = b.Post("/signup", kForm,
                               "csrf=" + UrlEncode(Csrf(form.body)) + "&email=" + UrlEncode(email) +
                                   "&password=" + UrlEncode(kPassword) + "&display_name=Ed");
    EXPECT_EQ(done.status, 303) << done.body;
    if (role != "member") {
      CommandResult set = RunStarprep({"user", "set-role", email, role, "--data", data().string()});
      EXPECT_EQ(set.exit_code, 0) << set.err;
    }
    return email;
  }

  // The first CSRF field's value in a page ("" if none).
  static std::string Csrf(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    auto pos = html.find(marker);
    if (pos == std::string::npos) return {};
    pos += marker.size();
    return html.substr(pos, html.find('"', pos) - pos);
  }

  // A new visitor's vote with `comment` on `question` through the API.
  void Comment(const std::string& comment, const std::string& question = kQuestion) {
    Browser reader(port());
    json::string text(comment);
    HttpResponse r = reader.VoteApi(question, "{\"helpful\":false,\"comment\":" + json::serialize(text) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The comment id of the inbox item showing `text` (escaped as the page shows it), or "".
  static std::string IdOf(const std::string& html, const std::string& text) {
    const auto at = html.find(">" + text + "</label>");
    if (at == std::string::npos) return {};
    const auto label = html.rfind("<label for=\"c", at);
    if (label == std::string::npos) return {};
    const auto start = label + std::string("<label for=\"c").size();
    return html.substr(start, html.find('"', start) - start);
  }

  static std::string Unique(const std::string& tag) {
    static std::atomic<int> counter{0};
    return tag + " " + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  }
};

TEST_F(EditorTest, OnlyEditorsAndAdminsSeeTheInboxOthersGetTheUnknownPage404) {
  const std::vector<std::string> pages = {"/editor", "/editor/comments", "/editor/comments?state=all", "/editor/audit",
                                          "/editor/export.csv"};
  Browser anonymous(port());
  Browser member(port());
  SignUpAs(member, "member");
  for (Browser* b : {&anonymous, &member}) {
    for (const auto& page : pages) {
      HttpResponse r = b->Get(page);
      EXPECT_EQ(r.status, 404) << page;
      // The same bytes as a page that does not exist at a path of the same length.
      std::string path = page.substr(0, page.find('?'));
      std::string other = "/" + std::string(path.size() - 1, 'x');
      HttpResponse unknown = b->Get(other + page.substr(path.size()));
      std::string body = r.body;
      for (auto at = body.find(path); at != std::string::npos; at = body.find(path, at + 1))
        body.replace(at, path.size(), other);
      EXPECT_EQ(body, unknown.body) << page;
      EXPECT_EQ(r.Header("content-type"), unknown.Header("content-type")) << page;
      EXPECT_EQ(r.Header("cache-control"), unknown.Header("cache-control")) << page;
    }
    // Posting the form is a 404 too, token or not, before anything is checked.
    HttpResponse account = b->Get("/account");
    HttpResponse post = b->Post("/editor/comments", kForm,
                                "csrf=" + UrlEncode(Csrf(account.body)) + "&c1=1&state=hidden", b->SameOriginHeaders());
    EXPECT_EQ(post.status, 404);
    EXPECT_EQ(post.body.find("Editor inbox"), std::string::npos);
    // Other methods do not give the paths away with a 405 either.
    EXPECT_EQ(b->Send("PUT", "/editor").status, 404);
    EXPECT_EQ(b->Send("DELETE", "/editor/comments").status, 404);
    EXPECT_EQ(b->Send("POST", "/editor/audit", kForm, "").status, 404);
  }
  EXPECT_EQ(member.Get("/account").body.find("href=\"/editor\""), std::string::npos);

  for (const char* role : {"editor", "admin"}) {
    Browser b(port());
    SignUpAs(b, role);
    for (const auto& page : pages) {
      HttpResponse r = b.Get(page);
      EXPECT_EQ(r.status, 200) << role << " " << page << ": " << r.body.substr(0, 300);
      EXPECT_EQ(r.Header("cache-control"), "no-store") << page;
      EXPECT_TRUE(HasSecurityHeaders(r));
    }
    EXPECT_NE(b.Get("/editor").body.find("<a href=\"/editor/audit\">Audit</a>"), std::string::npos) << "the tabs";
    EXPECT_NE(b.Get("/account").body.find("href=\"/editor\""), std::string::npos) << role;
    HttpResponse put = b.Send("PUT", "/editor");
    EXPECT_EQ(put.status, 405);
    EXPECT_EQ(put.Header("allow"), "GET, HEAD");
  }

  // The JSON export: an editor's session or token; a member is refused.
  EXPECT_TRUE(IsJsonError(anonymous.Get("/api/v1/editor/feedback"), 401, "unauthenticated"));
  EXPECT_TRUE(IsJsonError(member.Get("/api/v1/editor/feedback"), 401, "unauthenticated"));
  const std::string token = ReadFile(data() / "editor.token");
  HttpResponse by_token = Fetch(port(), "GET", "/api/v1/editor/feedback",
                                {{"Authorization", "Bearer " + token.substr(0, token.find('\n'))}});
  EXPECT_EQ(by_token.status, 200) << by_token.body;
  EXPECT_TRUE(
      IsJsonError(Fetch(port(), "GET", "/api/v1/editor/feedback", {{"Authorization", "Bearer wrong-token-0123456789"}}),
                  403, "forbidden"));
}

TEST_F(EditorTest, BulkActionsNeedTheFormTokenAndAreAudited) {
  const std::string first = Unique("The result lacks a number"), second = Unique("Which metric fell?");
  Comment(first);
  Comment(second);
  Browser editor(port());
  const std::string email = SignUpAs(editor, "editor");
  const std::string list = std::string("/editor/comments?state=open&question=") + kQuestion;
  HttpResponse inbox = editor.Get(list);
  ASSERT_EQ(inbox.status, 200);
  const std::string a = IdOf(inbox.body, first), b = IdOf(inbox.body, second);
  ASSERT_FALSE(a.empty() || b.empty()) << inbox.body;
  EXPECT_LT(inbox.body.find(second), inbox.body.find(first)) << "newest first";
  const std::string fields = "&return=" + UrlEncode(list) + "&c" + a + "=1&c" + b +
                             "=1&state=addressed&note=" + UrlEncode("Added the error rate.");

  // Without the token, or with another browser's, nothing happens.
  Browser stranger(port());
  const std::string foreign = Csrf(stranger.Get("/signin").body);
  for (const std::string& csrf : {std::string(), foreign, std::string("x")}) {
    HttpResponse refused =
        editor.Post("/editor/comments", kForm, "csrf=" + UrlEncode(csrf) + fields, editor.SameOriginHeaders());
    EXPECT_EQ(refused.status, 403) << csrf;
  }
  EXPECT_EQ(DataSql(data(), "SELECT count(*) FROM feedback_audit WHERE actor = '" + email + "'"), "0");

  HttpResponse done = editor.Post("/editor/comments", kForm, "csrf=" + UrlEncode(Csrf(inbox.body)) + fields,
                                  editor.SameOriginHeaders());
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.Header("location"), list + "&done=2&as=addressed");
  HttpResponse after = editor.Get(done.Header("location"));
  EXPECT_NE(after.body.find("2 comments marked addressed."), std::string::npos);
  EXPECT_TRUE(IdOf(after.body, first).empty()) << "no longer open";
  HttpResponse addressed = editor.Get(std::string("/editor/comments?state=addressed&question=") + kQuestion);
  EXPECT_EQ(IdOf(addressed.body, first), a);
  EXPECT_NE(addressed.body.find("Editor's note: Added the error rate."), std::string::npos) << addressed.body;

  // One audit record per comment: who, when, what.
  EXPECT_EQ(DataSql(data(), "SELECT count(*) FROM feedback_audit WHERE actor = '" + email +
                                "' AND action = 'comment.addressed' AND note = 'Added the error rate.'"),
            "2");
  HttpResponse audit = editor.Get("/editor/audit");
  EXPECT_NE(audit.body.find(email), std::string::npos);
  EXPECT_NE(audit.body.find("#" + a), std::string::npos);
  EXPECT_NE(audit.body.find("Marked addressed"), std::string::npos);

  // Nothing chosen: the list comes back with the reason, nothing written.
  HttpResponse none = editor.Post(
      "/editor/comments", kForm, "csrf=" + UrlEncode(Csrf(inbox.body)) + "&return=" + UrlEncode(list) + "&state=hidden",
      editor.SameOriginHeaders());
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("Choose at least one comment first."), std::string::npos);

  // An import that changes the answer's text: the public page says it was updated after feedback.
  HttpResponse before = Browser(port()).Get(std::string("/questions/") + kQuestion);
  EXPECT_EQ(before.body.find("Updated after reader feedback"), std::string::npos);
  fs::create_directories(dir_->path() / "edited");
  const fs::path content = CopyBundledContent(dir_->path() / "edited");
  const fs::path file = content / "roles" / "backend-developer" / "questions" / "03-project-impact.md";
  std::string md = ReadFile(file);
  const std::string result = "Checkout failures fell from 6.1% to 0.7%";
  ASSERT_NE(md.find(result), std::string::npos);
  md.replace(md.find(result), result.size(), "Checkout failures fell from 6.1% to 0.7% (an 89% drop)");
  WriteFile(file, md);
  CommandResult imported = RunStarprep({"content", "import", content.string(), "--data", data().string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  bool shown = false;
  for (int i = 0; i < 100 && !shown; ++i) {  // the server notices the import within a second or so
    shown = Browser(port()).Get(std::string("/questions/") + kQuestion).body.find("Updated after reader feedback") !=
            std::string::npos;
    if (!shown) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(shown);
  HttpResponse dashboard = editor.Get("/editor");
  EXPECT_NE(dashboard.body.find("changed <time"), std::string::npos);
}

TEST_F(EditorTest, CommentsAreEscapedOnEveryEditorPageAndNeverPublic) {
  const std::string script = "<script>alert('" + Unique("x") + "')</script>";
  Comment(script);
  Browser editor(port());
  SignUpAs(editor, "editor");
  for (const std::string& page :
       {std::string("/editor/comments?state=all"), std::string("/editor/comments?question=") + kQuestion}) {
    HttpResponse r = editor.Get(page);
    EXPECT_EQ(r.body.find(script), std::string::npos) << page;
    EXPECT_NE(UnescapeHtml(r.body).find(script), std::string::npos) << page;
  }
  for (const std::string& page : {std::string("/questions/") + kQuestion, std::string("/roles/backend-developer")}) {
    HttpResponse r = Browser(port()).Get(page);
    EXPECT_EQ(UnescapeHtml(r.body).find(script), std::string::npos) << page;
  }
}

TEST_F(EditorTest, ACommentHiddenAsSpamLeavesThePublicCommentCounts) {
  // The public counts of kQuestion: its feedback, and its item in the role's feedback.
  auto counts = [&]() -> std::pair<std::int64_t, std::int64_t> {
    Browser reader(port());
    HttpResponse one = reader.Get(std::string("/api/v1/questions/") + kQuestion + "/feedback");
    HttpResponse role = reader.Get("/api/v1/roles/backend-developer/feedback");
    EXPECT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(role.status, 200) << role.body;
    std::int64_t in_role = -1;
    const json::value items = json::parse(role.body).at("items");
    for (const auto& item : items.as_array())
      if (item.at("question_id").as_string() == kQuestion) in_role = item.at("comments").as_int64();
    return {json::parse(one.body).at("comments").as_int64(), in_role};
  };
  const auto before = counts();
  const std::string spam = Unique("Cheap pills at example dot com"), kept = Unique("Which metric fell?");
  Comment(spam);
  Comment(kept);
  EXPECT_EQ(counts(), std::make_pair(before.first + 2, before.second + 2));

  Browser editor(port());
  SignUpAs(editor, "editor");
  const std::string list = std::string("/editor/comments?state=open&question=") + kQuestion;
  HttpResponse inbox = editor.Get(list);
  const std::string id = IdOf(inbox.body, spam);
  ASSERT_FALSE(id.empty()) << inbox.body;
  HttpResponse hidden =
      editor.Post("/editor/comments", kForm,
                  "csrf=" + UrlEncode(Csrf(inbox.body)) + "&return=" + UrlEncode(list) + "&c" + id + "=1&state=hidden",
                  editor.SameOriginHeaders());
  ASSERT_EQ(hidden.status, 303) << hidden.body;
  EXPECT_EQ(counts(), std::make_pair(before.first + 1, before.second + 1)) << "the spam no longer counts";
}

TEST_F(EditorTest, ExportsNeutraliseFormulasInCsvAndKeepTheTextInJson) {
  const std::string formula = "=cmd|' /C calc'!A0 " + Unique("f");
  const std::string quoted = "@SUM(1), \"quoted\" " + Unique("q");
  Comment(formula);
  Comment(quoted);
  Browser editor(port());
  SignUpAs(editor, "editor");
  HttpResponse csv = editor.Get("/editor/export.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_TRUE(csv.body.starts_with("type,question_id,role,question,"));
  EXPECT_NE(csv.body.find(",\"'" + formula + "\","), std::string::npos) << csv.body.substr(0, 500);
  EXPECT_EQ(csv.body.find(",\"" + formula), std::string::npos);
  std::string doubled = quoted;
  for (auto at = doubled.find('"'); at != std::string::npos; at = doubled.find('"', at + 2)) doubled.insert(at, "\"");
  EXPECT_NE(csv.body.find(",\"'" + doubled + "\","), std::string::npos);
  EXPECT_NE(csv.body.find("\r\nquestion,\"" + std::string(kQuestion) + "\",\"backend-developer\","), std::string::npos);
  // Without --public-url (this server has none) the links are the site's own paths.
  const std::string relative = ",\"/questions/" + std::string(kQuestion) + "\"\r\n";
  EXPECT_NE(csv.body.find(relative), std::string::npos) << "the question_url column";

  HttpResponse api = editor.Get("/api/v1/editor/feedback");
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(api.Header("cache-control"), "no-store");
  json::value v = json::parse(api.body);
  bool found = false;
  for (const auto& c : v.at("comments").as_array()) found = found || c.at("comment").as_string() == formula;
  EXPECT_TRUE(found) << "the JSON keeps the text as written";
  EXPECT_FALSE(v.at("questions").as_array().empty());

  CommandResult cli = RunStarprep({"feedback", "export", "--data", data().string()});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find(",\"'" + formula + "\","), std::string::npos);
  CommandResult cli_json = RunStarprep({"feedback", "export", "--data", data().string(), "--format", "json"});
  ASSERT_EQ(cli_json.exit_code, 0) << cli_json.err;
  EXPECT_EQ(json::parse(cli_json.out).at("comments").as_array().size(), v.at("comments").as_array().size());
  EXPECT_NE(RunStarprep({"feedback", "export", "--data", data().string(), "--format", "xml"}).exit_code, 0)
      << "an unknown format is refused";
  EXPECT_TRUE(json::parse(cli_json.out).at("questions").as_array()[0].at("url").as_string().starts_with("/questions/"));

  // --public-url makes them absolute in both formats; a bad value is refused as `serve` refuses it.
  CommandResult absolute =
      RunStarprep({"feedback", "export", "--data", data().string(), "--public-url", "https://prep.example.com/"});
  ASSERT_EQ(absolute.exit_code, 0) << absolute.err;
  EXPECT_NE(absolute.out.find(",\"https://prep.example.com/questions/" + std::string(kQuestion) + "\"\r\n"),
            std::string::npos);
  EXPECT_EQ(absolute.out.find(",\"/questions/"), std::string::npos) << "no relative link is left";
  CommandResult absolute_json = RunStarprep({"feedback", "export", "--data", data().string(), "--format", "json",
                                             "--public-url", "https://prep.example.com"});
  ASSERT_EQ(absolute_json.exit_code, 0) << absolute_json.err;
  json::value a = json::parse(absolute_json.out);
  for (const auto& q : a.at("questions").as_array())
    EXPECT_TRUE(q.at("url").as_string().starts_with("https://prep.example.com/questions/")) << q;
  for (const auto& c : a.at("comments").as_array())
    EXPECT_TRUE(c.at("question_url").as_string().starts_with("https://prep.example.com/questions/")) << c;
  CommandResult bad = RunStarprep({"feedback", "export", "--data", data().string(), "--public-url", "/x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--public-url: "), std::string::npos) << bad.err;
}

TEST_F(EditorTest, CommentsAreRateLimitedPerVisitor) {
  Browser reader(port());
  int limited = 0;
  for (int i = 0; i < 22; ++i) {
    HttpResponse r = reader.VoteApi(kQuestion, "{\"helpful\":true,\"comment\":\"comment " + std::to_string(i) + "\"}");
    if (r.status == 429) {
      ++limited;
      EXPECT_FALSE(r.Header("retry-after").empty());
    } else {
      EXPECT_EQ(r.status, 200) << r.body;
    }
  }
  EXPECT_EQ(limited, 2) << "a burst of 20 comments, then one every 30 seconds";
  EXPECT_EQ(reader.VoteApi(kQuestion, "{\"helpful\":false}").status, 200) << "votes alone are not limited";
}

}  // namespace
}  // namespace starprep::it
