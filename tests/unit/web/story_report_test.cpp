// SPDX-License-Identifier: Apache-2.0
// Unit tests for web/story_report: the coverage matrix, competency vocabulary and roles, and the
// Markdown export.

#include "web/story_report.h"

#include <gtest/gtest.h>

namespace starprep::web {
namespace {

content::Role Role() {
  content::Role r;
  r.slug = "be";
  r.title = "Back-end";
  auto add = [&r](const std::string& id, std::vector<std::string> competencies) {
    content::Question q;
    q.id = id;
    q.question = "Question " + id + "?";
    q.competencies = std::move(competencies);
    r.questions.push_back(q);
  };
  add("q1", {"debugging", "ownership"});
  add("q2", {"communication"});
  add("q3", {"security", "ownership"});
  return r;
}

practice::Story Story(std::int64_t id, const std::string& title, std::vector<std::string> questions,
                      std::vector<std::string> competencies) {
  practice::Story s;
  s.id = id;
  s.fields.title = title;
  s.fields.situation = "It broke.";
  s.fields.result = "It worked.";
  s.fields.question_ids = std::move(questions);
  s.fields.competencies = std::move(competencies);
  s.score = 50;
  s.updated_at = "2026-03-01T00:00:00Z";
  return s;
}

TEST(CoverStoriesTest, MarksQuestionsWithLinkedStoriesAndListsUncoveredCompetencies) {
  auto c =
      CoverStories(Role(), {Story(1, "Outage", {"q1", "other"}, {"Debugging"}), Story(2, "Talk", {"q1", "q2"}, {})});
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[0].question_id, "q1");
  ASSERT_EQ(c.rows[0].stories.size(), 2u);
  EXPECT_EQ(c.rows[0].stories[0].title, "Outage");
  EXPECT_EQ(c.rows[1].stories.size(), 1u);
  EXPECT_TRUE(c.rows[2].stories.empty());
  EXPECT_EQ(c.questions_covered, 2);
  EXPECT_EQ(c.competencies, (std::vector<std::string>{"communication", "debugging", "ownership", "security"}));
  // "Debugging" covers "debugging": tags compare case-insensitively.
  EXPECT_EQ(c.uncovered_competencies, (std::vector<std::string>{"communication", "ownership", "security"}));
}

TEST(CoverStoriesTest, NoStoriesCoverNothing) {
  auto c = CoverStories(Role(), {});
  EXPECT_EQ(c.questions_covered, 0);
  EXPECT_EQ(c.uncovered_competencies.size(), 4u);
}

// One competency is one spelling: a story tagged with another spelling of it (saved before the
// packs were normalised, or typed under "Other competencies") covers it.
TEST(CoverStoriesTest, AnotherSpellingOfACompetencyCoversIt) {
  content::Role r = Role();
  r.questions[1].competencies = {"api-design", "risk-management", "judgement", "prioritisation"};
  auto c = CoverStories(r, {Story(1, "Outage", {}, {"api design", "Risk Management", "judgment", "prioritization"})});
  EXPECT_EQ(c.uncovered_competencies, (std::vector<std::string>{"debugging", "ownership", "security"}));
  auto none = CoverStories(r, {Story(1, "Outage", {}, {"api integration", "risk"})});
  EXPECT_EQ(none.uncovered_competencies.size(), 7u) << "different competencies stay different";
}

TEST(CompetencyRolesTest, NamesTheRolesOfEachCompetency) {
  content::Role other = Role();
  other.slug = "fe";
  other.questions[0].competencies = {"api-design", "debugging"};
  auto roles = CompetencyRoles({Role(), other});
  ASSERT_EQ(roles.size(), 5u);
  EXPECT_EQ(roles["api-design"], (std::set<std::string>{"fe"}));
  EXPECT_EQ(roles["debugging"], (std::set<std::string>{"be", "fe"}));
  EXPECT_EQ(roles["security"], (std::set<std::string>{"be", "fe"}));
  EXPECT_EQ(roles.begin()->first, "api-design") << "sorted";
}

TEST(CompetencyVocabularyTest, IsSortedAndUnique) {
  content::Role other = Role();
  other.questions[0].competencies = {"api-design", "debugging"};
  EXPECT_EQ(CompetencyVocabulary({Role(), other}),
            (std::vector<std::string>{"api-design", "communication", "debugging", "ownership", "security"}));
}

TEST(SplitCommaListTest, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(SplitCommaList(" a, b ,,c,  "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(SplitCommaList("").empty());
  EXPECT_TRUE(SplitCommaList(" , ,").empty());
}

TEST(StoriesMarkdownTest, HasAHeadingPerStoryLabelledPartsAndQuestionTexts) {
  auto s = Story(1, "Outage\nat night", {"q1", "gone"}, {"debugging", "calm"});
  std::string md = StoriesMarkdown({s}, {{"q1", "Question q1?"}});
  EXPECT_TRUE(md.starts_with("# My STAR stories\n"));
  EXPECT_NE(md.find("## Outage at night\n"), std::string::npos) << "a heading stays on one line";
  EXPECT_NE(md.find("Competencies: debugging, calm"), std::string::npos);
  EXPECT_NE(md.find("- Question q1?\n"), std::string::npos);
  EXPECT_NE(md.find("- gone\n"), std::string::npos);
  EXPECT_NE(md.find("### Situation\n\nIt broke."), std::string::npos);
  EXPECT_NE(md.find("### Result\n\nIt worked."), std::string::npos);
  EXPECT_EQ(md.find("### Task"), std::string::npos) << "empty parts are left out";
}

TEST(StoriesMarkdownTest, SaysWhenThereAreNoStories) {
  EXPECT_NE(StoriesMarkdown({}, {}).find("No stories yet."), std::string::npos);
}

}  // namespace
}  // namespace starprep::web
