// SPDX-License-Identifier: Apache-2.0
// Unit tests for the editors' side of feedback (feedback/inbox.h, feedback/export.h): validation
// of actions, the export's CSV (quoting, formula neutralising) and JSON, on a real SQLite store.

#include "feedback/inbox.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "../sample_pack.h"
#include "../temp_dir.h"
#include "feedback/export.h"

namespace starprep::feedback {
namespace {

class InboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqliteStore((dir_.path() / "db.sqlite").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->ReplaceContent(starprep::testing::SamplePack()).ok());
  }
  std::int64_t Comment(const std::string& question, const std::string& voter, const std::string& text) {
    EXPECT_TRUE(store_->PutVote({question, voter, false, text}).ok());
    auto page = store_->ListEditorComments({question, "", 1, 0});
    return page.ok() && !page->items.empty() ? page->items[0].id : 0;
  }
  CommentAction Action(std::vector<std::int64_t> ids, std::string state, std::string note = "") {
    return {std::move(ids), std::move(state), std::move(note), 3, "ed@example.org", "2027-03-01T10:00:00Z"};
  }

  starprep::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(InboxTest, ActingTrimsTheNoteAndNamesThePagesToInvalidate) {
  const auto a = Comment("be-outage", "v1", "unclear");
  const auto b = Comment("be-review", "v2", "typo");
  auto done = ActOnComments(*store_, Action({a, b, a}, store::kCommentAddressed, "  fixed \n"));
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->changed, 2);
  EXPECT_EQ(done->invalidate, (std::vector<std::string>{"/questions/be-outage", "/questions/be-review"}));
  auto audit = store_->ListAudit(10, 0);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].note, "fixed");
}

TEST_F(InboxTest, BadActionsAreRefusedWithAMessageForTheEditor) {
  const auto a = Comment("be-outage", "v1", "unclear");
  EXPECT_EQ(ActOnComments(*store_, Action({a}, "delete")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ActOnComments(*store_, Action({}, "hidden")).error().message, "Choose at least one comment first.");
  EXPECT_EQ(
      ActOnComments(*store_, Action(std::vector<std::int64_t>(kMaxCommentsPerAction + 1, a), "hidden")).error().code,
      ErrorCode::kInvalidArgument);
  auto long_note = ActOnComments(*store_, Action({a}, "hidden", std::string(kMaxNoteChars + 1, 'x')));
  ASSERT_FALSE(long_note.ok());
  EXPECT_NE(long_note.error().message.find("The note is 1001 characters long"), std::string::npos);
  EXPECT_EQ(ActOnComments(*store_, Action({a}, "hidden", "\xff")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ActOnComments(*store_, Action({a + 99}, "hidden")).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->ListAudit(10, 0)->empty());
}

TEST(CsvFieldTest, QuotesAndNeutralisesFormulas) {
  EXPECT_EQ(CsvField("plain"), "\"plain\"");
  EXPECT_EQ(CsvField(""), "\"\"");
  EXPECT_EQ(CsvField("say \"hi\", then\r\nleave"), "\"say \"\"hi\"\", then\r\nleave\"");
  EXPECT_EQ(CsvField("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
  EXPECT_EQ(CsvField("+1+1"), "\"'+1+1\"");
  EXPECT_EQ(CsvField("-2"), "\"'-2\"");
  EXPECT_EQ(CsvField("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(CsvField("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(CsvField("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(CsvField("\xEF\xBC\x9D"
                     "1+1"),
            "\"'\xEF\xBC\x9D"
            "1+1\"");
  EXPECT_EQ(CsvField("a=b"), "\"a=b\"");  // only the start matters
  EXPECT_EQ(CsvField("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
}

TEST_F(InboxTest, TheExportHoldsEveryQuestionAndCommentInBothFormats) {
  const auto a = Comment("be-outage", "v1", "=cmd|' /C calc'!A0");
  Comment("fe-a11y", "v2", "Nice, \"really\"");
  ASSERT_TRUE(ActOnComments(*store_, Action({a}, store::kCommentHidden, "spam")).ok());
  auto data = CollectExport(*store_);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->questions.size(), 4u);
  ASSERT_EQ(data->comments.size(), 2u);

  const std::string csv = ToCsv(*data, "");
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "type,question_id,role,question,helpful,not_helpful,helpful_since_change,not_helpful_since_change,"
            "wilson_lower_bound,revision,revised_at,comment_id,vote,comment,written_at,state,note,state_at,"
            "question_url");
  EXPECT_NE(csv.find("\r\nquestion,\"be-outage\",\"backend\",\"Tell me about a time you handled a production "
                     "outage.\",0,1,0,1,0.0000,0,\"\",,,,,,,,\"/questions/be-outage\"\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",not_helpful,\"'=cmd|' /C calc'!A0\","), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",\"=cmd"), std::string::npos);
  EXPECT_NE(csv.find("\"Nice, \"\"really\"\"\""), std::string::npos);
  EXPECT_NE(csv.find(",\"hidden\",\"spam\",\"2027-03-01T10:00:00Z\",\"/questions/be-outage\"\r\n"), std::string::npos);

  const auto json = ToJson(*data, "");
  EXPECT_EQ(json.at("questions").as_array().size(), 4u);
  const auto& first = json.at("comments").as_array()[1].as_object();  // newest first
  EXPECT_EQ(first.at("comment").as_string(), "=cmd|' /C calc'!A0");   // JSON keeps the text as written
  EXPECT_EQ(first.at("state").as_string(), "hidden");
  EXPECT_EQ(first.at("id").as_int64(), a);
  EXPECT_EQ(json.at("questions").as_array()[0].at("wilson_lower_bound").as_double(), 0.0);
  EXPECT_EQ(json.at("questions").as_array()[0].at("url").as_string(), "/questions/be-outage");
  EXPECT_EQ(first.at("question_url").as_string(), "/questions/be-outage");
}

TEST_F(InboxTest, TheExportsLinksAreAbsoluteWithThePublicOrigin) {
  Comment("fe-a11y", "v1", "Nice.");
  auto data = CollectExport(*store_);
  ASSERT_TRUE(data.ok()) << data.error().message;
  const std::string origin = "https://prep.example.com";
  const std::string csv = ToCsv(*data, origin);
  EXPECT_NE(csv.find(",\"https://prep.example.com/questions/be-outage\"\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"Nice.\","), std::string::npos);
  EXPECT_TRUE(csv.ends_with(",\"https://prep.example.com/questions/fe-a11y\"\r\n")) << "the comment's row";
  EXPECT_EQ(csv.find(",\"/questions/"), std::string::npos) << "no relative link is left";
  const auto json = ToJson(*data, origin);
  for (const auto& q : json.at("questions").as_array())
    EXPECT_EQ(q.at("url").as_string(),
              "https://prep.example.com/questions/" + std::string(q.at("question_id").as_string()));
  EXPECT_EQ(json.at("comments").as_array()[0].at("question_url").as_string(),
            "https://prep.example.com/questions/fe-a11y");
}

}  // namespace
}  // namespace starprep::feedback
