// SPDX-License-Identifier: Apache-2.0
// Unit tests for web/feedback_form: decoding the no-JavaScript feedback form and the
// open-redirect guard for return paths. The vote's rules are tested in tests/unit/feedback.

#include "web/feedback_form.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace {

using starprep::ErrorCode;
using starprep::web::ParseFeedbackForm;
using starprep::web::SafeReturnPath;

using Form = std::map<std::string, std::string>;

// --- ParseFeedbackForm ------------------------------------------------------------------------

TEST(ParseFeedbackFormTest, ValidYes) {
  auto vote = ParseFeedbackForm({{"vote", "be-rest-apis:yes"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "be-rest-apis");
  EXPECT_EQ(vote->helpful, std::optional<bool>(true));
  EXPECT_EQ(vote->comment, "");
  EXPECT_EQ(vote->voter_id, "");  // left for the caller
  EXPECT_EQ(vote->user_id, 0);
}

TEST(ParseFeedbackFormTest, ValidNo) {
  auto vote = ParseFeedbackForm({{"vote", "be-rest-apis:no"}, {"csrf", "x"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "be-rest-apis");
  EXPECT_EQ(vote->helpful, std::optional<bool>(false));
}

TEST(ParseFeedbackFormTest, SendCommentIsCommentOnlyWithoutYesOrNo) {
  auto vote = ParseFeedbackForm({{"vote", "be-rest-apis:comment"}, {"comment-be-rest-apis", "More detail."}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "be-rest-apis");
  EXPECT_TRUE(vote->comment_only);
  EXPECT_EQ(vote->helpful, std::nullopt);
  EXPECT_EQ(vote->comment, "More detail.");
}

TEST(ParseFeedbackFormTest, IdMayContainColonsTheAnswerIsAfterTheLast) {
  auto vote = ParseFeedbackForm({{"vote", "role:be:rest:no"}, {"comment-role:be:rest", "Too short."}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "role:be:rest");
  EXPECT_EQ(vote->helpful, std::optional<bool>(false));
  EXPECT_EQ(vote->comment, "Too short.");
}

TEST(ParseFeedbackFormTest, TakesTheCommentForThatQuestionOnly) {
  auto vote = ParseFeedbackForm({{"vote", "q1:yes"},
                                 {"comment-q1", "  Clear and concrete.\r\n"},
                                 {"comment-q2", "not this one"},
                                 {"comment", "nor this"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->comment, "  Clear and concrete.\r\n");  // as sent: feedback::Submit trims and checks it

  auto other = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q2", "for q2"}});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->comment, "");
}

TEST(ParseFeedbackFormTest, MissingOrEmptyVoteIsInvalid) {
  for (const Form& form : {Form{}, Form{{"vote", ""}}, Form{{"comment-q1", "hi"}}, Form{{"Vote", "q1:yes"}}}) {
    auto vote = ParseFeedbackForm(form);
    ASSERT_FALSE(vote.ok());
    EXPECT_EQ(vote.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(vote.error().message.empty());
  }
}

TEST(ParseFeedbackFormTest, MalformedVoteIsInvalid) {
  for (std::string v : {"yes", "q1", ":yes", ":", "q1:", "q1:maybe", "q1:YES", "q1:yes ", "q1: yes", "q1:true", "q1:1",
                        "q1;yes", "q1:yes:", "q1:no\n"}) {
    auto vote = ParseFeedbackForm({{"vote", v}});
    ASSERT_FALSE(vote.ok()) << v;
    EXPECT_EQ(vote.error().code, ErrorCode::kInvalidArgument) << v;
  }
}

// --- SafeReturnPath ---------------------------------------------------------------------------

constexpr const char* kFallback = "/fallback";

TEST(SafeReturnPathTest, AcceptsLocalPaths) {
  for (std::string p : {"/", "/roles/x", "/roles/backend-developer", "/questions/be-rest?tab=answer",
                        "/roles/x/questions/y", "/search?q=caf%C3%A9"}) {
    EXPECT_EQ(SafeReturnPath(p, kFallback), p);
  }
}

TEST(SafeReturnPathTest, RejectsOtherOriginsAndSchemeRelativeUrls) {
  for (std::string p : {"//evil.com", "//evil.com/roles/x", "///evil.com", "http://x", "https://evil.com/",
                        "javascript:alert(1)", "evil.com", "roles/x", "", " /roles/x", "data:text/html,x"}) {
    EXPECT_EQ(SafeReturnPath(p, kFallback), kFallback) << p;
  }
}

TEST(SafeReturnPathTest, RejectsBackslashes) {
  // Browsers treat "\" like "/", so "/\evil.com" is "//evil.com".
  for (std::string p : {"/\\evil.com", "\\\\evil.com", "/roles\\x"})
    EXPECT_EQ(SafeReturnPath(p, kFallback), kFallback) << p;
}

TEST(SafeReturnPathTest, RejectsHeaderInjection) {
  for (std::string p : {"/roles/x\r\nSet-Cookie: sp_vid=evil", "/a\nb", "/a\rb", "/\r\n"})
    EXPECT_EQ(SafeReturnPath(p, kFallback), kFallback);
}

TEST(SafeReturnPathTest, RejectsFragments) {
  EXPECT_EQ(SafeReturnPath("/roles/x#answer", kFallback), kFallback);
  EXPECT_EQ(SafeReturnPath("/#", kFallback), kFallback);
}

TEST(SafeReturnPathTest, RejectsTabsBrowsersStripToFormSchemeRelativeUrls) {
  // The URL parser removes ASCII tab and newline before parsing, so a Location of "/<TAB>/evil.com"
  // is followed to //evil.com: the same open redirect as "//evil.com".
  for (std::string p : {"/\t/evil.com", "/\t\t/evil.com", "\t//evil.com"})
    EXPECT_EQ(SafeReturnPath(p, kFallback), kFallback) << "accepted a path with a tab";
}

TEST(SafeReturnPathTest, LengthLimit) {
  const std::string at_limit = "/" + std::string(199, 'a');
  const std::string over = "/" + std::string(200, 'a');
  EXPECT_EQ(SafeReturnPath(at_limit, kFallback), at_limit);
  EXPECT_EQ(SafeReturnPath(over, kFallback), kFallback);
  EXPECT_EQ(SafeReturnPath("/" + std::string(5000, 'a'), kFallback), kFallback);
}

}  // namespace
