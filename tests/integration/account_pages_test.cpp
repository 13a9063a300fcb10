// SPDX-License-Identifier: Apache-2.0
// The HTML pages of accounts and personal practice against the real server: sign-up, saving an
// attempt from the practice form, the attempt and progress pages, CSRF on every form, sign-in
// redirects, isolation between users, escaping of user text, and the shared page cache.

#include <gtest/gtest.h>

#include <atomic>

#include "fixture.h"

namespace starprep::it {
namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kPassword = "plum orbit ladder 42";
constexpr const char* kAnswer =
    "Last spring our checkout service failed at random under load. I was asked to find the cause within a week. "
    "I added tracing, reproduced the race in a test and fixed the lock ordering. Errors fell by 90% and stayed there.";

class AccountPagesTest : public SharedServerTest {};

// The first CSRF field's value in a page ("" if none).
std::string CsrfOf(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  auto pos = html.find(marker);
  if (pos == std::string::npos) return {};
  pos += marker.size();
  return html.substr(pos, html.find('"', pos) - pos);
}

std::string UniqueEmail(const std::string& tag) {
  static std::atomic<int> counter{0};
  return tag + "-" + std::to_string(++counter) + "@example.org";
}

// Signs `b` up through the form; returns the POST's response (303 on success).
HttpResponse SignUp(Browser& b, const std::string& email, const std::string& name = "Ada") {
  HttpResponse form = b.Get("/signup");
  return b.Post("/signup", kForm,
                "csrf=" + UrlEncode(CsrfOf(form.body)) + "&email=" + UrlEncode(email) +
                    "&password=" + UrlEncode(kPassword) + "&display_name=" + UrlEncode(name));
}

// Posts `fields` (already encoded, without csrf) to `path` as a browser would from `page`: with the
// page's token (none on an anonymous public page) and the same-origin headers.
HttpResponse PostForm(Browser& b, const std::string& page, const std::string& path, const std::string& fields) {
  HttpResponse p = b.Get(page);
  return b.Post(path, kForm, "csrf=" + UrlEncode(CsrfOf(p.body)) + (fields.empty() ? "" : "&" + fields),
                b.SameOriginHeaders());
}

// Saves kAnswer (or `answer`) on the debugging question through the practice form; the attempt's path.
std::string SaveAttempt(Browser& b, const std::string& answer = kAnswer) {
  HttpResponse r = PostForm(b, std::string("/questions/") + kDebugQuestion,
                            std::string("/questions/") + kDebugQuestion + "/attempts",
                            "answer=" + UrlEncode(answer) + "&seconds=75");
  return r.status == 303 ? r.Header("location") : "";
}

std::string CreateStory(Browser& b, const std::string& title, const std::string& situation = "It broke at night.") {
  HttpResponse r = PostForm(b, "/stories/new", "/stories",
                            "title=" + UrlEncode(title) + "&situation=" + UrlEncode(situation) +
                                "&action=" + UrlEncode("I traced the fault and fixed it.") + "&result=" +
                                UrlEncode("Errors fell by 90%.") + "&" + UrlEncode("competency:debugging") + "=1&" +
                                UrlEncode(std::string("question:") + kDebugQuestion) + "=1");
  return r.status == 303 ? r.Header("location") : "";
}

TEST_F(AccountPagesTest, SignUpPractiseSaveAndSeeTheAttemptOnTheProgressPage) {
  Browser b(port());
  HttpResponse signup = SignUp(b, UniqueEmail("flow"));
  ASSERT_EQ(signup.status, 303) << signup.body;
  EXPECT_EQ(signup.Header("location"), "/progress");

  HttpResponse empty = b.Get("/progress");
  ASSERT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("No saved attempts yet"), std::string::npos);

  HttpResponse question = b.Get(std::string("/questions/") + kDebugQuestion);
  ASSERT_EQ(question.status, 200);
  EXPECT_NE(question.body.find(">Sign out</button>"), std::string::npos) << "signed-in header";
  EXPECT_NE(question.body.find("formaction=\"/questions/" + std::string(kDebugQuestion) + "/attempts\""),
            std::string::npos);

  const std::string attempt = SaveAttempt(b);
  ASSERT_TRUE(attempt.starts_with("/attempts/")) << attempt;
  HttpResponse page = b.Get(attempt);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  EXPECT_NE(page.body.find("Saved score"), std::string::npos);
  EXPECT_NE(page.body.find("1 min 15 s"), std::string::npos) << "the seconds field is saved";
  EXPECT_NE(page.body.find("first saved attempt"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"coach\""), std::string::npos) << "the coach's highlighted feedback";

  const std::string second = SaveAttempt(b, "We had an outage. I rolled back the release. Errors fell by 50%.");
  HttpResponse compared = b.Get(second);
  ASSERT_EQ(compared.status, 200);
  EXPECT_NE(compared.body.find("Compared with your previous attempt"), std::string::npos);
  EXPECT_NE(compared.body.find("href=\"" + attempt + "\""), std::string::npos) << "links the previous attempt";

  HttpResponse progress = b.Get("/progress");
  ASSERT_EQ(progress.status, 200);
  EXPECT_EQ(progress.Header("cache-control"), "no-store");
  EXPECT_NE(progress.body.find("<svg"), std::string::npos);
  EXPECT_NE(progress.body.find("role=\"img\""), std::string::npos);
  EXPECT_NE(progress.body.find("2 attempts"), std::string::npos);
  EXPECT_NE(progress.body.find("Practice streak: <span class=\"stat\">1 day</span>"), std::string::npos);
  EXPECT_NE(progress.body.find("href=\"" + attempt + "\""), std::string::npos) << "the data table links attempts";
  EXPECT_NE(UnescapeHtml(progress.body).find("Tell me about a time you debugged"), std::string::npos);
  // "Next up": the weakest STAR part and the question to practise again.
  EXPECT_NE(progress.body.find("<h2 id=\"next-h\">Next up</h2>"), std::string::npos);
  EXPECT_NE(progress.body.find("Your weakest STAR part lately"), std::string::npos);
  EXPECT_NE(progress.body.find(std::string("href=\"/questions/") + kDebugQuestion + "#practice\""), std::string::npos);
  EXPECT_TRUE(HasSecurityHeaders(progress));

  HttpResponse list = b.Get(std::string("/questions/") + kDebugQuestion + "/attempts");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Count(list.body, "<a href=\"/attempts/"), 2u);
}

TEST_F(AccountPagesTest, FormPostsWithoutOrWithAWrongCsrfTokenAre403) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("csrf")).status, 303);
  const std::string wrong = "csrf=" + std::string(43, 'A');
  const std::vector<std::pair<std::string, std::string>> posts = {
      {"/account/tokens", "name=x"},
      {"/account/target-roles", "role%3Abackend-developer=1"},
      {"/account/password", "current_password=a&new_password=b"},
      {"/account/signout-everywhere", ""},
      {"/account/delete", "password=x&confirm=delete"},
      {"/stories", "title=x&situation=y"},
      {std::string("/questions/") + kDebugQuestion + "/attempts", "answer=" + UrlEncode(kAnswer)},
      {"/signout", ""},
  };
  for (const auto& [path, fields] : posts) {
    HttpResponse none = b.Post(path, kForm, fields);
    EXPECT_EQ(none.status, 403) << path << " without a token";
    EXPECT_NE(none.body.find("security token"), std::string::npos) << path;
    HttpResponse bad = b.Post(path, kForm, wrong + (fields.empty() ? "" : "&" + fields));
    EXPECT_EQ(bad.status, 403) << path << " with a wrong token";
    // A signed-in browser needs its token even from a same-origin page (only anonymous public
    // forms go by the browser's origin headers).
    EXPECT_EQ(b.Post(path, kForm, fields, b.SameOriginHeaders()).status, 403) << path << " same-origin, no token";
  }
  // Still signed in: nothing above took effect.
  EXPECT_EQ(b.Get("/account").status, 200);
}

// Issue 18 item 8: only anonymous pages are shared; a signed-in browser's stay its own.
TEST_F(AccountPagesTest, SignedInPagesStayPrivateWithTheirToken) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("private")).status, 303);
  for (const char* page : {"/", "/roles/backend-developer", "/questions/be-debugging-complex-issue", "/jobs"}) {
    HttpResponse r = b.Get(page);
    ASSERT_EQ(r.status, 200) << page;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << page;
    EXPECT_NE(r.body.find("action=\"/signout\""), std::string::npos) << page << ": not the signed-in header";
    HttpResponse anonymous = Get(port(), page);
    EXPECT_NE(r.body, anonymous.body) << page;
  }
  EXPECT_FALSE(Browser::FormToken(b.Get("/roles/backend-developer").body).empty()) << "signed in: the form has a token";
}

// The token is bound to the session: the same visitor (same sp_vid cookie) cannot reuse a token
// minted before signing in, nor one from an earlier session; the current session's token works,
// so the 403s above come from the session binding and not from something else.
TEST_F(AccountPagesTest, CsrfTokensAreBoundToTheVisitorsCurrentSession) {
  Browser b(port());
  const std::string email = UniqueEmail("csrf-session");
  const std::string anonymous_token = CsrfOf(b.Get("/signin").body);
  const std::string visitor = b.visitor_id();
  ASSERT_FALSE(visitor.empty());
  ASSERT_EQ(SignUp(b, email).status, 303);
  const std::string first_session = b.Cookie("sp_session");
  const std::string first_session_token = CsrfOf(b.Get("/account").body);
  ASSERT_FALSE(first_session_token.empty());
  ASSERT_NE(first_session_token, anonymous_token) << "signing in changes the token";

  // Sign out and in again: a second session of the same visitor.
  ASSERT_EQ(b.Post("/signout", kForm, "csrf=" + UrlEncode(first_session_token)).status, 303);
  HttpResponse signin = b.Get("/signin");
  ASSERT_EQ(b.Post("/signin", kForm,
                   "csrf=" + UrlEncode(CsrfOf(signin.body)) + "&email=" + UrlEncode(email) +
                       "&password=" + UrlEncode(kPassword))
                .status,
            303);
  ASSERT_EQ(b.visitor_id(), visitor) << "the same visitor throughout";
  ASSERT_FALSE(b.Cookie("sp_session").empty());
  ASSERT_NE(b.Cookie("sp_session"), first_session) << "a new session";

  EXPECT_EQ(b.Post("/account/tokens", kForm, "csrf=" + UrlEncode(anonymous_token) + "&name=x").status, 403)
      << "a token from before signing in";
  EXPECT_EQ(b.Post("/account/tokens", kForm, "csrf=" + UrlEncode(first_session_token) + "&name=x").status, 403)
      << "a token from the visitor's earlier session";
  const std::string current = CsrfOf(b.Get("/account").body);
  EXPECT_NE(current, first_session_token);
  EXPECT_EQ(b.Post("/account/tokens", kForm, "csrf=" + UrlEncode(current) + "&name=x").status, 303)
      << "the current session's token creates the API token";
}

TEST_F(AccountPagesTest, AnonymousVisitsToPrivatePagesRedirectToSignIn) {
  for (const std::string path : {"/progress", "/account", "/stories", "/stories/new", "/stories/coverage",
                                 "/stories/export.md", "/attempts/1", "/account/delete", "/account/export"}) {
    HttpResponse r = Get(port(), path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.Header("location"), "/signin?next=" + UrlEncode(path)) << path;
  }
  HttpResponse with_query = Get(port(), "/stories/coverage?role=backend-developer");
  EXPECT_EQ(with_query.Header("location"), "/signin?next=%2Fstories%2Fcoverage%3Frole%3Dbackend-developer");
  // The sign-in form carries `next`, but only a local path.
  HttpResponse form = Get(port(), "/signin?next=%2Fstories");
  EXPECT_NE(form.body.find("name=\"next\" value=\"/stories\""), std::string::npos);
  HttpResponse evil = Get(port(), "/signin?next=%2F%2Fevil.example");
  EXPECT_EQ(evil.body.find("evil.example"), std::string::npos);
}

TEST_F(AccountPagesTest, SignInAfterTheRedirectGoesBackToTheLocalPage) {
  const std::string email = UniqueEmail("next");
  {
    Browser first(port());
    ASSERT_EQ(SignUp(first, email).status, 303);
  }
  Browser b(port());
  HttpResponse form = b.Get("/signin?next=%2Fstories");
  HttpResponse wrong = b.Post("/signin", kForm,
                              "csrf=" + UrlEncode(CsrfOf(form.body)) + "&next=%2Fstories&email=" + UrlEncode(email) +
                                  "&password=" + UrlEncode("not the password at all"));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("value=\"" + email + "\""), std::string::npos) << "the email is kept";
  EXPECT_EQ(wrong.body.find("not the password at all"), std::string::npos) << "the password is never echoed";
  EXPECT_NE(wrong.body.find("role=\"alert\""), std::string::npos);
  HttpResponse right = b.Post("/signin", kForm,
                              "csrf=" + UrlEncode(CsrfOf(wrong.body)) + "&next=%2Fstories&email=" + UrlEncode(email) +
                                  "&password=" + UrlEncode(kPassword));
  ASSERT_EQ(right.status, 303);
  EXPECT_EQ(right.Header("location"), "/stories");
  EXPECT_EQ(b.Get("/signin").status, 303) << "signed in already: on to the progress page";
  Browser fresh(port());
  HttpResponse offsite =
      fresh.Post("/signin", kForm,
                 "csrf=" + UrlEncode(CsrfOf(fresh.Get("/signin").body)) +
                     "&next=%2F%2Fevil.example&email=" + UrlEncode(email) + "&password=" + UrlEncode(kPassword));
  EXPECT_EQ(offsite.Header("location"), "/progress");
}

TEST_F(AccountPagesTest, AnotherUsersAttemptsAndStoriesAreNotFound) {
  Browser owner(port()), other(port());
  ASSERT_EQ(SignUp(owner, UniqueEmail("owner")).status, 303);
  ASSERT_EQ(SignUp(other, UniqueEmail("other")).status, 303);
  const std::string attempt = SaveAttempt(owner);
  const std::string story = CreateStory(owner, "Night outage");
  ASSERT_FALSE(attempt.empty());
  ASSERT_TRUE(story.starts_with("/stories/")) << story;
  EXPECT_EQ(owner.Get(attempt).status, 200);
  EXPECT_EQ(owner.Get(story).status, 200);
  for (const std::string& path : {attempt, attempt + "/delete", story, story + "/edit", story + "/delete"})
    EXPECT_EQ(other.Get(path).status, 404) << path;
  EXPECT_EQ(PostForm(other, "/stories", attempt + "/delete", "").status, 404);
  EXPECT_EQ(PostForm(other, "/stories", story + "/delete", "").status, 404);
  EXPECT_EQ(PostForm(other, "/stories", story, "title=Mine+now&situation=x").status, 404);
  EXPECT_EQ(owner.Get(story).status, 200) << "still there";
  EXPECT_EQ(other.Get("/attempts/not-a-number").status, 404);
  EXPECT_EQ(other.Get("/stories/0").status, 404);
}

// Personal search (search/service/personal_searcher.h): the search page of a signed-in user
// lists matches among their own stories and attempts, and nobody else ever sees one. A suite (and
// server) of its own: its sign-ups would spend the shared server's sign-in budget.
class PersonalSearchTest : public SharedServerTest {};

TEST_F(PersonalSearchTest, FindsOnlyTheSearchersOwnStoriesAndAttempts) {
  Browser owner(port()), other(port());
  ASSERT_EQ(SignUp(owner, UniqueEmail("finder")).status, 303);
  ASSERT_EQ(SignUp(other, UniqueEmail("snoop")).status, 303);
  const std::string story = CreateStory(owner, "The quokkaflux migration", "Our quokkaflux cluster fell over.");
  const std::string attempt = SaveAttempt(owner, std::string(kAnswer) + " The quokkaflux queue was the cause.");
  ASSERT_TRUE(story.starts_with("/stories/")) << story;
  ASSERT_TRUE(attempt.starts_with("/attempts/")) << attempt;

  HttpResponse mine = owner.Get("/search?q=quokkaflux");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Header("cache-control"), "no-store");
  EXPECT_NE(mine.body.find("In your stories and attempts"), std::string::npos);
  EXPECT_NE(mine.body.find("href=\"" + story + "\""), std::string::npos);
  EXPECT_NE(mine.body.find("href=\"" + attempt + "\""), std::string::npos);
  EXPECT_NE(mine.body.find("<mark>quokkaflux</mark>"), std::string::npos);
  EXPECT_NE(owner.Get("/search?q=qoukkaflux").body.find("href=\"" + story + "\""), std::string::npos)
      << "a typo (two in ten letters) finds it too";
  EXPECT_EQ(owner.Get("/search?q=quokkaflux&type=question").body.find("In your stories"), std::string::npos)
      << "a type filter leaves them out";

  // Nobody else: another user, an anonymous visitor, the API, the suggestions.
  for (const HttpResponse& r :
       {other.Get("/search?q=quokkaflux"), Get(port(), "/search?q=quokkaflux"), other.Get("/search?q=qoukkaflux")}) {
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("In your stories"), std::string::npos);
    EXPECT_EQ(r.body.find("<mark>quokkaflux</mark>"), std::string::npos);
    EXPECT_EQ(r.body.find("href=\"" + story + "\""), std::string::npos);
    EXPECT_EQ(r.body.find("href=\"" + attempt + "\""), std::string::npos);
  }
  HttpResponse api = owner.Get("/api/v1/search?q=quokkaflux");
  ASSERT_EQ(api.status, 200);
  EXPECT_EQ(api.Json().at("total"), 0) << "the shared index never holds personal texts";
  HttpResponse suggest = owner.Get("/api/v1/search/suggest?q=quokkaf");
  ASSERT_EQ(suggest.status, 200);
  EXPECT_TRUE(suggest.Json().at("items").as_array().empty());
  EXPECT_TRUE(suggest.Json().at("completions").as_array().empty()) << "nor their words in its vocabulary";
}

TEST_F(AccountPagesTest, HtmlInUserTextComesBackEscaped) {
  const std::string payload = "<script>alert(1)</script>";
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("xss"), payload).status, 303);
  const std::string story = CreateStory(b, payload + " title", payload + " situation");
  ASSERT_FALSE(story.empty());
  HttpResponse token = PostForm(b, "/account", "/account/tokens", "name=" + UrlEncode(payload));
  EXPECT_EQ(token.status, 303);
  const std::string attempt = SaveAttempt(b, std::string(kAnswer) + " " + payload);
  ASSERT_FALSE(attempt.empty());
  for (const std::string& path : {std::string("/account"), std::string("/stories"), story, story + "/edit",
                                  std::string("/stories/coverage?role=backend-developer"), attempt}) {
    HttpResponse r = b.Get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find(payload), std::string::npos) << path << " echoes raw HTML";
    EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos) << path;
  }
  // A feedback comment given while signed in is stored with the account (its export) and never
  // shown raw anywhere.
  HttpResponse vote = PostForm(b, std::string("/questions/") + kDebugQuestion, "/feedback",
                               "return=" + UrlEncode(std::string("/questions/") + kDebugQuestion) +
                                   "&vote=" + UrlEncode(std::string(kDebugQuestion) + ":yes") + "&comment-" +
                                   kDebugQuestion + "=" + UrlEncode(payload));
  EXPECT_EQ(vote.status, 303);
  HttpResponse exported = b.Get("/account/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.Header("content-disposition").find("attachment"), std::string::npos);
  auto votes = exported.Json().at("votes").as_array();
  ASSERT_EQ(votes.size(), 1u) << "the vote is linked to the signed-in user";
  EXPECT_EQ(b.Get(std::string("/questions/") + kDebugQuestion).body.find(payload), std::string::npos);
}

TEST_F(AccountPagesTest, CachedQuestionPagesNeverContainAUsersEmail) {
  const std::string email = UniqueEmail("cache");
  Browser member(port());
  ASSERT_EQ(SignUp(member, email).status, 303);
  ASSERT_FALSE(SaveAttempt(member).empty());
  const std::string path = std::string("/questions/") + kDebugQuestion;
  for (int i = 0; i < 2; ++i) {  // the second request is a cache hit
    HttpResponse signed_in = member.Get(path);
    ASSERT_EQ(signed_in.status, 200);
    EXPECT_EQ(signed_in.body.find(email), std::string::npos);
    EXPECT_EQ(signed_in.body.find("Ada"), std::string::npos) << "no display name either";
    EXPECT_NE(signed_in.body.find(">Sign out</button>"), std::string::npos);
    EXPECT_EQ(signed_in.Header("cache-control"), "no-store");
    HttpResponse anonymous = Get(port(), path);
    ASSERT_EQ(anonymous.status, 200);
    EXPECT_EQ(anonymous.body.find(email), std::string::npos);
    EXPECT_EQ(anonymous.body.find(">Sign out</button>"), std::string::npos);
    EXPECT_NE(anonymous.body.find("href=\"/signin\""), std::string::npos);
  }
  // A stale session cookie gets the anonymous header.
  Browser stale(port());
  HttpResponse r = stale.Get(path, {{"Cookie", "sp_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
  EXPECT_EQ(r.body.find(">Sign out</button>"), std::string::npos);
}

TEST_F(AccountPagesTest, SavingWithoutAnAccountKeepsTheAnswerAndOffersSignIn) {
  Browser b(port());
  HttpResponse r = PostForm(b, std::string("/questions/") + kDebugQuestion,
                            std::string("/questions/") + kDebugQuestion + "/attempts", "answer=" + UrlEncode(kAnswer));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_NE(UnescapeHtml(r.body).find(kAnswer), std::string::npos) << "the answer is still in the form";
  EXPECT_NE(r.body.find("href=\"/signin?next=%2Fquestions%2F" + std::string(kDebugQuestion) + "\""), std::string::npos);
  EXPECT_NE(r.body.find("class=\"coach\""), std::string::npos) << "and the feedback is shown";

  Browser member(port());
  ASSERT_EQ(SignUp(member, UniqueEmail("empty")).status, 303);
  HttpResponse blank = PostForm(member, std::string("/questions/") + kDebugQuestion,
                                std::string("/questions/") + kDebugQuestion + "/attempts", "answer=+++&seconds=3");
  EXPECT_EQ(blank.status, 400);
  EXPECT_NE(blank.body.find("role=\"alert\""), std::string::npos);
  HttpResponse bad_seconds = PostForm(member, std::string("/questions/") + kDebugQuestion,
                                      std::string("/questions/") + kDebugQuestion + "/attempts",
                                      "answer=" + UrlEncode(kAnswer) + "&seconds=-4");
  EXPECT_EQ(bad_seconds.status, 400);
  EXPECT_NE(UnescapeHtml(bad_seconds.body).find(kAnswer), std::string::npos);
  HttpResponse unknown = PostForm(member, std::string("/questions/") + kDebugQuestion, "/questions/nope/attempts",
                                  "answer=" + UrlEncode(kAnswer));
  EXPECT_EQ(unknown.status, 404);
}

// The sign-up form shows why a password is too easy to guess (zxcvbn-c's estimate, our words).
// A suite (and server) of its own: refused sign-ups spend the address's sign-in budget too.
class WeakPasswordPageTest : public SharedServerTest {};

TEST_F(WeakPasswordPageTest, SignUpShowsWhyAPasswordIsWeak) {
  const std::pair<std::string, std::string> weak[] = {
      {"aaaaaaaaaaaa", "it repeats the same characters or pattern"},
      {"qwertyuiopas", "too easy to guess"},
      {"Weak-Form@Example.org", "may not be your email address"},
  };
  for (const auto& [password, reason] : weak) {
    Browser b(port());
    HttpResponse form = b.Get("/signup");
    HttpResponse r = b.Post("/signup", kForm,
                            "csrf=" + UrlEncode(CsrfOf(form.body)) +
                                "&email=weak-form%40example.org&password=" + UrlEncode(password) + "&display_name=Ada");
    EXPECT_EQ(r.status, 400) << password;
    EXPECT_NE(r.body.find(reason), std::string::npos) << password << ": " << r.body.substr(0, 2000);
    EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
    EXPECT_EQ(r.body.find("value=\"" + password + "\""), std::string::npos) << "the password is never echoed";
  }
}

// The token page's new-token box ("" if the page shows none).
std::string ShownToken(const std::string& html) {
  const std::string marker = "id=\"new-token-value\">";
  auto at = html.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return html.substr(at, html.find('<', at) - at);
}

TEST_F(AccountPagesTest, ANewApiTokenIsShownOnceAfterARedirectAndRevokedAfterConfirming) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("token")).status, 303);
  HttpResponse created = PostForm(b, "/account", "/account/tokens", "name=laptop");
  // Post/redirect/get: the POST answers 303 to the tokens section; the token is in no URL or body.
  ASSERT_EQ(created.status, 303);
  EXPECT_EQ(created.Header("location"), "/account#tokens");
  EXPECT_EQ(created.Header("cache-control"), "no-store");
  EXPECT_EQ(created.body.find("spt_"), std::string::npos);
  const std::string flash = b.Cookie("sp_new_token");
  ASSERT_FALSE(flash.empty()) << "the token travels in a sealed cookie";
  EXPECT_EQ(flash.find("spt_"), std::string::npos) << "sealed, not in the clear";
  for (const auto& sc : created.AllHeaders("set-cookie"))
    if (sc.starts_with("sp_new_token=")) {
      EXPECT_NE(sc.find("HttpOnly"), std::string::npos) << sc;
      EXPECT_NE(sc.find("SameSite=Strict"), std::string::npos) << sc;
      EXPECT_NE(sc.find("Path=/account"), std::string::npos) << sc;
    }
  // Another signed-in browser holding the same cookie cannot open it (it is bound to the session).
  Browser other(port());
  ASSERT_EQ(SignUp(other, UniqueEmail("thief")).status, 303);
  HttpResponse stolen = Get(port(), "/account", {{"Cookie", other.CookieHeader() + "; sp_new_token=" + flash}});
  EXPECT_EQ(stolen.status, 200);
  EXPECT_TRUE(ShownToken(stolen.body).empty()) << "a flash sealed for another session";

  HttpResponse shown = b.Get("/account");
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.Header("cache-control"), "no-store");
  const std::string token = ShownToken(shown.body);
  ASSERT_TRUE(token.starts_with("spt_")) << shown.body;
  EXPECT_NE(shown.body.find("Your new read token \"laptop\""), std::string::npos) << "read is the default scope";
  EXPECT_NE(shown.body.find("id=\"new-token\" tabindex=\"-1\""), std::string::npos) << "focusable for app.js";
  EXPECT_TRUE(b.Cookie("sp_new_token").empty()) << "the page that shows it clears the cookie";
  HttpResponse reload = b.Get("/account");
  EXPECT_EQ(reload.body.find(token), std::string::npos) << "a reload does not show it again";
  EXPECT_NE(reload.body.find(">laptop</th><td>read</td>"), std::string::npos);
  EXPECT_EQ(reload.body.find(">laptop</th>", reload.body.find(">laptop</th>") + 1), std::string::npos)
      << "nor create it again";

  HttpResponse me = Get(port(), "/api/v1/me", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200) << "the token works";
  EXPECT_TRUE(IsJsonError(
      Fetch(port(), "POST", "/api/v1/me/stories",
            {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}, "{\"title\":\"x\"}"),
      403))
      << "a read token may not write";
  HttpResponse bad_scope = PostForm(b, "/account", "/account/tokens", "name=ci&scope=admin");
  EXPECT_EQ(bad_scope.status, 400);
  EXPECT_NE(bad_scope.body.find("Choose the scope"), std::string::npos);
  ASSERT_EQ(PostForm(b, "/account", "/account/tokens", "name=sync&scope=write").status, 303);
  HttpResponse writer = b.Get("/account");
  EXPECT_NE(writer.body.find("Your new write token \"sync\""), std::string::npos);
  EXPECT_NE(writer.body.find(">sync</th><td>write</td>"), std::string::npos);

  // Revoking asks first (a page that works without JavaScript), then the form's POST revokes.
  auto link = writer.body.find("href=\"/account/tokens/");
  ASSERT_NE(link, std::string::npos);
  const std::string ask = writer.body.substr(link + 6, writer.body.find('"', link + 6) - link - 6);
  ASSERT_TRUE(ask.ends_with("/delete")) << ask;
  HttpResponse confirm = b.Get(ask);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("<h1>Revoke this API token?</h1>"), std::string::npos);
  EXPECT_NE(confirm.body.find("action=\"" + ask + "\""), std::string::npos);
  EXPECT_NE(confirm.body.find("href=\"/account#tokens\">Keep it</a>"), std::string::npos);
  EXPECT_EQ(Get(port(), "/api/v1/me", {{"Authorization", "Bearer " + token}}).status, 200) << "asking revokes nothing";
  EXPECT_EQ(other.Get(ask).status, 404) << "another user's token";
  HttpResponse revoked = PostForm(b, ask, ask, "");
  EXPECT_EQ(revoked.status, 303);
  EXPECT_EQ(revoked.Header("location"), "/account?done=token-revoked#tokens");
  EXPECT_EQ(Get(port(), "/api/v1/me", {{"Authorization", "Bearer " + token}}).status, 401);
}

// Error pages carry the header of the visitor who got them.
TEST_F(AccountPagesTest, ErrorPagesShowTheVisitorsOwnNavigation) {
  HttpResponse anonymous = Get(port(), "/no-such-page");
  EXPECT_EQ(anonymous.status, 404);
  EXPECT_NE(anonymous.body.find("<a href=\"/signin\">Sign in</a>"), std::string::npos);
  EXPECT_EQ(anonymous.body.find("href=\"/account\""), std::string::npos) << "no Account link for signed-out visitors";

  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("errors")).status, 303);
  HttpResponse signed_in = b.Get("/no-such-page");
  EXPECT_EQ(signed_in.status, 404);
  for (const char* link : {"href=\"/progress\"", "href=\"/stories\"", "href=\"/account\"", "action=\"/signout\""})
    EXPECT_NE(signed_in.body.find(link), std::string::npos) << link;
  EXPECT_EQ(signed_in.body.find("href=\"/signin\""), std::string::npos);
  // Its sign-out button works: the form carries this session's token.
  HttpResponse out = b.Post("/signout", kForm, "csrf=" + UrlEncode(CsrfOf(signed_in.body)));
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(b.Get("/account").status, 303) << "signed out";
}

// "Account type" (not "Role", which reads like a job role); the sign-in page says who resets a
// forgotten password.
TEST_F(AccountPagesTest, AccountTypeAndForgottenPasswordHelp) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("type")).status, 303);
  HttpResponse account = b.Get("/account");
  EXPECT_NE(account.body.find("<dt>Account type</dt><dd>Member</dd>"), std::string::npos);
  EXPECT_EQ(account.body.find("<dt>Role</dt>"), std::string::npos);
  HttpResponse signin = Get(port(), "/signin");
  EXPECT_NE(signin.body.find("Forgot your password?"), std::string::npos);
  EXPECT_NE(signin.body.find("starprep user set-password"), std::string::npos);
}

TEST_F(AccountPagesTest, StoriesCoverageAndMarkdownExport) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("stories")).status, 303);
  HttpResponse empty = b.Get("/stories");
  EXPECT_NE(empty.body.find("You have no stories yet"), std::string::npos);
  const std::string story = CreateStory(b, "Checkout outage");
  ASSERT_FALSE(story.empty());
  HttpResponse page = b.Get(story);
  EXPECT_NE(page.body.find("Situation</dt>"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"coach\""), std::string::npos);
  HttpResponse coverage = b.Get("/stories/coverage?role=backend-developer");
  ASSERT_EQ(coverage.status, 200);
  EXPECT_NE(coverage.body.find(">Checkout outage</a>"), std::string::npos);
  EXPECT_EQ(b.Get("/stories/coverage?role=nope").status, 404);
  HttpResponse md = b.Get("/stories/export.md");
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.Header("content-type"), "text/markdown; charset=utf-8");
  EXPECT_NE(md.body.find("## Checkout outage"), std::string::npos);
  HttpResponse invalid = PostForm(b, "/stories/new", "/stories", "title=&situation=x");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_NE(invalid.body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(invalid.body.find(">x</textarea>"), std::string::npos) << "the text is kept";
  EXPECT_EQ(PostForm(b, story, story + "/delete", "").status, 303);
  EXPECT_EQ(b.Get(story).status, 404);
}

TEST_F(AccountPagesTest, DeletingTheAccountNeedsThePasswordAndTheConfirmation) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("delete")).status, 303);
  HttpResponse unconfirmed = PostForm(b, "/account/delete", "/account/delete", "password=" + UrlEncode(kPassword));
  EXPECT_EQ(unconfirmed.status, 400);
  HttpResponse wrong = PostForm(b, "/account/delete", "/account/delete", "password=wrong+password+here&confirm=delete");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(b.Get("/account").status, 200) << "nothing deleted yet";
  HttpResponse done =
      PostForm(b, "/account/delete", "/account/delete", "password=" + UrlEncode(kPassword) + "&confirm=delete");
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(done.Header("location"), "/account/deleted");
  EXPECT_EQ(b.Get("/account/deleted").status, 200);
  EXPECT_EQ(b.Get("/progress").status, 303);
}

// The coverage table's part of the progress page.
std::string CoverageOf(const std::string& html) {
  const auto start = html.find("id=\"coverage-h\"");
  const auto end = html.find("id=\"best-h\"");
  return start == std::string::npos || end == std::string::npos ? std::string() : html.substr(start, end - start);
}

TEST_F(AccountPagesTest, TargetRolesAreChosenOnTheAccountPageAndNarrowTheCoverage) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("targets")).status, 303);
  ASSERT_FALSE(SaveAttempt(b).empty());
  HttpResponse account = b.Get("/account");
  ASSERT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("action=\"/account/target-roles\""), std::string::npos);
  EXPECT_NE(account.body.find("<legend>Roles you are preparing for</legend>"), std::string::npos);
  EXPECT_NE(account.body.find("name=\"role:devops-engineer\" value=\"1\">"), std::string::npos) << "none ticked";
  // None chosen: every role, with the way to choose.
  std::string coverage = CoverageOf(b.Get("/progress").body);
  EXPECT_NE(coverage.find("href=\"/roles/data-engineer\""), std::string::npos);
  EXPECT_NE(coverage.find("Choose your target roles</a>"), std::string::npos);

  HttpResponse saved =
      PostForm(b, "/account", "/account/target-roles", "role%3Adevops-engineer=1&role%3Abackend-developer=1");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.Header("location"), "/account?done=target-roles#target-roles");
  account = b.Get("/account?done=target-roles");
  EXPECT_NE(account.body.find("Your target roles are saved."), std::string::npos);
  EXPECT_NE(account.body.find("name=\"role:devops-engineer\" value=\"1\" checked>"), std::string::npos);
  EXPECT_NE(account.body.find("name=\"role:backend-developer\" value=\"1\" checked>"), std::string::npos);
  coverage = CoverageOf(b.Get("/progress").body);
  EXPECT_NE(coverage.find("Coverage of your target roles"), std::string::npos) << coverage;
  EXPECT_NE(coverage.find("href=\"/roles/backend-developer\""), std::string::npos);
  EXPECT_NE(coverage.find("href=\"/roles/devops-engineer\""), std::string::npos);
  EXPECT_EQ(coverage.find("href=\"/roles/data-engineer\""), std::string::npos) << "not a target role";
  EXPECT_NE(coverage.find("Change your target roles</a>"), std::string::npos);

  // Bad choices: the page again with the error and the ticks, nothing saved.
  HttpResponse unknown = PostForm(b, "/account", "/account/target-roles", "role%3Aastronaut=1");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(UnescapeHtml(unknown.body).find("There is no role \"astronaut\""), std::string::npos) << unknown.body;
  EXPECT_NE(unknown.body.find("role=\"alert\" id=\"target-error\""), std::string::npos);
  HttpResponse too_many = PostForm(
      b, "/account", "/account/target-roles",
      "role%3Adevops-engineer=1&role%3Abackend-developer=1&role%3Adata-engineer=1&role%3Afrontend-developer=1");
  EXPECT_EQ(too_many.status, 400);
  EXPECT_NE(too_many.body.find("Choose at most 3 target roles"), std::string::npos);
  EXPECT_NE(too_many.body.find("name=\"role:data-engineer\" value=\"1\" checked>"), std::string::npos)
      << "the ticks come back";
  EXPECT_NE(b.Get("/account").body.find("name=\"role:data-engineer\" value=\"1\">"), std::string::npos)
      << "nothing saved";
  // The export carries them; clearing them brings every role back.
  HttpResponse exported = b.Get("/account/export");
  EXPECT_NE(exported.body.find("\"target_roles\":[\"backend-developer\",\"devops-engineer\"]"), std::string::npos)
      << exported.body.substr(0, 400);
  ASSERT_EQ(PostForm(b, "/account", "/account/target-roles", "").status, 303);
  EXPECT_NE(CoverageOf(b.Get("/progress").body).find("href=\"/roles/data-engineer\""), std::string::npos);

  // "Next up" suggests a question of the target roles when one was practised.
  constexpr const char* kOpsQuestion = "ops-leading-an-incident";
  ASSERT_EQ(
      PostForm(b, std::string("/questions/") + kOpsQuestion, std::string("/questions/") + kOpsQuestion + "/attempts",
               "answer=" + UrlEncode(kAnswer) + "&seconds=60")
          .status,
      303);
  for (const auto& [role, question] : {std::pair<std::string, std::string>{"devops-engineer", kOpsQuestion},
                                       std::pair<std::string, std::string>{"backend-developer", kDebugQuestion}}) {
    ASSERT_EQ(PostForm(b, "/account", "/account/target-roles", "role%3A" + role + "=1").status, 303);
    EXPECT_NE(b.Get("/progress").body.find("href=\"/questions/" + question + "#practice\""), std::string::npos)
        << "target " << role;
  }
}

TEST_F(AccountPagesTest, ProgressShowsScoresPerQuestionAndDay) {
  Browser b(port());
  ASSERT_EQ(SignUp(b, UniqueEmail("trends")).status, 303);
  ASSERT_FALSE(SaveAttempt(b).empty());
  ASSERT_FALSE(SaveAttempt(b, std::string(kAnswer) + " It worked.").empty());
  HttpResponse progress = b.Get("/progress");
  ASSERT_EQ(progress.status, 200);
  EXPECT_NE(progress.body.find("Score over time, per question"), std::string::npos);
  EXPECT_NE(progress.body.find("class=\"trend-grid\""), std::string::npos);
  EXPECT_NE(progress.body.find("best score you saved that day"), std::string::npos);
  // Two attempts on one day: one point on that question's chart, one row in the table.
  const auto grid = progress.body.find("class=\"trend-grid\"");
  const auto table = progress.body.find("class=\"data-table wide trend-data\"");
  ASSERT_NE(table, std::string::npos);
  const std::string charts = progress.body.substr(grid, table - grid);
  std::size_t circles = 0;
  for (auto pos = charts.find("<circle"); pos != std::string::npos; pos = charts.find("<circle", pos + 1)) ++circles;
  EXPECT_EQ(circles, 1u) << charts;
  EXPECT_NE(progress.body.find("<td>2</td></tr></tbody>", table), std::string::npos) << "2 attempts that day";
}

}  // namespace
}  // namespace starprep::it
