// SPDX-License-Identifier: Apache-2.0
// Contract tests for the editor inbox (store/store.h, "editor inbox"): vote counts per answer
// revision, comment states in bulk, the audit trail. On every backend (tests/unit/test_store.h).

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../sample_pack.h"
#include "../test_store.h"
#include "store/store.h"

namespace starprep::store {
namespace {

using starprep::testing::Backend;
using starprep::testing::TestStore;

class InboxStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { ASSERT_TRUE(store().ReplaceContent(starprep::testing::SamplePack()).ok()); }

  Store& store() { return *db_; }

  void Vote(const std::string& question, const std::string& voter, bool helpful, const std::string& comment = "") {
    ASSERT_TRUE(store().PutVote({question, voter, helpful, comment}).ok()) << voter;
  }

  QuestionFeedback Feedback(const std::string& question) {
    auto list = store().ListQuestionFeedback(question);
    EXPECT_TRUE(list.ok()) << list.error().message;
    EXPECT_EQ(list->size(), 1u);
    return list->empty() ? QuestionFeedback{} : list->front();
  }

  std::vector<EditorComment> Comments(const std::string& question = "", const std::string& state = "") {
    auto page = store().ListEditorComments({question, state, 100, 0});
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->items : std::vector<EditorComment>{};
  }

  // The sample pack with be-outage's model answer rewritten (`edit` tells imports apart).
  static content::Pack Edited(const std::string& edit) {
    content::Pack pack = starprep::testing::SamplePack();
    pack.roles[0].questions[0].answer.result = "Errors fell: " + edit;
    return pack;
  }

  CommentStateChange Change(std::vector<std::int64_t> ids, const char* state, std::string note = "") {
    return {std::move(ids), state, std::move(note), 7, "ed@example.org", "2027-03-01T10:00:00Z"};
  }

  TestStore db_{GetParam()};
};

TEST_P(InboxStoreTest, EveryLiveQuestionIsListedInRoleAndPositionOrderWithItsCounts) {
  Vote("be-outage", "v1", true);
  Vote("be-outage", "v2", false, "Too vague.");
  Vote("be-outage", "v3", true, "Great.");
  auto list = store().ListQuestionFeedback("");
  ASSERT_TRUE(list.ok()) << list.error().message;
  std::vector<std::string> ids;
  for (const auto& q : *list) ids.push_back(q.question_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"be-outage", "be-review", "be-deadline", "fe-a11y"}));
  const QuestionFeedback& q = list->front();
  EXPECT_EQ(q.role_slug, "backend");
  EXPECT_EQ(q.question, "Tell me about a time you handled a production outage.");
  EXPECT_EQ(q.helpful, 2);
  EXPECT_EQ(q.not_helpful, 1);
  EXPECT_EQ(q.helpful_since, 2);
  EXPECT_EQ(q.not_helpful_since, 1);
  EXPECT_EQ(q.comments, 2);
  EXPECT_EQ(q.open_comments, 2);
  EXPECT_EQ(q.revision, 0);
  EXPECT_EQ(q.revised_at, "");
  EXPECT_FALSE(q.updated_after_feedback);
  EXPECT_EQ((*list)[1].helpful + (*list)[1].not_helpful + (*list)[1].comments, 0);
  EXPECT_TRUE(store().ListQuestionFeedback("no-such")->empty());
}

TEST_P(InboxStoreTest, AnImportThatChangesTheTextStartsANewCountAndKeepsTheTotals) {
  Vote("be-outage", "v1", true);
  Vote("be-outage", "v2", false);
  // A new date alone is not a new text: the count goes on.
  content::Pack moved = starprep::testing::SamplePack();
  moved.roles[0].questions[0].updated = "2026-06-01";
  ASSERT_TRUE(store().ReplaceContent(moved).ok());
  EXPECT_EQ(Feedback("be-outage").revision, 0);

  ASSERT_TRUE(store().ReplaceContent(Edited("one")).ok());
  QuestionFeedback q = Feedback("be-outage");
  EXPECT_EQ(q.revision, 1);
  EXPECT_EQ(q.revised_at.size(), 20u) << q.revised_at;
  EXPECT_EQ(q.helpful, 1);
  EXPECT_EQ(q.not_helpful, 1);
  EXPECT_EQ(q.helpful_since + q.not_helpful_since, 0);

  Vote("be-outage", "v3", true);
  Vote("be-outage", "v2", true);  // a changed vote counts for the text it was changed on
  q = Feedback("be-outage");
  EXPECT_EQ(q.helpful, 3);
  EXPECT_EQ(q.not_helpful, 0);
  EXPECT_EQ(q.helpful_since, 2);
  EXPECT_EQ(q.not_helpful_since, 0);

  ASSERT_TRUE(store().ReplaceContent(Edited("two")).ok());
  EXPECT_EQ(Feedback("be-outage").revision, 2);
  ASSERT_TRUE(store().ReplaceContent(Edited("two")).ok());  // the same text again: no new revision
  EXPECT_EQ(Feedback("be-outage").revision, 2);
  EXPECT_EQ(Feedback("be-review").revision, 0);
}

TEST_P(InboxStoreTest, CommentsAreListedNewestFirstAndFilteredByQuestionAndState) {
  Vote("be-outage", "v1", false, "first");
  Vote("be-outage", "v2", true);  // no comment: not listed
  Vote("be-review", "v1", true, "second");
  Vote("fe-a11y", "v3", false, "third");
  auto all = Comments();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].comment, "third");
  EXPECT_EQ(all[1].comment, "second");
  EXPECT_EQ(all[2].comment, "first");
  EXPECT_EQ(all[2].question_id, "be-outage");
  EXPECT_EQ(all[2].role_slug, "backend");
  EXPECT_FALSE(all[2].helpful);
  EXPECT_EQ(all[2].state, kCommentOpen);
  EXPECT_GT(all[2].id, 0);
  EXPECT_NE(all[0].id, all[1].id);

  auto page = store().ListEditorComments({"", "", 1, 1});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].comment, "second");
  EXPECT_EQ(store().ListEditorComments({"", "", 0, 0})->total, 3);

  EXPECT_EQ(Comments("be-review").size(), 1u);
  EXPECT_EQ(Comments("", kCommentOpen).size(), 3u);
  EXPECT_TRUE(Comments("", kCommentHidden).empty());
  EXPECT_TRUE(Comments("", "bogus").empty());
  EXPECT_TRUE(Comments("no-such").empty());
}

TEST_P(InboxStoreTest, BulkStateChangesWriteOneAuditRecordPerComment) {
  Vote("be-outage", "v1", false, "unclear result");
  Vote("be-review", "v2", false, "typo");
  Vote("fe-a11y", "v3", true, "buy cheap pills");
  auto c = Comments();
  ASSERT_EQ(c.size(), 3u);
  const std::int64_t pills = c[0].id, typo = c[1].id, unclear = c[2].id;

  auto changed = store().SetCommentState(Change({unclear, typo, typo}, kCommentAddressed, "Fixed in the next pack."));
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(*changed, (std::vector<std::string>{"be-outage", "be-review"}));
  ASSERT_TRUE(store().SetCommentState(Change({pills}, kCommentHidden)).ok());

  auto addressed = Comments("", kCommentAddressed);
  ASSERT_EQ(addressed.size(), 2u);
  EXPECT_EQ(addressed[0].note, "Fixed in the next pack.");
  EXPECT_EQ(addressed[0].state_at, "2027-03-01T10:00:00Z");
  EXPECT_EQ(Comments("", kCommentHidden).size(), 1u);
  EXPECT_EQ(Feedback("be-outage").open_comments, 0);
  EXPECT_EQ(Feedback("be-outage").comments, 1);

  auto audit = store().ListAudit(10, 0);
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "comment.hidden");
  EXPECT_EQ((*audit)[0].comment_id, pills);
  EXPECT_EQ((*audit)[0].question_id, "fe-a11y");
  EXPECT_EQ((*audit)[1].action, "comment.addressed");
  EXPECT_EQ((*audit)[1].actor, "ed@example.org");
  EXPECT_EQ((*audit)[1].actor_id, 7);
  EXPECT_EQ((*audit)[1].at, "2027-03-01T10:00:00Z");
  EXPECT_EQ((*audit)[1].note, "Fixed in the next pack.");
  EXPECT_GT((*audit)[0].id, (*audit)[1].id);
  EXPECT_EQ(store().ListAudit(10, 2)->size(), 1u);
  EXPECT_TRUE(store().ListAudit(0, 0)->empty());
}

TEST_P(InboxStoreTest, ACommentHiddenAsSpamLeavesThePublicCountsButItsVoteStays) {
  Vote("be-outage", "v1", false, "buy cheap pills");
  Vote("be-outage", "v2", true, "Clear.");
  Vote("be-outage", "v3", true, "Useful.");
  const auto c = Comments("be-outage");
  ASSERT_EQ(c.size(), 3u);
  ASSERT_TRUE(store().SetCommentState(Change({c[2].id}, kCommentHidden)).ok());     // the pills
  ASSERT_TRUE(store().SetCommentState(Change({c[1].id}, kCommentAddressed)).ok());  // still public

  auto summary = store().GetFeedbackSummary("be-outage");
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->comments, 2);
  EXPECT_EQ(summary->helpful, 2);
  EXPECT_EQ(summary->not_helpful, 1) << "the vote counts, only its comment is spam";
  auto role = store().GetRoleFeedback("backend");
  ASSERT_TRUE(role.ok()) << role.error().message;
  ASSERT_EQ(role->count("be-outage"), 1u);
  EXPECT_EQ(role->at("be-outage").comments, 2);
  EXPECT_EQ(role->at("be-outage").not_helpful, 1);
  EXPECT_EQ(Feedback("be-outage").comments, 3) << "editors still see every comment";

  ASSERT_TRUE(store().SetCommentState(Change({c[2].id}, kCommentOpen)).ok());  // reopened: counted again
  EXPECT_EQ(store().GetFeedbackSummary("be-outage")->comments, 3);
  EXPECT_EQ(store().GetRoleFeedback("backend")->at("be-outage").comments, 3);
}

TEST_P(InboxStoreTest, ADeletedEditorsAuditRecordsKeepWhoActedWithoutTheEmail) {
  auto user = [&](const std::string& email) {
    auto u = store().CreateUser(
        {0, email, "Ed", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", "editor", "2027-01-01T00:00:00Z"});
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? u->id : 0;
  };
  const std::int64_t gone = user("gone-editor@example.org"), stays = user("staying-editor@example.org");
  Vote("be-outage", "v1", false, "unclear");
  Vote("be-review", "v2", false, "typo");
  const auto c = Comments();
  auto act = [&](std::int64_t id, std::int64_t actor_id, const std::string& actor) {
    ASSERT_TRUE(store().SetCommentState({{id}, kCommentAddressed, "ok", actor_id, actor, "2027-03-01T10:00:00Z"}).ok());
  };
  act(c[0].id, gone, "gone-editor@example.org");
  act(c[1].id, gone, "gone-editor@example.org");
  act(c[0].id, stays, "staying-editor@example.org");
  act(c[1].id, 0, "editor token");
  // An account deleted before the audit forgot emails: its records are cleaned up at the next deletion.
  act(c[1].id, 424242, "deleted-long-ago@example.org");

  ASSERT_TRUE(store().DeleteUser(gone).ok());
  auto audit = store().ListAudit(10, 0);
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  std::vector<std::pair<std::int64_t, std::string>> actors;
  for (const auto& r : *audit) actors.emplace_back(r.actor_id, r.actor);
  const std::string gone_actor = "deleted editor #" + std::to_string(gone);
  EXPECT_EQ(actors, (std::vector<std::pair<std::int64_t, std::string>>{{424242, "deleted editor #424242"},
                                                                       {0, "editor token"},
                                                                       {stays, "staying-editor@example.org"},
                                                                       {gone, gone_actor},
                                                                       {gone, gone_actor}}));
  EXPECT_TRUE(
      db_.Dump("SELECT id FROM feedback_audit WHERE actor LIKE '%gone-editor%' OR actor LIKE '%long-ago%'").empty());
  EXPECT_EQ(Comments("be-outage")[0].note, "ok") << "the comments' state and notes stay";
  EXPECT_EQ(store().DeleteUser(gone).error().code, ErrorCode::kNotFound);
}

TEST_P(InboxStoreTest, AnUnknownIdChangesNothingAndBadRequestsAreRefused) {
  Vote("be-outage", "v1", false, "unclear");
  Vote("be-outage", "v2", true);  // a vote without a comment is not a comment
  const std::int64_t id = Comments()[0].id;
  auto voteless = db_.Dump("SELECT id FROM votes WHERE comment = ''");
  ASSERT_EQ(voteless.size(), 1u);
  const std::int64_t plain = std::stoll(voteless[0]);

  for (std::int64_t bad : {id + 1000, plain}) {
    auto r = store().SetCommentState(Change({id, bad}, kCommentHidden));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(Comments()[0].state, kCommentOpen);
  EXPECT_TRUE(store().ListAudit(10, 0)->empty());
  EXPECT_EQ(store().SetCommentState(Change({id}, "deleted")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().SetCommentState(Change({}, kCommentHidden)).error().code, ErrorCode::kInvalidArgument);

  // A comment on a retired question is out of the inbox.
  content::Pack pack = starprep::testing::SamplePack();
  pack.roles[0].questions.erase(pack.roles[0].questions.begin());
  ASSERT_TRUE(store().ReplaceContent(pack).ok());
  EXPECT_TRUE(Comments().empty());
  EXPECT_EQ(store().SetCommentState(Change({id}, kCommentHidden)).error().code, ErrorCode::kNotFound);
}

TEST_P(InboxStoreTest, ARewrittenCommentIsOpenAgainAndTheSameTextKeepsItsState) {
  Vote("be-outage", "v1", false, "unclear");
  const std::int64_t id = Comments()[0].id;
  ASSERT_TRUE(store().SetCommentState(Change({id}, kCommentAddressed, "done")).ok());
  Vote("be-outage", "v1", true, "unclear");  // the vote changes, the text does not
  EXPECT_EQ(Comments()[0].state, kCommentAddressed);
  Vote("be-outage", "v1", true, "still unclear");
  auto c = Comments();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].id, id);
  EXPECT_EQ(c[0].state, kCommentOpen);
  EXPECT_EQ(c[0].note, "");
  EXPECT_EQ(c[0].state_at, "");
}

TEST_P(InboxStoreTest, UpdatedAfterFeedbackWhenAnAddressedCommentPrecedesTheNewText) {
  Vote("be-outage", "v1", false, "the result has no number");
  Vote("be-review", "v2", false, "typo");
  const auto c = Comments();
  ASSERT_TRUE(store().SetCommentState(Change({c[1].id}, kCommentAddressed)).ok());  // be-outage's
  EXPECT_FALSE(Feedback("be-outage").updated_after_feedback);  // addressed, the text not yet changed

  ASSERT_TRUE(store().ReplaceContent(Edited("by 90%")).ok());
  EXPECT_TRUE(Feedback("be-outage").updated_after_feedback);
  EXPECT_EQ(Comments("be-outage")[0].revision, 0);
  EXPECT_FALSE(Feedback("be-review").updated_after_feedback);  // addressed nothing changed

  // A hidden comment does not count.
  Vote("be-deadline", "v3", false, "spam");
  ASSERT_TRUE(store().SetCommentState(Change({Comments("be-deadline")[0].id}, kCommentHidden)).ok());
  content::Pack pack = Edited("by 90%");
  pack.roles[0].questions[2].why_md = "New why.";
  ASSERT_TRUE(store().ReplaceContent(pack).ok());
  EXPECT_FALSE(Feedback("be-deadline").updated_after_feedback);
}

TEST_P(InboxStoreTest, AnswersSurviveReopeningTheStore) {
  Vote("be-outage", "v1", false, "unclear");
  ASSERT_TRUE(store().SetCommentState(Change({Comments()[0].id}, kCommentAddressed, "ok")).ok());
  db_.Reopen();
  EXPECT_EQ(Comments()[0].state, kCommentAddressed);
  EXPECT_EQ(store().ListAudit(10, 0)->size(), 1u);
  Vote("be-review", "v2", true, "new");  // ids keep growing after a reopen
  auto c = Comments();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_GT(c[0].id, c[1].id);
}

INSTANTIATE_TEST_SUITE_P(Backends, InboxStoreTest, ::testing::ValuesIn(starprep::testing::Backends()),
                         starprep::testing::BackendName);

}  // namespace
}  // namespace starprep::store
