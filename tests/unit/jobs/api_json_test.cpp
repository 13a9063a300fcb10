// SPDX-License-Identifier: Apache-2.0
// jobs/api_json: the editor API's job body. The round trip through ToApiJson, and the worst inputs
// (empty, huge, invalid UTF-8, out-of-range numbers and dates), each refused with a message that
// names the field.

#include "jobs/api_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace starprep::jobs {
namespace {

namespace json = boost::json;

const std::vector<RoleInfo> kRoles = {
    {"backend-developer", "Back-end Developer", {"APIs", "databases", "security"}},
};

json::object Body() {
  return json::parse(R"({"title":"Editor Backend Engineer","company":{"name":"Edit Co","url":"https://edit.example"},
    "remote":"remote","description":"Made by an *editor*.","apply_url":"https://edit.example/apply",
    "date_posted":"2026-11-20","valid_through":"2099-01-01","employment_type":"CONTRACTOR",
    "salary":{"min":500,"max":700,"currency":"EUR","unit":"DAY"},"applicant_locations":["Spain"],"skills":["Go"]})")
      .as_object();
}

// The error message of FromApiJson(body), or "accepted".
std::string Refusal(const json::value& body) {
  auto job = FromApiJson(body, kRoles, "editor-1");
  return job.ok() ? "accepted" : job.error().message;
}

bool Mentions(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

TEST(JobApiJsonTest, AcceptsTheIntegrationBodyAndRoundTrips) {
  auto job = FromApiJson(Body(), kRoles, "editor-1");
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->roles, (std::vector<std::string>{"backend-developer"}));  // mapped from the title
  EXPECT_EQ(job->valid_through, "2099-01-01T23:59:59Z");
  EXPECT_EQ(job->source, "editor");
  EXPECT_EQ(job->source_id, "editor-1");
  json::object out = ToApiJson(*job, "2026-12-01T00:00:00Z");
  EXPECT_EQ(out.at("expired"), false);
  for (const char* read_only : {"id", "sample", "expired", "url"}) out.erase(read_only);
  auto again = FromApiJson(out, kRoles, "other-id");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *job);
}

TEST(JobApiJsonWorstInputTest, EmptyBodies) {
  EXPECT_TRUE(Mentions(Refusal(json::object{}), "\"company\" is required")) << Refusal(json::object{});
  for (const json::value& v : {json::value(nullptr), json::value(json::array{}), json::value(""), json::value(0)})
    EXPECT_EQ(Refusal(v), "The request body must be a JSON object.");
  json::object no_title = Body();
  no_title["title"] = "";
  EXPECT_TRUE(Mentions(Refusal(no_title), "title is missing")) << Refusal(no_title);
  json::object blank = Body();
  blank["description"] = " \n\t ";
  EXPECT_TRUE(Mentions(Refusal(blank), "description is missing")) << Refusal(blank);
}

TEST(JobApiJsonWorstInputTest, HugeValuesAndListsAreRefused) {
  json::object long_description = Body();
  long_description["description"] = std::string(100'001, 'x');
  EXPECT_TRUE(Mentions(Refusal(long_description), "description is longer than")) << Refusal(long_description);
  json::object long_title = Body();
  long_title["title"] = std::string(301, 't');
  EXPECT_TRUE(Mentions(Refusal(long_title), "title is longer than")) << Refusal(long_title);
  json::object many_skills = Body();
  json::array skills;
  for (int i = 0; i < 51; ++i) skills.push_back(json::string("skill " + std::to_string(i)));
  many_skills["skills"] = skills;
  EXPECT_TRUE(Mentions(Refusal(many_skills), "too many")) << Refusal(many_skills);
  json::object long_url = Body();
  long_url["apply_url"] = "https://x.example/" + std::string(5000, 'a');
  EXPECT_TRUE(Mentions(Refusal(long_url), "url")) << Refusal(long_url);
}

TEST(JobApiJsonWorstInputTest, InvalidUtf8IsRefusedByField) {
  // Boost.JSON refuses invalid UTF-8 while parsing; a value built in code can still carry it.
  json::error_code ec;
  (void)json::parse("{\"title\":\"\xFF\"}", ec);
  EXPECT_TRUE(ec);
  json::object bad_title = Body();
  bad_title["title"] = "Engineer \xC3\x28";
  EXPECT_TRUE(Mentions(Refusal(bad_title), "title is not valid UTF-8")) << Refusal(bad_title);
  json::object bad_skill = Body();
  bad_skill["skills"] = json::array{"Go", "\xED\xA0\x80"};  // an encoded surrogate
  EXPECT_TRUE(Mentions(Refusal(bad_skill), "skills is not valid UTF-8")) << Refusal(bad_skill);
}

TEST(JobApiJsonWorstInputTest, OutOfRangeSalariesAreRefused) {
  const double inf = std::numeric_limits<double>::infinity();
  for (auto [lo, hi] : {std::pair{0.0, 100.0},
                        {-5.0, 100.0},
                        {700.0, 500.0},
                        {1.0, 1e12},
                        {1.0, inf},
                        {std::nan(""), 100.0},
                        {1.0, std::nan("")}}) {
    json::object body = Body();
    body["salary"] = {{"min", lo}, {"max", hi}, {"currency", "EUR"}, {"unit", "DAY"}};
    EXPECT_TRUE(Mentions(Refusal(body), "baseSalary must be positive")) << lo << ".." << hi << ": " << Refusal(body);
  }
  json::object huge_int = Body();
  huge_int["salary"] =
      json::parse(R"({"min":18446744073709551615,"max":18446744073709551615,"currency":"EUR","unit":"YEAR"})");
  EXPECT_TRUE(Mentions(Refusal(huge_int), "baseSalary must be positive")) << Refusal(huge_int);
  json::object bad_unit = Body();
  bad_unit["salary"] = {{"min", 1}, {"currency", "EURO"}, {"unit", "DAY"}};
  EXPECT_TRUE(Mentions(Refusal(bad_unit), "ISO 4217")) << Refusal(bad_unit);
}

TEST(JobApiJsonWorstInputTest, OutOfRangeDatesAreRefused) {
  for (const char* date :
       {"0000-01-01", "1969-12-31", "10000-01-01", "2026-13-01", "2026-02-29", "2026-04-31", "2026-11-20T24:00:00Z",
        "2026-11-20T10:60:00Z", "2026-11-20T10:00:61Z", "2026-11-20T10:00:00+19:00", "2026-11-20X", ""}) {
    json::object body = Body();
    body["date_posted"] = date;
    EXPECT_TRUE(Mentions(Refusal(body), "date_posted")) << date << ": " << Refusal(body);
  }
  // The epoch's first hour, east of UTC, falls before 1970 in UTC: still refused, not wrapped.
  json::object early = Body();
  early["date_posted"] = "1970-01-01T00:30:00+01:00";
  EXPECT_NE(Refusal(early), "accepted");
  json::object through = Body();
  through["valid_through"] = "2026-11-19";  // before date_posted
  EXPECT_TRUE(Mentions(Refusal(through), "before datePosted")) << Refusal(through);
  // The last representable day is fine.
  json::object last = Body();
  last["valid_through"] = "9999-12-31";
  auto job = FromApiJson(last, kRoles, "e");
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->valid_through, "9999-12-31T23:59:59Z");
}

TEST(JobApiJsonWorstInputTest, WrongTypesAndUnknownFieldsNameTheField) {
  json::object unknown = Body();
  unknown["bogus"] = 1;
  EXPECT_EQ(Refusal(unknown), "Unknown field \"bogus\".");
  json::object number_title = Body();
  number_title["title"] = 5;
  EXPECT_EQ(Refusal(number_title), "Field \"title\" must be a string.");
  json::object role = Body();
  role["roles"] = json::array{"nope"};
  EXPECT_EQ(Refusal(role), "Field \"roles\": there is no role \"nope\".");
  json::object type = Body();
  type["employment_type"] = "full-time";  // the API wants the schema.org spelling
  EXPECT_TRUE(Mentions(Refusal(type), "employment_type")) << Refusal(type);
}

}  // namespace
}  // namespace starprep::jobs
