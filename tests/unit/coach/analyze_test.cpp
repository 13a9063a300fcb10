// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <thread>

#include "coach/coach.h"

namespace starprep::coach {
namespace {

constexpr std::string_view kComplete =
    "Last spring our checkout API at a ticketing company started timing out for about 3% of buyers during big "
    "on-sales. I was the engineer on call, so it was my job to find the cause before the next sale on Friday. I "
    "traced slow requests in Jaeger, found that every seat lookup opened its own database connection, and moved "
    "the lookups into one batched query. I also added a load test that replays the last on-sale. Timeouts fell to "
    "0.1% and p99 latency dropped from 2.4 s to 310 ms, and the Friday sale sold out without a single incident.";

bool Missing(const Report& r, Component c) {
  return std::find(r.missing.begin(), r.missing.end(), c) != r.missing.end();
}

TEST(Analyze, FindsAllFourPartsOfACompleteAnswer) {
  const Report r = Analyze(EmbeddedModel(), kComplete, {});
  EXPECT_TRUE(r.missing.empty());
  // Five sentences; two of them long enough to be labelled clause by clause (SplitClauses).
  EXPECT_EQ(r.metrics.sentences, 5);
  ASSERT_EQ(r.sentences.size(), 7u);
  EXPECT_EQ(r.sentences.front().component, Component::kSituation);
  EXPECT_EQ(r.sentences[2].component, Component::kAction);
  EXPECT_EQ(r.sentences.back().component, Component::kResult);
  for (int c = 0; c < kStarCount; ++c) {
    EXPECT_TRUE(r.components[c].present);
    EXPECT_GT(r.components[c].strength, 0.0f);
    EXPECT_LE(r.components[c].strength, 1.0f);
  }
  for (const auto& s : r.sentences) {
    EXPECT_GE(s.confidence, 0.0f);
    EXPECT_LE(s.confidence, 1.0f);
  }
}

TEST(Analyze, NamesARemovedResult) {
  const std::string without_result(kComplete.substr(0, kComplete.find(" Timeouts fell")));
  const Report r = Analyze(EmbeddedModel(), without_result, {});
  EXPECT_TRUE(Missing(r, Component::kResult));
  const bool suggested = std::any_of(r.suggestions.begin(), r.suggestions.end(),
                                     [](const Suggestion& s) { return s.component == Component::kResult; });
  EXPECT_TRUE(suggested);
}

TEST(Analyze, CountsMetrics) {
  const Report r = Analyze(EmbeddedModel(),
                           "We basically kind of fixed it. I just moved our cache and we saved $40k, cut errors "
                           "by 35% and made it 3x faster in 2 hours. In 2021 we shipped v2.3.",
                           {});
  EXPECT_EQ(r.metrics.sentences, 3);
  EXPECT_EQ(r.metrics.i_count, 1);
  EXPECT_EQ(r.metrics.we_count, 4);
  EXPECT_EQ(r.metrics.quantified_results, (std::vector<std::string>{"$40k", "35%", "3x", "2 hours"}));
  EXPECT_EQ(r.metrics.filler_words, (std::vector<std::string>{"basically", "kind of", "just"}));
  EXPECT_NEAR(r.metrics.speaking_seconds, r.metrics.words * 60.0 / 140.0, 0.06);
}

TEST(Analyze, ReportsVagueClaimsOnlyWithoutEvidence) {
  const Report vague = Analyze(EmbeddedModel(), "The change improved performance a lot.", {});
  EXPECT_EQ(vague.metrics.vague_claims, (std::vector<std::string>{"improved performance", "a lot"}));
  const Report measured = Analyze(EmbeddedModel(), "The change improved performance a lot: p99 fell by 40%.", {});
  EXPECT_TRUE(measured.metrics.vague_claims.empty());
}

TEST(Analyze, ScoreIsTheSumOfItsBreakdown) {
  for (std::string_view answer : {kComplete, std::string_view("I fixed it."), std::string_view("um")}) {
    const Report r = Analyze(EmbeddedModel(), answer, {});
    int sum = 0;
    for (const auto& p : r.breakdown) {
      EXPECT_GE(p.points, 0);
      EXPECT_LE(p.points, p.max);
      sum += p.points;
    }
    EXPECT_EQ(sum, r.score);
    EXPECT_GE(r.score, 0);
    EXPECT_LE(r.score, 100);
  }
  EXPECT_GT(Analyze(EmbeddedModel(), kComplete, {}).score, Analyze(EmbeddedModel(), "I fixed it.", {}).score);
}

TEST(Analyze, UnmeasuredResultGetsTheMeasurableOutcomeSuggestion) {
  const Report r = Analyze(EmbeddedModel(),
                           "Our deploys kept failing. I had to make them reliable. I rewrote the pipeline and added "
                           "health checks. In the end the team was much happier with deploys.",
                           {});
  const bool found = std::any_of(r.suggestions.begin(), r.suggestions.end(), [](const Suggestion& s) {
    return s.message.starts_with("Your result has no measurable outcome");
  });
  EXPECT_TRUE(found);
}

TEST(Analyze, KeywordsFromContext) {
  Context ctx;
  ctx.keywords = {{"rollback", {"rollback"}}, {"distributed systems", {"distribut", "system"}}, {"canary", {"canary"}}};
  const Report r = Analyze(EmbeddedModel(), "I planned the rollback and tested it on our distributed system.", ctx);
  EXPECT_EQ(r.metrics.keywords_found, (std::vector<std::string>{"rollback", "distributed systems"}));
  EXPECT_EQ(r.metrics.keywords_missing, (std::vector<std::string>{"canary"}));
}

// A strong answer (kQuietKeywordsFrom) hears nothing about words it did not use; a weak one does.
TEST(Analyze, QuietAboutUnusedKeywordsOnceTheScoreIsStrong) {
  Context ctx;
  ctx.keywords = {{"canary", {"canary"}}, {"rollback", {"rollback"}}, {"feature flag", {"featur", "flag"}}};
  const Report strong = Analyze(EmbeddedModel(), kComplete, ctx);
  ASSERT_GE(strong.score, kQuietKeywordsFrom);
  EXPECT_TRUE(strong.metrics.keywords_missing.empty());
  for (const auto& s : strong.suggestions) EXPECT_EQ(s.message.find("canary"), std::string::npos) << s.message;
  const Report weak = Analyze(EmbeddedModel(), "I fixed the checkout bug.", ctx);
  ASSERT_LT(weak.score, kQuietKeywordsFrom);
  EXPECT_EQ(weak.metrics.keywords_missing.size(), 3u);
  const bool named = std::any_of(weak.suggestions.begin(), weak.suggestions.end(),
                                 [](const Suggestion& s) { return s.message.find("canary") != std::string::npos; });
  EXPECT_TRUE(named) << "a weak answer is told which topic words to connect";
}

TEST(MakeContext, UsesTheQuestionsTopicWordsAndTheRolesSkills) {
  content::Question q;
  q.question = "How do you roll out a database schema migration without downtime?";
  q.why_md = "Schema changes on a busy database can lock tables. Interviewers want migration steps.";
  const Context ctx = MakeContext(EmbeddedModel(), &q, {"databases", "Kubernetes"});
  std::vector<std::string> shown;
  for (const auto& k : ctx.keywords) shown.push_back(k.display);
  EXPECT_NE(std::find(shown.begin(), shown.end(), "migration"), shown.end());
  EXPECT_NE(std::find(shown.begin(), shown.end(), "schema"), shown.end());
  EXPECT_EQ(std::find(shown.begin(), shown.end(), "busy"), shown.end());  // said once: prose, not topic
  EXPECT_EQ(shown.back(), "Kubernetes");
}

TEST(ToJson, FollowsTheContract) {
  const std::string answer = "Our \"legacy\" API was slow.\nI rewrote it — p99 went from 900 ms to 120 ms.";
  const Report r = Analyze(EmbeddedModel(), answer, {});
  const boost::json::value v = boost::json::parse(ToJson(answer, r));
  const auto& o = v.as_object();
  const auto& sentences = o.at("sentences").as_array();
  ASSERT_EQ(sentences.size(), r.sentences.size());
  std::int64_t previous_end = 0;
  for (const auto& s : sentences) {
    const auto start = s.at("start").as_int64(), end = s.at("end").as_int64();
    EXPECT_GE(start, previous_end);
    EXPECT_EQ(std::string(s.at("text").as_string()), answer.substr(start, end - start));
    previous_end = end;
    const double c = s.at("confidence").as_double();
    EXPECT_TRUE(c >= 0 && c <= 1);
  }
  for (const char* part : {"situation", "task", "action", "result"}) {
    EXPECT_TRUE(o.at("components").at(part).at("present").is_bool());
    EXPECT_TRUE(o.at("components").at(part).at("strength").is_double());
  }
  EXPECT_TRUE(o.at("missing").is_array());
  const auto& m = o.at("metrics").as_object();
  for (const char* key : {"words", "sentences", "i_count", "we_count"}) EXPECT_TRUE(m.at(key).is_int64()) << key;
  EXPECT_TRUE(m.at("speaking_seconds").is_double());
  for (const char* key : {"quantified_results", "filler_words", "keywords_found", "keywords_missing"})
    EXPECT_TRUE(m.at(key).is_array()) << key;
  std::int64_t sum = 0;
  for (const auto& [k, points] : o.at("score_breakdown").as_object()) sum += points.as_int64();
  EXPECT_EQ(sum, o.at("score").as_int64());
  for (const auto& s : o.at("suggestions").as_array()) {
    EXPECT_TRUE(s.at("component").is_null() || s.at("component").is_string());
    EXPECT_FALSE(s.at("message").as_string().empty());
  }
}

TEST(Analyze, IsSafeToCallFromManyThreads) {
  const std::string expected = ToJson(kComplete, Analyze(EmbeddedModel(), kComplete, {}));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (ToJson(kComplete, Analyze(EmbeddedModel(), kComplete, {})) != expected) ++mismatches;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Analyze, SurvivesOddInput) {
  for (std::string_view odd : {std::string_view(""), std::string_view("...."), std::string_view("\n\n- \n1. "),
                               std::string_view("\xff\xfe\xe2\x80"), std::string_view("a\0b", 3)}) {
    const Report r = Analyze(EmbeddedModel(), odd, {});
    EXPECT_LE(r.score, 100);
    for (const auto& s : r.sentences) EXPECT_LE(s.span.end, odd.size());
  }
}

}  // namespace
}  // namespace starprep::coach
