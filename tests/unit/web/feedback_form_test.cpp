// Unit tests for web/feedback_form: parsing the no-JavaScript feedback form, comment validation
// (UTF-8, the 1000-character limit, trimming) and the open-redirect guard for return paths.

#include "web/feedback_form.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

using starprep::ErrorCode;
using starprep::web::kMaxCommentChars;
using starprep::web::ParseFeedbackForm;
using starprep::web::SafeReturnPath;
using starprep::web::ValidateComment;

using Form = std::map<std::string, std::string>;

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// --- ParseFeedbackForm ------------------------------------------------------------------------

TEST(ParseFeedbackFormTest, ValidYes) {
  auto vote = ParseFeedbackForm({{"vote", "be-rest-apis:yes"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "be-rest-apis");
  EXPECT_TRUE(vote->helpful);
  EXPECT_EQ(vote->comment, "");
  EXPECT_EQ(vote->voter_id, "");  // left for the caller
}

TEST(ParseFeedbackFormTest, ValidNo) {
  auto vote = ParseFeedbackForm({{"vote", "be-rest-apis:no"}, {"csrf", "x"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "be-rest-apis");
  EXPECT_FALSE(vote->helpful);
}

TEST(ParseFeedbackFormTest, IdMayContainColonsTheAnswerIsAfterTheLast) {
  auto vote = ParseFeedbackForm({{"vote", "role:be:rest:no"}, {"comment-role:be:rest", "Too short."}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->question_id, "role:be:rest");
  EXPECT_FALSE(vote->helpful);
  EXPECT_EQ(vote->comment, "Too short.");
}

TEST(ParseFeedbackFormTest, TakesTheCommentForThatQuestionOnly) {
  auto vote = ParseFeedbackForm({{"vote", "q1:yes"},
                                 {"comment-q1", "  Clear and concrete.\r\n"},
                                 {"comment-q2", "not this one"},
                                 {"comment", "nor this"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->comment, "Clear and concrete.");

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

TEST(ParseFeedbackFormTest, CommentOfExactlyTheLimitIsAccepted) {
  // Multi-byte characters count once each: 1000 characters, 2000 and 4000 bytes.
  for (const std::string& ch : {std::string("a"), std::string("\xC3\xA9"), std::string("\xF0\x9F\x98\x80")}) {
    const std::string comment = Repeat(ch, kMaxCommentChars);
    auto vote = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q1", comment}});
    ASSERT_TRUE(vote.ok()) << ch.size() << ": " << vote.error().message;
    EXPECT_EQ(vote->comment, comment);
  }
  EXPECT_EQ(kMaxCommentChars, 1000u);
}

TEST(ParseFeedbackFormTest, CommentOneOverTheLimitIsRejected) {
  for (const std::string& ch :
       {std::string("a"), std::string("\xC3\xA9"), std::string("\xE2\x82\xAC"), std::string("\xF0\x9F\x98\x80")}) {
    auto vote = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q1", Repeat(ch, kMaxCommentChars + 1)}});
    ASSERT_FALSE(vote.ok()) << ch.size();
    EXPECT_EQ(vote.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(vote.error().message.find("1001"), std::string::npos) << vote.error().message;
    EXPECT_NE(vote.error().message.find("1000"), std::string::npos) << vote.error().message;
  }
}

TEST(ParseFeedbackFormTest, MixedWidthCommentAtTheLimit) {
  // 250 × (1 + 2 + 3 + 4 bytes) = 1000 characters.
  const std::string comment = Repeat("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 250);
  auto ok = ParseFeedbackForm({{"vote", "q1:no"}, {"comment-q1", comment}});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->comment, comment);
  auto over = ParseFeedbackForm({{"vote", "q1:no"}, {"comment-q1", comment + "\xC3\xA9"}});
  EXPECT_FALSE(over.ok());
}

TEST(ParseFeedbackFormTest, SurroundingWhitespaceDoesNotCountTowardsTheLimit) {
  const std::string body = Repeat("x", kMaxCommentChars);
  auto vote = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q1", "\n\t  " + body + "  \r\n"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->comment, body);
}

TEST(ParseFeedbackFormTest, InvalidUtf8CommentIsRejected) {
  for (std::string bad :
       {std::string("ok \xFF"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("trunc \xE2\x82")}) {
    auto vote = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q1", bad}});
    ASSERT_FALSE(vote.ok());
    EXPECT_EQ(vote.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ParseFeedbackFormTest, WhitespaceOnlyCommentBecomesEmpty) {
  auto vote = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q1", " \t\r\n  \n"}});
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(vote->comment, "");
}

TEST(ParseFeedbackFormTest, InnerWhitespaceIsKept) {
  auto vote = ParseFeedbackForm({{"vote", "q1:yes"}, {"comment-q1", " line one\n\nline  two "}});
  ASSERT_TRUE(vote.ok());
  EXPECT_EQ(vote->comment, "line one\n\nline  two");
}

// --- ValidateComment --------------------------------------------------------------------------

TEST(ValidateCommentTest, TrimsAndChecks) {
  auto empty = ValidateComment("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
  auto trimmed = ValidateComment("  caf\xC3\xA9  ");
  ASSERT_TRUE(trimmed.ok());
  EXPECT_EQ(*trimmed, "caf\xC3\xA9");
  EXPECT_FALSE(ValidateComment(std::string("\x80")).ok());
  EXPECT_TRUE(ValidateComment(Repeat("\xE2\x82\xAC", 1000)).ok());
  EXPECT_FALSE(ValidateComment(Repeat("\xE2\x82\xAC", 1001)).ok());
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
