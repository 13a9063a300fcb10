// SPDX-License-Identifier: Apache-2.0
// The answer coach against the real binary: the `starprep coach` CLI (JSON contract, readable
// report, exit codes, keywords, `coach eval`), POST /api/v1/coach (contract, every error status,
// equality with the CLI), the no-JS practice form POST /questions/{id}/practice (answer kept and
// escaped, feedback rendered, no-store, fragment mode, nothing stored) and the shared per-address
// rate limit (in its own server so it cannot starve the other suites).

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "fixture.h"

namespace starprep::it {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// A complete STAR answer (one sentence per part) and the same answer without its result.
constexpr std::string_view kSituation = "Last year our checkout service started timing out during peak traffic.";
constexpr std::string_view kTask = "I was responsible for finding the cause and fixing it before the holiday sale.";
constexpr std::string_view kAction =
    "I profiled the database queries, added an index on the orders table and introduced a cache for product lookups.";
constexpr std::string_view kResult =
    "As a result, p99 latency dropped from 2 seconds to 300 milliseconds and checkout errors fell by 40%.";

std::string Complete() {
  return std::string(kSituation) + " " + std::string(kTask) + " " + std::string(kAction) + " " + std::string(kResult);
}
std::string WithoutResult() {
  return std::string(kSituation) + " " + std::string(kTask) + " " + std::string(kAction);
}

// Multi-byte text (2-, 3- and 4-byte sequences), CRLF line breaks and a blank line.
const std::string kMultiByte =
    "Ünsere Änderung — très lente 🚀.\r\nI owned the rollout of the fix.\r\n\r\nI wrote a canary script. "
    "Errors fell 40% and “latency” halved.";

// The CLI with an answer on standard input.
CommandResult RunCoach(const std::vector<std::string>& args, std::string_view input,
                       std::chrono::milliseconds timeout = 60s) {
  return RunStarprep(args, timeout, input);
}

std::vector<std::string> WithContent(std::vector<std::string> args) {
  args.push_back("--content");
  args.push_back(BundledContent().string());
  return args;
}

// The components named in a result's "missing" entries, in order.
json::value MissingParts(const json::value& v) {
  json::array out;
  for (const auto& entry : v.at("missing").as_array()) out.push_back(entry.at("component"));
  return out;
}

json::value ParseJson(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return nullptr;
  return v;
}

// ---------------------------------------------------------------------------------------------
// The JSON contract, checked field by field against the analysed `answer`.

#define CONTRACT_CHECK(cond, what)                                                           \
  do {                                                                                       \
    if (!(cond)) return ::testing::AssertionFailure() << what << "\n" << json::serialize(v); \
  } while (0)

bool IsStringArray(const json::value& v) {
  return v.is_array() &&
         std::all_of(v.as_array().begin(), v.as_array().end(), [](const auto& x) { return x.is_string(); });
}

::testing::AssertionResult MatchesCoachContract(const std::string& answer, const json::value& v) {
  static const std::vector<std::string> kParts = {"situation", "task", "action", "result"};
  static const std::set<std::string> kComponents = {"situation", "task", "action", "result", "other"};
  static const std::set<std::string> kBreakdown = {"situation",         "task",      "action", "result",
                                                   "quantified_result", "ownership", "length", "delivery"};
  CONTRACT_CHECK(v.is_object(), "not a JSON object");
  const auto& o = v.as_object();
  const std::set<std::string> keys = {"sentences",       "components",          "missing",    "metrics", "score",
                                      "score_breakdown", "score_breakdown_max", "suggestions"};
  for (const auto& k : keys) CONTRACT_CHECK(o.contains(k), "missing key " << k);
  CONTRACT_CHECK(o.size() == keys.size(), "unexpected extra keys (" << o.size() << " keys)");

  // sentences: in order, non-overlapping, byte offsets into the answer, text == substr.
  CONTRACT_CHECK(o.at("sentences").is_array(), "sentences is not an array");
  const auto& sentences = o.at("sentences").as_array();
  CONTRACT_CHECK(!sentences.empty(), "no sentences for a non-empty answer");
  std::int64_t prev_end = 0;
  for (const auto& s : sentences) {
    CONTRACT_CHECK(s.is_object() && s.as_object().size() == 5, "sentence is not an object of 5 fields");
    const auto& so = s.as_object();
    CONTRACT_CHECK(so.contains("text") && so.at("text").is_string(), "sentence.text");
    CONTRACT_CHECK(so.contains("start") && so.at("start").is_int64(), "sentence.start is not an integer");
    CONTRACT_CHECK(so.contains("end") && so.at("end").is_int64(), "sentence.end is not an integer");
    CONTRACT_CHECK(so.contains("component") && so.at("component").is_string(), "sentence.component");
    CONTRACT_CHECK(so.contains("confidence") && so.at("confidence").is_number(), "sentence.confidence");
    const std::int64_t start = so.at("start").as_int64(), end = so.at("end").as_int64();
    CONTRACT_CHECK(
        start >= prev_end && start < end && end <= static_cast<std::int64_t>(answer.size()),
        "bad span [" << start << ", " << end << ") after " << prev_end << " in " << answer.size() << " bytes");
    const std::string gap =
        answer.substr(static_cast<std::size_t>(prev_end), static_cast<std::size_t>(start - prev_end));
    CONTRACT_CHECK(gap.find_first_not_of(" \t\r\n") == std::string::npos,
                   "text between sentences is not whitespace: '" << gap << "'");
    CONTRACT_CHECK(std::string_view(so.at("text").as_string()) ==
                       answer.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)),
                   "text != answer.substr(start, end - start) for [" << start << ", " << end << ")");
    CONTRACT_CHECK(kComponents.contains(std::string(so.at("component").as_string())),
                   "unknown component " << so.at("component"));
    const double c = so.at("confidence").to_number<double>();
    CONTRACT_CHECK(c >= 0 && c <= 1, "confidence " << c << " out of [0, 1]");
    prev_end = end;
  }
  const std::string tail = answer.substr(static_cast<std::size_t>(prev_end));
  CONTRACT_CHECK(tail.find_first_not_of(" \t\r\n") == std::string::npos,
                 "text after the last sentence: '" << tail << "'");

  // components and missing (STAR order, exactly the absent parts).
  CONTRACT_CHECK(o.at("components").is_object() && o.at("components").as_object().size() == 4, "components");
  json::array expected_missing;
  for (const auto& part : kParts) {
    const auto& comps = o.at("components").as_object();
    CONTRACT_CHECK(comps.contains(part) && comps.at(part).is_object(), "components." << part);
    const auto& p = comps.at(part).as_object();
    CONTRACT_CHECK(p.size() == 2 && p.contains("present") && p.at("present").is_bool(),
                   "components." << part << ".present");
    CONTRACT_CHECK(p.contains("strength") && p.at("strength").is_number(), "components." << part << ".strength");
    const double strength = p.at("strength").to_number<double>();
    CONTRACT_CHECK(strength >= 0 && strength <= 1, "strength out of [0, 1]");
    if (!p.at("present").as_bool()) {
      CONTRACT_CHECK(strength == 0, part << " is absent but has strength " << strength);
      expected_missing.emplace_back(part);
    }
  }
  // missing: {"component", "confidence"} per absent part, in STAR order.
  CONTRACT_CHECK(o.at("missing").is_array(), "missing is not an array");
  json::array missing_parts;
  for (const auto& entry : o.at("missing").as_array()) {
    CONTRACT_CHECK(entry.is_object() && entry.as_object().size() == 2 && entry.as_object().contains("component") &&
                       entry.at("component").is_string() && entry.as_object().contains("confidence") &&
                       entry.at("confidence").is_number(),
                   "missing entry is not {component, confidence}: " << entry);
    const double confidence = entry.at("confidence").to_number<double>();
    CONTRACT_CHECK(confidence >= 0 && confidence <= 1, "missing confidence " << confidence << " out of [0, 1]");
    missing_parts.push_back(entry.at("component"));
  }
  CONTRACT_CHECK(json::value(missing_parts) == json::value(expected_missing),
                 "missing should name " << json::value(expected_missing));

  // metrics
  CONTRACT_CHECK(o.at("metrics").is_object(), "metrics");
  const auto& m = o.at("metrics").as_object();
  CONTRACT_CHECK(m.size() == 10, "metrics has " << m.size() << " fields, want 10");
  for (const char* k : {"words", "sentences", "i_count", "we_count"})
    CONTRACT_CHECK(m.contains(k) && m.at(k).is_int64() && m.at(k).as_int64() >= 0, "metrics." << k);
  CONTRACT_CHECK(m.contains("speaking_seconds") && m.at("speaking_seconds").is_number(), "metrics.speaking_seconds");
  for (const char* k : {"quantified_results", "filler_words", "vague_claims", "keywords_found", "keywords_missing"})
    CONTRACT_CHECK(m.contains(k) && IsStringArray(m.at(k)), "metrics." << k << " is not an array of strings");
  CONTRACT_CHECK(m.at("sentences").as_int64() == static_cast<std::int64_t>(sentences.size()),
                 "metrics.sentences != number of sentences");
  CONTRACT_CHECK(m.at("words").as_int64() > 0, "no words counted");
  const double expected_seconds = static_cast<double>(m.at("words").as_int64()) * 60.0 / 140.0;
  CONTRACT_CHECK(std::abs(m.at("speaking_seconds").to_number<double>() - expected_seconds) <= 0.051,
                 "speaking_seconds is not words at 140 a minute");

  // score and its breakdown
  CONTRACT_CHECK(o.at("score").is_int64(), "score is not an integer");
  const std::int64_t score = o.at("score").as_int64();
  CONTRACT_CHECK(score >= 0 && score <= 100, "score " << score);
  CONTRACT_CHECK(o.at("score_breakdown").is_object() && o.at("score_breakdown_max").is_object(), "breakdown objects");
  const auto& bd = o.at("score_breakdown").as_object();
  const auto& bmax = o.at("score_breakdown_max").as_object();
  CONTRACT_CHECK(bd.size() == kBreakdown.size() && bmax.size() == kBreakdown.size(), "breakdown keys");
  std::int64_t sum = 0, max_sum = 0;
  for (const auto& name : kBreakdown) {
    CONTRACT_CHECK(bd.contains(name) && bd.at(name).is_int64(), "score_breakdown." << name);
    CONTRACT_CHECK(bmax.contains(name) && bmax.at(name).is_int64(), "score_breakdown_max." << name);
    CONTRACT_CHECK(bd.at(name).as_int64() >= 0 && bd.at(name).as_int64() <= bmax.at(name).as_int64(),
                   name << " points outside [0, max]");
    sum += bd.at(name).as_int64();
    max_sum += bmax.at(name).as_int64();
  }
  CONTRACT_CHECK(sum == score, "breakdown sums to " << sum << ", score is " << score);
  CONTRACT_CHECK(max_sum == 100, "breakdown maxima sum to " << max_sum);

  // suggestions
  CONTRACT_CHECK(o.at("suggestions").is_array(), "suggestions");
  for (const auto& s : o.at("suggestions").as_array()) {
    CONTRACT_CHECK(s.is_object() && s.as_object().size() == 2, "suggestion shape");
    CONTRACT_CHECK(
        s.as_object().contains("component") &&
            (s.at("component").is_null() ||
             (s.at("component").is_string() && kComponents.contains(std::string(s.at("component").as_string())))),
        "suggestion.component is neither null nor a component");
    CONTRACT_CHECK(
        s.as_object().contains("message") && s.at("message").is_string() && !s.at("message").as_string().empty(),
        "suggestion.message");
  }
  return ::testing::AssertionSuccess();
}

#undef CONTRACT_CHECK

std::vector<std::string> Strings(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& x : v.as_array()) out.emplace_back(x.as_string());
  return out;
}

bool HasSuggestionFor(const json::value& v, const char* component) {
  const auto& list = v.at("suggestions").as_array();
  return std::any_of(list.begin(), list.end(), [&](const auto& s) { return s.at("component") == component; });
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers. The coach's rate limit (burst 30, 10/s per address) is shared by every test of a
// suite on 127.0.0.1: on a 429 these wait the announced Retry-After (at most 3 times, 2 s each)
// so that the functional suites never depend on timing. The limit itself is tested on its own.

HttpResponse WithRetryOn429(const std::function<HttpResponse()>& send) {
  HttpResponse r = send();
  for (int attempt = 0; attempt < 3 && r.status == 429; ++attempt) {
    const int wait = std::clamp(std::atoi(r.Header("retry-after").c_str()), 1, 2);
    std::this_thread::sleep_for(std::chrono::seconds(wait));
    r = send();
  }
  return r;
}

HttpResponse PostCoach(std::uint16_t port, const std::string& body,
                       Headers headers = {{"Content-Type", "application/json"}}) {
  return WithRetryOn429([&] { return Fetch(port, "POST", "/api/v1/coach", headers, body); });
}

std::string CoachBody(const std::string& answer, const std::string& question_id = "", const std::string& role = "") {
  json::object o{{"answer", answer}};
  if (!question_id.empty()) o["question_id"] = question_id;
  if (!role.empty()) o["role"] = role;
  return json::serialize(o);
}

HttpResponse PostPractice(std::uint16_t port, const std::string& question_id, const std::string& answer,
                          bool fragment = false, Headers headers = {}) {
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  const std::string target = "/questions/" + question_id + "/practice" + (fragment ? "?fragment=1" : "");
  const std::string body = "answer=" + UrlEncode(answer);
  return WithRetryOn429([&] { return Fetch(port, "POST", target, headers, body); });
}

// Strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// The raw (escaped) content of <textarea id="answer">; nullopt when absent.
std::optional<std::string> AnswerTextarea(const std::string& html) {
  const auto open = html.find("<textarea id=\"answer\"");
  if (open == std::string::npos) return std::nullopt;
  const auto gt = html.find('>', open);
  const auto close = html.find("</textarea>", gt);
  if (gt == std::string::npos || close == std::string::npos) return std::nullopt;
  return html.substr(gt + 1, close - gt - 1);
}

// What follows <div id="coach-result" ...> up to the end of the practice section.
std::string CoachResultRegion(const std::string& html) {
  const auto open = html.find("<div id=\"coach-result\"");
  if (open == std::string::npos) return {};
  const auto gt = html.find('>', open);
  const auto end = html.find("</section>", gt);
  return html.substr(gt + 1, end == std::string::npos ? std::string::npos : end - gt - 1);
}

// ---------------------------------------------------------------------------------------------
// CLI

// `starprep coach` reads text and the content pack, never a database: the PostgreSQL run of this
// suite would repeat the SQLite run's work (the two eval tests train models for a minute).
class CoachCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (UsesPostgres()) GTEST_SKIP() << "no database: `starprep coach` runs the same on both backends";
  }
};

TEST_F(CoachCli, JsonContractForACompleteAnswer) {
  const std::string answer = Complete();
  CommandResult r = RunCoach({"coach", "--json"}, answer);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseJson(r.out);
  ASSERT_FALSE(v.is_null()) << "stdout is not JSON: " << r.out;
  EXPECT_TRUE(MatchesCoachContract(answer, v));
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(MissingParts(v), json::value(json::array{})) << "a complete STAR answer has nothing missing";
  const auto& sentences = v.at("sentences").as_array();
  ASSERT_EQ(sentences.size(), 4u);
  const char* expected[] = {"situation", "task", "action", "result"};
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(sentences[i].at("component"), expected[i]) << sentences[i];
  for (const char* part : {"situation", "task", "action", "result"})
    EXPECT_TRUE(v.at("components").at(part).at("present").as_bool()) << part;
  // "2 seconds", "300 milliseconds", "40%" are measured results; "I" twice, "our" once.
  std::vector<std::string> numbers = Strings(v.at("metrics").at("quantified_results"));
  EXPECT_NE(std::find(numbers.begin(), numbers.end(), "40%"), numbers.end()) << v.at("metrics");
  EXPECT_EQ(v.at("metrics").at("i_count").as_int64(), 2);
  EXPECT_EQ(v.at("metrics").at("we_count").as_int64(), 1);
  EXPECT_EQ(v.at("metrics").at("sentences").as_int64(), 4);
  EXPECT_TRUE(v.at("metrics").at("keywords_found").as_array().empty()) << "no role or question: no keywords";
  EXPECT_TRUE(v.at("metrics").at("keywords_missing").as_array().empty());
  EXPECT_FALSE(HasSuggestionFor(v, "result"));
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(CoachCli, AnswerWithoutResultListsResultAsMissing) {
  const std::string answer = WithoutResult();
  CommandResult r = RunCoach({"coach", "--json"}, answer);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseJson(r.out);
  ASSERT_TRUE(MatchesCoachContract(answer, v));
  EXPECT_EQ(MissingParts(v), json::value(json::array{"result"}));
  EXPECT_FALSE(v.at("components").at("result").at("present").as_bool());
  EXPECT_EQ(v.at("score_breakdown").at("result").as_int64(), 0);
  EXPECT_TRUE(HasSuggestionFor(v, "result"))
      << "a missing result deserves a suggestion about it: " << v.at("suggestions");

  // Removing the result costs points.
  json::value complete = ParseJson(RunCoach({"coach", "--json"}, Complete()).out);
  ASSERT_TRUE(complete.is_object());
  EXPECT_LT(v.at("score").as_int64(), complete.at("score").as_int64());
}

TEST_F(CoachCli, ByteOffsetsWithMultiByteTextAndCrlf) {
  CommandResult r = RunCoach({"coach", "--json"}, kMultiByte);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseJson(r.out);
  ASSERT_TRUE(MatchesCoachContract(kMultiByte, v));
  const auto& sentences = v.at("sentences").as_array();
  ASSERT_EQ(sentences.size(), 4u) << v.at("sentences");
  // The first sentence holds 2-, 3- and 4-byte characters: its end is a byte offset.
  const std::string first = "Ünsere Änderung — très lente 🚀.";
  EXPECT_EQ(sentences[0].at("start").as_int64(), 0);
  EXPECT_EQ(sentences[0].at("end").as_int64(), static_cast<std::int64_t>(first.size()));
  EXPECT_EQ(sentences[0].at("text"), first.c_str());
  EXPECT_EQ(sentences[1].at("start").as_int64(), static_cast<std::int64_t>(first.size() + 2)) << "after \\r\\n";
  EXPECT_EQ(sentences[3].at("text"), "Errors fell 40% and “latency” halved.");
}

TEST_F(CoachCli, ContractHoldsForAwkwardInputs) {
  const std::vector<std::string> inputs = {
      "we had a problem and i solved it",  // no punctuation at all
      "   \n\n  I fixed it.   \n\n   ",    // surrounding blank lines
      "I used e.g. caches, i.e. Redis v2.3.1. Uptime hit 99.99% after Dr. Smith approved.",
      std::string("We had a bug.\tI fixed \"it\" with a \\ patch.") + '\x01' + " It worked.",
      "I fixed it.\u2028Then it worked.\u2029Done.",  // JSON must escape or carry these verbatim
      "🚀🚀🚀",
      "x",
  };
  for (const auto& answer : inputs) {
    CommandResult r = RunCoach({"coach", "--json"}, answer);
    ASSERT_EQ(r.exit_code, 0) << answer << "\n" << r.err;
    EXPECT_TRUE(MatchesCoachContract(answer, ParseJson(r.out))) << "input: " << answer << "\nstdout: " << r.out;
  }
}

TEST_F(CoachCli, ReadableReportMentionsScorePartsAndSuggestions) {
  const std::string answer =
      "Our team had a slow API. I basically had to fix it. I added caching and improved performance a lot.";
  CommandResult r = RunCoach({"coach"}, answer);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseJson(RunCoach({"coach", "--json"}, answer).out);
  ASSERT_TRUE(v.is_object());
  const std::string score = "Score " + std::to_string(v.at("score").as_int64()) + "/100";
  EXPECT_NE(r.out.find(score), std::string::npos) << "want '" << score << "' in:\n" << r.out;
  EXPECT_TRUE(ParseJson(r.out).is_null()) << "without --json the output is a report, not JSON";
  EXPECT_NE(r.out.find("Suggestions:"), std::string::npos) << r.out;
  for (const auto& s : v.at("suggestions").as_array())
    EXPECT_NE(r.out.find(std::string(s.at("message").as_string())), std::string::npos)
        << "suggestion missing from the report: " << s.at("message");
  // Every sentence is listed with a mark ("[S] ...", "[ ] ..."), and the missing parts are named.
  for (const auto& s : v.at("sentences").as_array())
    EXPECT_NE(r.out.find("] " + std::string(s.at("text").as_string())), std::string::npos) << s.at("text") << "\n"
                                                                                           << r.out;
  ASSERT_FALSE(v.at("missing").as_array().empty()) << "this answer has no result";
  std::string missing = "Missing:";
  for (const auto& m : v.at("missing").as_array()) missing += " " + std::string(m.at("component").as_string());
  EXPECT_NE(r.out.find(missing), std::string::npos) << "want '" << missing << "' in:\n" << r.out;
  EXPECT_NE(r.out.find("basically"), std::string::npos) << "filler words are reported:\n" << r.out;
}

TEST_F(CoachCli, BadInputExitsTwoWithAMessage) {
  struct Case {
    std::string name;
    std::vector<std::string> args;
    std::string input;
  };
  const std::vector<Case> cases = {
      {"empty", {"coach"}, ""},
      {"empty --json", {"coach", "--json"}, ""},
      {"whitespace only", {"coach", "--json"}, " \n\t\r\n  "},
      {"invalid UTF-8", {"coach", "--json"}, "I fixed \xff\xfe it."},
      {"truncated UTF-8", {"coach"}, "I fixed it \xe2\x82"},
      {"overlong UTF-8", {"coach", "--json"}, "I fixed \xc0\xaf it."},
      {"unknown role", WithContent({"coach", "--json", "--role", "astronaut"}), Complete()},
      {"unknown question", WithContent({"coach", "--json", "--question", "no-such-question"}), Complete()},
  };
  for (const auto& c : cases) {
    CommandResult r = RunCoach(c.args, c.input);
    EXPECT_EQ(r.exit_code, 2) << c.name << "\nstdout: " << r.out << "\nstderr: " << r.err;
    EXPECT_FALSE(r.err.empty()) << c.name << ": no message on stderr";
    EXPECT_TRUE(r.out.empty()) << c.name << ": nothing should be printed on stdout: " << r.out;
  }
  EXPECT_NE(RunCoach({"coach"}, "").err.find("empty"), std::string::npos);
  EXPECT_NE(RunCoach({"coach"}, "\xff").err.find("UTF-8"), std::string::npos);
  EXPECT_NE(RunCoach(WithContent({"coach", "--role", "astronaut"}), "x").err.find("astronaut"), std::string::npos);
  EXPECT_NE(RunCoach(WithContent({"coach", "--question", "no-such-question"}), "x").err.find("no-such-question"),
            std::string::npos);
}

TEST_F(CoachCli, QuestionGivesKeywordsFoundAndMissing) {
  const std::string on_topic = "I debugged a complex issue in production. The symptom was timeouts in our APIs.";
  CommandResult r = RunCoach(WithContent({"coach", "--json", "--question", kDebugQuestion}), on_topic);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseJson(r.out);
  ASSERT_TRUE(MatchesCoachContract(on_topic, v));
  std::vector<std::string> found = Strings(v.at("metrics").at("keywords_found"));
  std::vector<std::string> missing = Strings(v.at("metrics").at("keywords_missing"));
  for (const char* word : {"debugged", "production", "issue"})
    EXPECT_NE(std::find(found.begin(), found.end(), word), found.end())
        << word << " should be found; found: " << v.at("metrics").at("keywords_found");
  // The question's own words only: its role's skills ("APIs", "databases") are not asked of a
  // debugging story.
  for (const char* skill : {"APIs", "databases"}) {
    EXPECT_EQ(std::find(found.begin(), found.end(), skill), found.end()) << skill;
    EXPECT_EQ(std::find(missing.begin(), missing.end(), skill), missing.end())
        << skill << "; missing: " << v.at("metrics").at("keywords_missing");
  }
  for (const auto& f : found)
    EXPECT_EQ(std::find(missing.begin(), missing.end(), f), missing.end()) << f << " is both found and missing";

  // An off-topic answer: the same keywords, all missing.
  const std::string off_topic = "We painted the garden fence blue.";
  json::value w = ParseJson(RunCoach(WithContent({"coach", "--json", "--question", kDebugQuestion}), off_topic).out);
  ASSERT_TRUE(w.is_object());
  EXPECT_TRUE(w.at("metrics").at("keywords_found").as_array().empty()) << w.at("metrics");
  std::set<std::string> all(found.begin(), found.end());
  all.insert(missing.begin(), missing.end());
  std::vector<std::string> off_missing = Strings(w.at("metrics").at("keywords_missing"));
  EXPECT_EQ(std::set<std::string>(off_missing.begin(), off_missing.end()), all);

  // --role alone: the role's skills only.
  json::value role = ParseJson(RunCoach(WithContent({"coach", "--json", "--role", kBackend}), on_topic).out);
  ASSERT_TRUE(role.is_object());
  std::vector<std::string> role_missing = Strings(role.at("metrics").at("keywords_missing"));
  EXPECT_EQ(std::find(role_missing.begin(), role_missing.end(), "debugged"), role_missing.end());
  EXPECT_FALSE(role.at("metrics").at("keywords_missing").as_array().empty());
}

// A role skill given in the plural must also match the singular in an answer, as "databases"
// matches "database". The skill "APIs" (backend-developer) is stemmed to "apis" (the stemmer keeps
// a final "-is"), so "API" never matches it.
TEST_F(CoachCli, RoleSkillMatchesSingularAndPlural) {
  for (const std::string answer : {"I designed a database.", "I designed the REST API."}) {
    json::value v = ParseJson(RunCoach(WithContent({"coach", "--json", "--role", kBackend}), answer).out);
    ASSERT_TRUE(v.is_object()) << answer;
    std::vector<std::string> found = Strings(v.at("metrics").at("keywords_found"));
    EXPECT_EQ(found.size(), 1u) << answer << ": found " << v.at("metrics").at("keywords_found");
  }
}

// The percentage printed after `label` on its line (-1 if absent), e.g. "text accuracy (bytes)  93.9%".
double PercentAfter(const std::string& out, const std::string& label) {
  const auto at = out.find(label);
  if (at == std::string::npos) return -1;
  const auto digits = out.find_first_of("0123456789", at + label.size());
  const auto eol = out.find('\n', at);
  if (digits == std::string::npos || digits > eol || out.find('%', digits) > eol) return -1;
  return std::atof(out.c_str() + digits);
}

TEST_F(CoachCli, EvalCrossValidatesByDefaultAndKeepsTheHeldOutSetsForAFlag) {
  CommandResult r = RunCoach(WithContent({"coach", "eval", "--folds", "2"}), "", 300s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("cross-validation"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("held-out set coach/"), std::string::npos) << "held-out figures without --heldout:\n" << r.out;
  const double text = PercentAfter(r.out, "text accuracy (bytes)");
  const double baseline = PercentAfter(r.out, "position baseline");
  EXPECT_GT(text, 50) << r.out;
  EXPECT_LE(text, 100) << r.out;
  EXPECT_GT(baseline, 0) << r.out;
  EXPECT_GT(text, baseline) << "the model must beat labelling by position alone";
  EXPECT_GT(PercentAfter(r.out, "missing part named when one part is removed:"), 50) << r.out;
  EXPECT_GE(PercentAfter(r.out, "complete answers flagged as missing a part:"), 0) << r.out;
  EXPECT_GT(PercentAfter(r.out, "result first (bytes)"), 0) << r.out;

  CommandResult h = RunCoach(WithContent({"coach", "eval", "--heldout"}), "", 300s);
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_EQ(h.out.find("cross-validation"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("== held-out set coach/heldout ("), std::string::npos) << h.out;
  EXPECT_GT(PercentAfter(h.out, "text accuracy (bytes)"), 50) << h.out;
}

TEST_F(CoachCli, EvalCheckFailsBelowTheRecordedFloorAndNamesTheFigure) {
  TempDir dir("floor");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  // A floor nobody can reach (text accuracy of 100%), and a figure of a set that does not exist
  // (a renamed set must not pass silently): both named, exit 1.
  const std::string high = write("high.txt", "# impossible\nheldout.text_accuracy 100\nheldout9.text_accuracy 1\n");
  CommandResult r = RunCoach(WithContent({"coach", "eval", "--check", high, "--margin", "0"}), "", 300s);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("below the floor: heldout.text_accuracy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("heldout9.text_accuracy: recorded as 1.0% but not measured"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("== held-out set coach/heldout"), std::string::npos) << "--check implies --heldout";

  // A floor anyone meets passes.
  const std::string low = write("low.txt", "heldout.text_accuracy 1\nheldout.missing_named_action 1\n");
  CommandResult ok = RunCoach(WithContent({"coach", "eval", "--check", low}), "", 300s);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("floor holds"), std::string::npos) << ok.out;

  // A malformed line is an error naming the file and line, before any training.
  const std::string bad = write("bad.txt", "heldout.text_accuracy 85.8\nheldout.task lots\n");
  CommandResult malformed = RunCoach(WithContent({"coach", "eval", "--check", bad}), "", 60s);
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_NE(malformed.err.find("bad.txt:2: expected 'set.figure percent'"), std::string::npos) << malformed.err;
  EXPECT_EQ(malformed.out.find("held-out set"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/coach

class CoachApiTest : public SharedServerTest {};

TEST_F(CoachApiTest, ContractAndHeaders) {
  const std::string answer = Complete();
  HttpResponse r = PostCoach(port(), CoachBody(answer));
  ASSERT_EQ(r.status, 200) << r.error << r.body;
  EXPECT_TRUE(r.Header("content-type").starts_with("application/json")) << r.Header("content-type");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_TRUE(HasSecurityHeaders(r));
  EXPECT_FALSE(r.HasHeader("set-cookie")) << "the coach API needs no cookie";
  json::value v = r.Json();
  EXPECT_TRUE(MatchesCoachContract(answer, v));
  EXPECT_EQ(MissingParts(v), json::value(json::array{}));
}

TEST_F(CoachApiTest, SameResultAsTheCli) {
  struct Case {
    std::string answer, question, role;
  };
  const std::vector<Case> cases = {
      {Complete(), "", ""},
      {WithoutResult(), "", ""},
      {kMultiByte, "", ""},
      {"I debugged a complex issue in production. The symptom was timeouts. We basically fixed it.", kDebugQuestion,
       ""},
      {Complete(), "", kBackend},
      {Complete(), kDebugQuestion, kBackend},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.answer.substr(0, 40) + " q=" + c.question + " role=" + c.role);
    HttpResponse api = PostCoach(port(), CoachBody(c.answer, c.question, c.role));
    ASSERT_EQ(api.status, 200) << api.body;
    std::vector<std::string> args = {"coach", "--json"};
    if (!c.question.empty()) args.insert(args.end(), {"--question", c.question});
    if (!c.role.empty()) args.insert(args.end(), {"--role", c.role});
    CommandResult cli = RunCoach(WithContent(args), c.answer);
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    json::value from_api = api.Json(), from_cli = ParseJson(cli.out);
    ASSERT_TRUE(from_api.is_object()) << api.body;
    ASSERT_TRUE(from_cli.is_object()) << cli.out;
    EXPECT_EQ(from_api, from_cli) << "API:\n" << api.body << "\nCLI:\n" << cli.out;
  }
}

TEST_F(CoachApiTest, NullOptionalFieldsAreIgnoredAndCharsetIsAccepted) {
  HttpResponse a = PostCoach(port(), R"({"answer":"I fixed the outage.","question_id":null,"role":null})");
  EXPECT_EQ(a.status, 200) << a.body;
  HttpResponse b =
      PostCoach(port(), R"({"answer":"I fixed the outage."})", {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.Json(), b.Json());
}

TEST_F(CoachApiTest, LengthLimitCountsCharactersNotBytes) {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  // 9,000 "é" = 18,000 bytes, 10,000 "é" = 20,000 bytes, 10,000 "🚀" = 40,000 bytes: all within the limit.
  for (const auto& [answer, label] : std::vector<std::pair<std::string, std::string>>{
           {repeat("é", 9000), "9,000 é"},
           {repeat("é", 10000), "10,000 é"},
           {repeat("🚀", 10000), "10,000 emoji"},
           {repeat("a", 10000), "10,000 ASCII"},
           {repeat("I fixed it. ", 833) + "done", "10,000 ASCII in sentences"}}) {
    HttpResponse r = PostCoach(port(), CoachBody(answer));
    EXPECT_EQ(r.status, 200) << label << ": " << r.body.substr(0, 300);
    if (r.status == 200) {
      EXPECT_TRUE(MatchesCoachContract(answer, r.Json())) << label;
    }
  }
  for (const auto& [answer, label] :
       std::vector<std::pair<std::string, std::string>>{{repeat("a", 10001), "10,001 ASCII"},
                                                        {repeat("é", 10001), "10,001 é"},
                                                        {repeat("I fixed it. ", 834), "10,008 ASCII in sentences"}}) {
    HttpResponse r = PostCoach(port(), CoachBody(answer));
    EXPECT_TRUE(IsJsonError(r, 413)) << label;
    if (r.status == 413) {
      const std::string message(r.Json().at("error").at("message").as_string());
      EXPECT_NE(message.find("10000"), std::string::npos) << "the message should state the limit: " << message;
    }
  }
}

TEST_F(CoachApiTest, InvalidBodiesAre400) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not JSON", "answer=I fixed it"},
      {"truncated JSON", R"({"answer":"I fixed it")"},
      {"trailing comma", R"({"answer":"I fixed it",})"},
      {"empty body", ""},
      {"array", R"(["I fixed it"])"},
      {"string", R"("I fixed it")"},
      {"number", "42"},
      {"null", "null"},
      {"answer missing", "{}"},
      {"answer missing, others given", R"({"question_id":"be-debugging-complex-issue"})"},
      {"answer is a number", R"({"answer":42})"},
      {"answer is null", R"({"answer":null})"},
      {"answer is an array", R"({"answer":["I fixed it"]})"},
      {"answer is an object", R"({"answer":{"text":"I fixed it"}})"},
      {"question_id is a number", R"({"answer":"I fixed it","question_id":7})"},
      {"role is a bool", R"({"answer":"I fixed it","role":true})"},
      {"unknown field", R"({"answer":"I fixed it","extra":"x"})"},
      {"unknown field, misspelt", R"({"answer":"I fixed it","questionId":"be-debugging-complex-issue"})"},
      {"empty answer", R"({"answer":""})"},
      {"blank answer", R"({"answer":"  \n\t \r\n"})"},
      {"lone surrogate", R"({"answer":"I fixed \ud800 it"})"},
      {"invalid UTF-8 bytes", "{\"answer\":\"I fixed \xff it\"}"},
  };
  for (const auto& [label, body] : cases) {
    HttpResponse r = PostCoach(port(), body);
    EXPECT_TRUE(IsJsonError(r, 400)) << label << ": " << body;
  }
  EXPECT_TRUE(IsJsonError(PostCoach(port(), R"({"answer":""})"), 400, "invalid_argument"));
  HttpResponse unknown = PostCoach(port(), R"({"answer":"I fixed it","extra":"x"})");
  ASSERT_TRUE(unknown.Json().is_object());
  EXPECT_NE(std::string(unknown.Json().at("error").at("message").as_string()).find("extra"), std::string::npos)
      << "the message should name the unknown field";
}

TEST_F(CoachApiTest, UnknownQuestionOrRoleIs404) {
  EXPECT_TRUE(IsJsonError(PostCoach(port(), CoachBody("I fixed it.", "no-such-question")), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(PostCoach(port(), CoachBody("I fixed it.", "", "astronaut")), 404, "not_found"));
  EXPECT_TRUE(IsJsonError(PostCoach(port(), CoachBody("I fixed it.", kDebugQuestion, "astronaut")), 404, "not_found"));
  HttpResponse q = PostCoach(port(), CoachBody("I fixed it.", "no-such-question"));
  ASSERT_TRUE(q.Json().is_object());
  EXPECT_NE(std::string(q.Json().at("error").at("message").as_string()).find("no-such-question"), std::string::npos);
  // A question of another role is a contradiction in the request, not a missing resource.
  HttpResponse mismatch = PostCoach(port(), CoachBody("I fixed it.", kDebugQuestion, "frontend-developer"));
  EXPECT_TRUE(IsJsonError(mismatch, 400)) << mismatch.body;
  // Known question and role: fine.
  EXPECT_EQ(PostCoach(port(), CoachBody("I fixed it.", kDebugQuestion, kBackend)).status, 200);
}

TEST_F(CoachApiTest, NonJsonContentTypeIs415) {
  const std::string body = CoachBody("I fixed it.");
  for (const Headers& headers : std::vector<Headers>{{},
                                                     {{"Content-Type", "text/plain"}},
                                                     {{"Content-Type", "application/x-www-form-urlencoded"}},
                                                     {{"Content-Type", "multipart/form-data; boundary=x"}}}) {
    HttpResponse r = PostCoach(port(), body, headers);
    EXPECT_TRUE(IsJsonError(r, 415, "unsupported_media_type"))
        << (headers.empty() ? std::string("no Content-Type") : headers[0].second);
  }
}

// Media types are case-insensitive (RFC 9110, 8.3.1): "Application/JSON" is JSON.
TEST_F(CoachApiTest, ContentTypeIsCaseInsensitive) {
  HttpResponse r = PostCoach(port(), CoachBody("I fixed it."), {{"Content-Type", "Application/JSON"}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(CoachApiTest, OnlyPostIsAllowed) {
  HttpResponse r = Get(port(), "/api/v1/coach");
  EXPECT_TRUE(IsJsonError(r, 405)) << r.body;
  EXPECT_NE(r.Header("allow").find("POST"), std::string::npos) << r.Header("allow");
}

TEST_F(CoachApiTest, NeedsNoCookieOrCsrfToken) {
  // A cross-site style request: no cookie, no token, an Origin header. The coach stores nothing.
  HttpResponse r = PostCoach(port(), CoachBody("I fixed the outage."),
                             {{"Content-Type", "application/json"}, {"Origin", "https://example.org"}});
  EXPECT_EQ(r.status, 200) << r.body;
}

// ---------------------------------------------------------------------------------------------
// The practice panel: GET shows it, POST (no JS) answers the whole page, ?fragment=1 the feedback.

class CoachPracticeTest : public SharedServerTest {};

TEST_F(CoachPracticeTest, QuestionPageHasThePracticePanel) {
  HttpResponse r = Get(port(), std::string("/questions/") + kDebugQuestion);
  ASSERT_EQ(r.status, 200) << r.error;
  const std::string& html = r.body;
  const std::string action = std::string("action=\"/questions/") + kDebugQuestion + "/practice#coach-result\"";
  const auto form = html.find("<form class=\"practice-form\" method=\"post\" " + action);
  ASSERT_NE(form, std::string::npos) << "no practice form posting to " << action;
  const std::string form_html = html.substr(form, html.find("</form>", form) - form);
  EXPECT_NE(form_html.find("<label for=\"answer\">"), std::string::npos);
  EXPECT_NE(form_html.find("<textarea id=\"answer\" name=\"answer\""), std::string::npos);
  EXPECT_NE(form_html.find("<button type=\"submit\">Get feedback</button>"), std::string::npos);
  const auto timer = form_html.find("class=\"timer-toggle\"");
  ASSERT_NE(timer, std::string::npos) << "no speaking-timer button";
  EXPECT_NE(form_html.substr(timer, form_html.find('>', timer) - timer).find(" hidden"), std::string::npos)
      << "the timer button must be hidden without JavaScript";
  EXPECT_NE(form_html.find("class=\"coach-status\" aria-live=\"polite\""), std::string::npos);
  EXPECT_EQ(AnswerTextarea(html), std::optional<std::string>("")) << "the textarea starts empty";

  const auto details = html.find("<details class=\"model-compare\">");
  ASSERT_NE(details, std::string::npos);
  EXPECT_EQ(html.substr(details, 40).find(" open"), std::string::npos) << "the model answer starts closed";
  const std::string compare = html.substr(details, html.find("</details>", details) - details);
  for (const char* part : {"star-s", "star-t", "star-a", "star-r"})
    EXPECT_NE(compare.find(std::string("star-part ") + part), std::string::npos) << part;
  EXPECT_NE(compare.find("420 milliseconds"), std::string::npos) << "the model answer's result is in the comparison";

  EXPECT_NE(html.find("<div id=\"coach-result\" class=\"coach-result\"></div>"), std::string::npos)
      << "the feedback area starts empty";
}

TEST_F(CoachPracticeTest, NoJsPostRendersFeedbackAndKeepsTheAnswer) {
  const std::string answer = WithoutResult();
  HttpResponse api = PostCoach(port(), CoachBody(answer, kDebugQuestion));
  ASSERT_EQ(api.status, 200) << api.body;
  const json::value report = api.Json();
  ASSERT_EQ(MissingParts(report), json::value(json::array{"result"})) << "precondition: the API finds no result";
  HttpResponse r = PostPractice(port(), kDebugQuestion, answer);
  ASSERT_EQ(r.status, 200) << r.error << r.body.substr(0, 500);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_TRUE(HasSecurityHeaders(r));
  const std::string& html = r.body;
  EXPECT_NE(html.find("<h1>Tell me about a time you debugged a complex issue in production.</h1>"), std::string::npos)
      << "the whole question page comes back";
  auto kept = AnswerTextarea(html);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(UnescapeHtml(*kept), answer) << "the answer must be kept in the textarea";

  const std::string feedback = CoachResultRegion(html);
  ASSERT_NE(feedback.find("class=\"coach\""), std::string::npos) << "no feedback in #coach-result";
  // Sentences highlighted by component, with a letter and a label.
  EXPECT_NE(feedback.find("<li class=\"cs star-s\"><span class=\"star-icon\" aria-hidden=\"true\">S</span>"
                          "<span class=\"cs-label\">Situation"),
            std::string::npos)
      << feedback;
  EXPECT_NE(feedback.find("<li class=\"cs star-t\">"), std::string::npos);
  EXPECT_NE(feedback.find("<li class=\"cs star-a\">"), std::string::npos);
  EXPECT_NE(feedback.find(std::string("<span class=\"cs-text\">") + std::string(kSituation) + "</span>"),
            std::string::npos);
  // The missing result, the metrics and the suggestions.
  const auto missing = feedback.find("<p class=\"coach-missing\">");
  ASSERT_NE(missing, std::string::npos) << "no Missing paragraph";
  const std::string missing_html = feedback.substr(missing, feedback.find("</p>", missing) - missing);
  EXPECT_NE(missing_html.find("Result"), std::string::npos) << missing_html;
  EXPECT_EQ(missing_html.find("Situation"), std::string::npos) << missing_html;
  EXPECT_NE(feedback.find("class=\"coach-metrics\""), std::string::npos);
  const auto& m = report.at("metrics");
  EXPECT_NE(feedback.find("<dd>" + std::to_string(m.at("words").as_int64()) + " words, " +
                          std::to_string(m.at("sentences").as_int64()) + " sentences"),
            std::string::npos)
      << "the length metrics are the API's";
  EXPECT_NE(feedback.find("class=\"coach-suggestions\""), std::string::npos);
  EXPECT_NE(feedback.find("<strong>Result:</strong>"), std::string::npos) << "a suggestion about the result";
  for (const auto& s : report.at("suggestions").as_array())
    EXPECT_NE(UnescapeHtml(feedback).find(std::string(s.at("message").as_string())), std::string::npos)
        << "suggestion not shown: " << s.at("message");
  // The score shown is the API's score for the same answer and question.
  const std::string score = std::to_string(report.at("score").as_int64());
  EXPECT_NE(feedback.find("data-score=\"" + score + "\""), std::string::npos) << "want score " << score;
  EXPECT_NE(feedback.find("<strong>" + score + "</strong><span class=\"muted\"> / 100</span>"), std::string::npos);
}

TEST_F(CoachPracticeTest, FragmentIsTheFeedbackOnly) {
  const std::string answer = Complete();
  HttpResponse frag = PostPractice(port(), kDebugQuestion, answer, true);
  ASSERT_EQ(frag.status, 200) << frag.body;
  EXPECT_EQ(frag.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(frag.Header("cache-control"), "no-store");
  EXPECT_TRUE(frag.body.starts_with("<div class=\"coach\"")) << frag.body.substr(0, 200);
  EXPECT_EQ(frag.body.find("<html"), std::string::npos);
  EXPECT_EQ(frag.body.find("<textarea"), std::string::npos);
  EXPECT_NE(frag.body.find("All four STAR parts are there."), std::string::npos);
  for (const char* cls : {"cs star-s", "cs star-t", "cs star-a", "cs star-r"})
    EXPECT_NE(frag.body.find(cls), std::string::npos) << cls;

  // The no-JS page embeds exactly the same feedback.
  HttpResponse page = PostPractice(port(), kDebugQuestion, answer);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<div id=\"coach-result\" class=\"coach-result\">" + frag.body + "</div>"),
            std::string::npos);
}

TEST_F(CoachPracticeTest, MarkupInTheAnswerIsEscapedEverywhere) {
  const std::string payload = "<script>alert(1)</script>";
  const std::string answer = payload + " I fixed it. </textarea><img src=x onerror=alert(2)> \"q\" & 'a'.";
  HttpResponse page = PostPractice(port(), kDebugQuestion, answer);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  HttpResponse frag = PostPractice(port(), kDebugQuestion, answer, true);
  ASSERT_EQ(frag.status, 200);
  for (const auto* r : {&page, &frag}) {
    EXPECT_EQ(r->body.find(payload), std::string::npos) << "unescaped <script> from the answer";
    EXPECT_EQ(r->body.find("<img src=x"), std::string::npos) << "unescaped <img> from the answer";
    EXPECT_NE(r->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << "the text is shown escaped";
  }
  EXPECT_EQ(Count(page.body, "</textarea>"),
            Count(Get(port(), std::string("/questions/") + kDebugQuestion).body, "</textarea>"))
      << "the answer closed the textarea early";
  EXPECT_EQ(UnescapeHtml(AnswerTextarea(page.body).value_or("")), answer);
}

TEST_F(CoachPracticeTest, EmptyOrTooLongAnswerReRendersThePageWithAnError) {
  for (const std::string& answer : std::vector<std::string>{"", "   \r\n\t  "}) {
    HttpResponse r = PostPractice(port(), kDebugQuestion, answer);
    EXPECT_EQ(r.status, 400) << "'" << answer << "'";
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    EXPECT_NE(r.body.find("<p class=\"coach-error\" role=\"alert\">"), std::string::npos) << "no error message";
    EXPECT_NE(r.body.find("practice-form"), std::string::npos) << "the form must be on the page to try again";
    std::string typed = answer;
    std::erase(typed, '\r');  // browsers send line breaks as CRLF; the page keeps them as LF
    EXPECT_EQ(UnescapeHtml(AnswerTextarea(r.body).value_or("<none>")), typed) << "what was typed is kept";
  }
  const std::string long_answer = std::string(9995, 'a') + " <b>é</b>";  // 10,004 characters
  HttpResponse r = PostPractice(port(), kDebugQuestion, long_answer);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  const auto err = r.body.find("<p class=\"coach-error\" role=\"alert\">");
  ASSERT_NE(err, std::string::npos);
  EXPECT_NE(r.body.substr(err, 200).find("10000"), std::string::npos) << r.body.substr(err, 200);
  EXPECT_EQ(UnescapeHtml(AnswerTextarea(r.body).value_or("<none>")), long_answer);

  // 10,000 characters of two bytes each are accepted.
  std::string accents;
  for (int i = 0; i < 10000; ++i) accents += "é";
  EXPECT_EQ(PostPractice(port(), kDebugQuestion, accents).status, 200);

  // The fragment (JavaScript) answers the error itself, as JSON when asked.
  EXPECT_TRUE(IsJsonError(PostPractice(port(), kDebugQuestion, "", true, {{"Accept", "application/json"}}), 400));
  EXPECT_TRUE(
      IsJsonError(PostPractice(port(), kDebugQuestion, long_answer, true, {{"Accept", "application/json"}}), 413));
}

TEST_F(CoachPracticeTest, UnknownQuestionIs404) {
  HttpResponse page = PostPractice(port(), "no-such-question", Complete());
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(PostPractice(port(), "no-such-question", "").status, 404) << "an empty answer to no question";
  EXPECT_TRUE(IsJsonError(PostPractice(port(), "no-such-question", Complete(), true, {{"Accept", "application/json"}}),
                          404, "not_found"));
}

TEST_F(CoachPracticeTest, PracticeIsNotCachedOrStored) {
  const std::string path = std::string("/questions/") + kDebugQuestion;
  Browser b(port());  // one visitor: the ETag also covers the visitor's form token
  HttpResponse before = b.Get(path);
  ASSERT_EQ(before.status, 200);
  const std::string marker = "Zyxwvmarker" + std::to_string(::getpid());
  const std::string answer = "Our " + marker + " service failed. I fixed it. Errors fell 40%.";
  ASSERT_EQ(PostPractice(port(), kDebugQuestion, answer).status, 200);
  ASSERT_EQ(PostPractice(port(), kDebugQuestion, answer, true).status, 200);
  ASSERT_EQ(PostCoach(port(), CoachBody(answer, kDebugQuestion)).status, 200);

  HttpResponse after = b.Get(path);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body.find(marker), std::string::npos) << "a practice answer leaked into the cached page";
  EXPECT_EQ(after.Header("etag"), before.Header("etag")) << "practising must not change the question page";
  // "Nothing you write here is stored": not in the data directory, not in the log.
  for (const auto& entry : fs::recursive_directory_iterator(dir_->path())) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(ReadFile(entry.path()).find(marker), std::string::npos) << "the answer is stored in " << entry.path();
  }
  EXPECT_EQ(server().StderrLog().find(marker), std::string::npos) << "the answer is in the server log";
}

TEST_F(CoachPracticeTest, NonUtf8FormInputIsA400WithTheFormKept) {
  HttpResponse r = WithRetryOn429([&] {
    return Fetch(port(), "POST", std::string("/questions/") + kDebugQuestion + "/practice",
                 {{"Content-Type", "application/x-www-form-urlencoded"}}, "answer=I%20fixed%20%FF%FE%20it.");
  });
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("coach-error"), std::string::npos);
  auto kept = AnswerTextarea(r.body);
  ASSERT_TRUE(kept.has_value());
  EXPECT_TRUE(IsUtf8(r.body)) << "the page echoes invalid UTF-8";
  EXPECT_NE(kept->find("I fixed"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Rate limit (its own server: it exhausts 127.0.0.1's bucket).

// One request from a given loopback source address (e.g. 127.0.0.2); the status code, 0 on failure.
int StatusFrom(const char* source_ip, std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in src{};
  src.sin_family = AF_INET;
  ::inet_pton(AF_INET, source_ip, &src.sin_addr);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(port);
  dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) == 0 &&
      ::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    const auto deadline = Clock::now() + 10s;
    while (response.find("\r\n") == std::string::npos && Clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      response.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  if (!response.starts_with("HTTP/1.1 ")) return 0;
  return std::atoi(response.c_str() + 9);
}

class CoachRateLimitTest : public SharedServerTest {};

TEST_F(CoachRateLimitTest, BurstGets429WithRetryAfterPerAddress) {
  const std::string body = CoachBody("I fixed the outage.");
  const Headers json_type = {{"Content-Type", "application/json"}};
  Connection c(port());  // keep-alive: the burst is as quick as the server
  ASSERT_TRUE(c.ok());
  // Requests until the first 429 (an event, not a window: however slow this machine is, requests
  // sent back to back outrun a refill of 10 a second long before 2,000 of them).
  int ok = 0, limited = 0;
  HttpResponse first_429;
  const auto start = Clock::now();
  for (int i = 0; i < 2000 && limited == 0; ++i) {
    HttpResponse r = c.Request("POST", "/api/v1/coach", json_type, body);
    ASSERT_TRUE(r.status == 200 || r.status == 429) << "request " << i << ": " << r.status << " " << r.error << r.body;
    if (r.status == 200) {
      ++ok;
    } else if (limited++ == 0) {
      first_429 = r;
    }
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_GE(limited, 1) << ok << " requests in " << elapsed << " s were all answered 200";
  EXPECT_GE(ok, 30) << "the burst allows 30 at once";
  EXPECT_LE(ok, 30 + static_cast<int>(elapsed * 10) + 1) << "more than burst + 10/s in " << elapsed << " s";
  EXPECT_TRUE(IsJsonError(first_429, 429, "rate_limited"));
  EXPECT_TRUE(HasSecurityHeaders(first_429));
  const std::string retry = first_429.Header("retry-after");
  ASSERT_FALSE(retry.empty()) << "429 without Retry-After";
  ASSERT_TRUE(
      std::all_of(retry.begin(), retry.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
      << "Retry-After is not delta-seconds: " << retry;
  const int wait = std::atoi(retry.c_str());
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 5) << "at 10 requests a second a token is back within a second";

  // The practice form shares the bucket: limited too, and a new connection changes nothing.
  HttpResponse form = Fetch(port(), "POST", std::string("/questions/") + kDebugQuestion + "/practice?fragment=1",
                            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
                            "answer=I%20fixed%20it.");
  EXPECT_TRUE(IsJsonError(form, 429, "rate_limited")) << "the practice form must share the coach's limit";
  EXPECT_FALSE(form.Header("retry-after").empty());
  EXPECT_EQ(Fetch(port(), "POST", "/api/v1/coach", json_type, body).status, 429);

  // Other pages are not limited, and another address has its own bucket.
  EXPECT_EQ(Get(port(), std::string("/questions/") + kDebugQuestion).status, 200);
  const int other = StatusFrom(
      "127.0.0.2", port(),
      BuildRequest("POST", "/api/v1/coach", {{"Content-Type", "application/json"}, {"Connection", "close"}}, body));
  EXPECT_EQ(other, 200) << "a different client address must not share 127.0.0.1's bucket";

  // After the announced wait a request is accepted again (bounded poll).
  const auto deadline = Clock::now() + std::chrono::seconds(wait) + 3s;
  int status = 0;
  while (Clock::now() < deadline) {
    status = Fetch(port(), "POST", "/api/v1/coach", json_type, body).status;
    if (status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 200) << "still limited " << wait << " s + 3 s after the 429";
}

}  // namespace
}  // namespace starprep::it
