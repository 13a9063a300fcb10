// SPDX-License-Identifier: Apache-2.0
// Unit tests for the feedback service (feedback/votes): comment validation (UTF-8, the
// 1000-character limit, trimming) and Submit, the one vote flow of the form and the API, on a
// real SQLite store in a temporary directory.

#include "feedback/votes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "../sample_pack.h"
#include "../temp_dir.h"

namespace starprep::feedback {
namespace {

using starprep::testing::TempDir;

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// --- ValidateComment --------------------------------------------------------------------------

TEST(ValidateCommentTest, CommentOfExactlyTheLimitIsAccepted) {
  // Multi-byte characters count once each: 1000 characters, 2000 and 4000 bytes.
  for (const std::string& ch : {std::string("a"), std::string("\xC3\xA9"), std::string("\xF0\x9F\x98\x80")}) {
    const std::string comment = Repeat(ch, kMaxCommentChars);
    auto vote = ValidateComment(comment);
    ASSERT_TRUE(vote.ok()) << ch.size() << ": " << vote.error().message;
    EXPECT_EQ(*vote, comment);
  }
  EXPECT_EQ(kMaxCommentChars, 1000u);
}

TEST(ValidateCommentTest, CommentOneOverTheLimitIsRejected) {
  for (const std::string& ch :
       {std::string("a"), std::string("\xC3\xA9"), std::string("\xE2\x82\xAC"), std::string("\xF0\x9F\x98\x80")}) {
    auto vote = ValidateComment(Repeat(ch, kMaxCommentChars + 1));
    ASSERT_FALSE(vote.ok()) << ch.size();
    EXPECT_EQ(vote.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(vote.error().message.find("1001"), std::string::npos) << vote.error().message;
    EXPECT_NE(vote.error().message.find("1000"), std::string::npos) << vote.error().message;
  }
}

TEST(ValidateCommentTest, MixedWidthCommentAtTheLimit) {
  // 250 × (1 + 2 + 3 + 4 bytes) = 1000 characters.
  const std::string comment = Repeat("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 250);
  auto ok = ValidateComment(comment);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*ok, comment);
  auto over = ValidateComment(comment + "\xC3\xA9");
  EXPECT_FALSE(over.ok());
}

TEST(ValidateCommentTest, SurroundingWhitespaceDoesNotCountTowardsTheLimit) {
  const std::string body = Repeat("x", kMaxCommentChars);
  auto vote = ValidateComment("\n\t  " + body + "  \r\n");
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(*vote, body);
}

TEST(ValidateCommentTest, InvalidUtf8CommentIsRejected) {
  for (std::string bad :
       {std::string("ok \xFF"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("trunc \xE2\x82")}) {
    auto vote = ValidateComment(bad);
    ASSERT_FALSE(vote.ok());
    EXPECT_EQ(vote.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ValidateCommentTest, WhitespaceOnlyCommentBecomesEmpty) {
  auto vote = ValidateComment(" \t\r\n  \n");
  ASSERT_TRUE(vote.ok()) << vote.error().message;
  EXPECT_EQ(*vote, "");
}

TEST(ValidateCommentTest, InnerWhitespaceIsKept) {
  auto vote = ValidateComment(" line one\n\nline  two ");
  ASSERT_TRUE(vote.ok());
  EXPECT_EQ(*vote, "line one\n\nline  two");
}

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

// --- Submit -----------------------------------------------------------------------------------

class SubmitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenSqliteStore((dir_.path() / "starprep.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(store).value();
    auto stats = store_->ReplaceContent(starprep::testing::SamplePack());
    ASSERT_TRUE(stats.ok()) << stats.error().message;
  }

  static VoteRequest Request(std::string question, std::optional<bool> helpful, std::string comment = "") {
    return {std::move(question), "visitor-1", 0, helpful, std::move(comment)};
  }

  store::FeedbackSummary Summary(const std::string& question) {
    auto s = store_->GetFeedbackSummary(question);
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : store::FeedbackSummary{};
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(SubmitTest, RecordsTheVoteAndNamesThePagesToInvalidate) {
  auto out = Submit(*store_, Request("be-review", true, "  Clear and concrete.\r\n"));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->vote.question_id, "be-review");
  EXPECT_EQ(out->vote.voter_id, "visitor-1");
  EXPECT_TRUE(out->vote.helpful);
  EXPECT_EQ(out->vote.comment, "Clear and concrete.");  // trimmed before it is stored
  EXPECT_EQ(out->invalidate, (std::vector<std::string>{"/roles/backend", "/questions/be-review"}));
  const store::FeedbackSummary s = Summary("be-review");
  EXPECT_EQ(s.helpful, 1);
  EXPECT_EQ(s.not_helpful, 0);
  EXPECT_EQ(s.comments, 1);
  auto comments = store_->ListComments("be-review", 10, 0);
  ASSERT_TRUE(comments.ok());
  ASSERT_EQ(comments->size(), 1u);
  EXPECT_EQ((*comments)[0].comment, "Clear and concrete.");

  // The same visitor changes their mind: still one vote, now "no", on the other role's page too.
  auto again = Submit(*store_, Request("be-review", false));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(Summary("be-review").helpful, 0);
  EXPECT_EQ(Summary("be-review").not_helpful, 1);
  auto other = Submit(*store_, Request("fe-a11y", true));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->invalidate.front(), "/roles/frontend");
}

TEST_F(SubmitTest, UnknownQuestionIsNotFoundAndWritesNothing) {
  auto out = Submit(*store_, Request("no-such-question", true, "hello"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(out.error().message, "There is no question \"no-such-question\".");
  auto role = store_->GetRoleFeedback("backend");
  ASSERT_TRUE(role.ok());
  EXPECT_TRUE(role->empty());
}

TEST_F(SubmitTest, RetiredQuestionIsNotFound) {
  content::Pack pack = starprep::testing::SamplePack();
  auto& qs = pack.roles[0].questions;
  qs.erase(std::remove_if(qs.begin(), qs.end(), [](const auto& q) { return q.id == "be-review"; }), qs.end());
  ASSERT_TRUE(store_->ReplaceContent(pack).ok());
  auto out = Submit(*store_, Request("be-review", true));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Summary("be-review").helpful, 0);
}

TEST_F(SubmitTest, AVoteWithoutYesOrNoOrWithoutAVisitorIsInvalid) {
  auto neither = Submit(*store_, Request("be-review", std::nullopt));
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(neither.error().message.find("Yes or No"), std::string::npos) << neither.error().message;

  VoteRequest anonymous = Request("be-review", true);
  anonymous.voter_id.clear();
  auto no_voter = Submit(*store_, anonymous);
  ASSERT_FALSE(no_voter.ok());
  EXPECT_EQ(no_voter.error().code, ErrorCode::kInvalidArgument);

  // Validation comes first: an invalid vote on an unknown question is a 400, not a 404.
  auto both = Submit(*store_, Request("no-such-question", std::nullopt));
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Summary("be-review").helpful + Summary("be-review").not_helpful, 0);
}

TEST_F(SubmitTest, OverLongOrInvalidCommentIsRejectedAndNothingIsWritten) {
  auto over = Submit(*store_, Request("be-review", true, Repeat("\xC3\xA9", kMaxCommentChars + 1)));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(over.error().message.find("1001"), std::string::npos) << over.error().message;
  auto bad = Submit(*store_, Request("be-review", false, "ok \xFF"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  const store::FeedbackSummary s = Summary("be-review");
  EXPECT_EQ(s.helpful + s.not_helpful + s.comments, 0);

  auto at_limit = Submit(*store_, Request("be-review", true, Repeat("\xC3\xA9", kMaxCommentChars)));
  EXPECT_TRUE(at_limit.ok());
}

TEST_F(SubmitTest, SendCommentKeepsTheCurrentVoteAndNeedsOneAndAComment) {
  VoteRequest comment = Request("be-review", std::nullopt, "Add a number to the result.");
  comment.comment_only = true;
  auto before_vote = Submit(*store_, comment);
  ASSERT_FALSE(before_vote.ok());
  EXPECT_EQ(before_vote.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(before_vote.error().message.find("Choose Yes or No first"), std::string::npos);
  EXPECT_EQ(Summary("be-review").comments, 0);

  ASSERT_TRUE(Submit(*store_, Request("be-review", false)).ok());
  auto sent = Submit(*store_, comment);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_FALSE(sent->vote.helpful);  // the "no" stays
  EXPECT_EQ(sent->vote.comment, "Add a number to the result.");
  EXPECT_EQ(Summary("be-review").not_helpful, 1);
  EXPECT_EQ(Summary("be-review").helpful, 0);
  EXPECT_EQ(Summary("be-review").comments, 1);

  VoteRequest blank = comment;
  blank.comment = "  \n";
  auto empty = Submit(*store_, blank);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Summary("be-review").comments, 1);  // the comment is not cleared by a blank send

  VoteRequest over = comment;
  over.comment = Repeat("x", kMaxCommentChars + 1);
  ASSERT_FALSE(Submit(*store_, over).ok());
}

TEST_F(SubmitTest, CommentsAreRateLimitedPerVisitorButPlainVotesAreNot) {
  const int burst = static_cast<int>(kCommentBucket.burst);
  for (int i = 0; i < burst; ++i)
    ASSERT_TRUE(Submit(*store_, Request("be-review", true, "comment " + std::to_string(i))).ok()) << i;
  auto limited = Submit(*store_, Request("be-outage", false, "one more"));
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(limited.error().retry_after, 0);
  EXPECT_EQ(Summary("be-outage").not_helpful, 0);                  // nothing written
  EXPECT_TRUE(Submit(*store_, Request("be-outage", false)).ok());  // a vote alone still counts
  VoteRequest other = Request("be-outage", true, "another visitor");
  other.voter_id = "visitor-2";
  EXPECT_TRUE(Submit(*store_, other).ok());
}

}  // namespace
}  // namespace starprep::feedback
