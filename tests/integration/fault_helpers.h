// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers of the fault tests (crash, disk full, SIGTERM under load): a signed-in member, unique
// answers. Direct SQL on a data directory's database is harness.h's DataSql. Helpers return values;
// the tests assert.

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "harness.h"

namespace starprep::it {

inline constexpr const char* kMemberPassword = "a long and unusual passphrase";

// A signed-in member: a Browser holding the session cookie, the CSRF token that sign-up returned,
// and the JSON calls for saved attempts and stories.
class Member {
 public:
  explicit Member(std::uint16_t port) : browser_(port) {}

  HttpResponse SignUp(const std::string& email) {
    return Remember(
        browser_.Post("/api/v1/auth/signup", "application/json",
                      boost::json::serialize(boost::json::object{{"email", email}, {"password", kMemberPassword}})));
  }
  // A cookie-authenticated call with the CSRF header (and a JSON body when one is given).
  HttpResponse Call(const std::string& method, const std::string& target, const std::string& body = "") {
    return browser_.Send(method, target, body.empty() ? "" : "application/json", body, {{"X-CSRF-Token", csrf_}});
  }
  HttpResponse Get(const std::string& target) { return browser_.Get(target); }
  HttpResponse SaveAttempt(const std::string& question_id, const std::string& answer) {
    return Call(
        "POST", "/api/v1/me/attempts",
        boost::json::serialize(boost::json::object{{"question_id", question_id}, {"answer", answer}, {"seconds", 90}}));
  }
  HttpResponse CreateStory(const std::string& title, const std::vector<std::string>& question_ids) {
    boost::json::array links;
    for (const auto& q : question_ids) links.emplace_back(q);
    boost::json::object story{
        {"title", title},
        {"situation", "Our nightly import job kept failing and the sales team saw stale numbers every morning."},
        {"task", "I had to make the import reliable within two weeks."},
        {"action", "I split the job into idempotent batches, added retries and an alert on the failure rate."},
        {"result", "The import has not failed in six months and the morning report is always fresh."},
        {"competencies", boost::json::array{"reliability"}},
        {"question_ids", std::move(links)}};
    return Call("POST", "/api/v1/me/stories", boost::json::serialize(story));
  }
  void set_port(std::uint16_t port) { browser_.set_port(port); }
  // The CSRF token of this member's session (the same one a page's forms carry).
  const std::string& csrf() const { return csrf_; }
  Browser& browser() { return browser_; }

 private:
  HttpResponse Remember(HttpResponse r) {
    auto v = r.Json();
    if (v.is_object() && v.as_object().contains("csrf_token")) csrf_ = std::string(v.at("csrf_token").as_string());
    return r;
  }
  Browser browser_;
  std::string csrf_;
};

// An answer that the coach accepts, made unique by `marker`.
inline std::string MarkedAnswer(const std::string& marker) {
  return "Last spring our payment service started timing out during the evening peak (" + marker +
         "). I was asked to find the cause before the holiday sale. I traced the slow requests, found a missing "
         "index on the orders table and added it behind a feature flag. Checkout latency fell from 900 ms to "
         "120 ms and timeouts stopped completely.";
}

// The "id" of a JSON response body (-1 when absent).
inline std::int64_t IdOf(const HttpResponse& r) {
  auto v = r.Json();
  return v.is_object() && v.as_object().contains("id") && v.at("id").is_int64() ? v.at("id").as_int64() : -1;
}

// The ids of the first `n` questions of the backend role.
inline std::vector<std::string> BackendQuestions(std::uint16_t port, int n) {
  std::vector<std::string> ids;
  auto v = Get(port, "/api/v1/roles/backend-developer/questions?limit=" + std::to_string(n)).Json();
  if (!v.is_object() || !v.as_object().contains("items")) return ids;
  for (const auto& q : v.at("items").as_array()) ids.emplace_back(q.at("id").as_string());
  return ids;
}

}  // namespace starprep::it
