// SPDX-License-Identifier: Apache-2.0
#include "coach/corpus.h"

#include <gtest/gtest.h>

namespace starprep::coach {
namespace {

TEST(ParseCorpusFile, BuildsTextAndLabelledParts) {
  std::vector<LabelledAnswer> out;
  std::vector<std::string> errors;
  ParseCorpusFile("f.md",
                  "# Title\n\n## a-1\nquestion: be-x\nvoice: bullets\n\n[[situation]]\nSituation:\n- the API was down\n"
                  "[[action]]\n- I restarted it [[result]] It came back.\n",
                  out, errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(out.size(), 1u);
  const LabelledAnswer& a = out[0];
  EXPECT_EQ(a.id, "a-1");
  EXPECT_EQ(a.question_id, "be-x");
  EXPECT_EQ(a.voice, "bullets");
  EXPECT_EQ(a.text, "Situation:\n- the API was down\n- I restarted it It came back.");
  ASSERT_EQ(a.parts.size(), 3u);
  EXPECT_EQ(a.LabelAt(0), Component::kSituation);
  EXPECT_EQ(a.LabelAt(static_cast<std::uint32_t>(a.text.find("I restarted"))), Component::kAction);
  EXPECT_EQ(a.LabelAt(static_cast<std::uint32_t>(a.text.find("It came"))), Component::kResult);
}

TEST(ParseCorpusFile, ReportsEveryProblemWithFileAndLine) {
  std::vector<LabelledAnswer> out;
  std::vector<std::string> errors;
  ParseCorpusFile("bad.md",
                  "## ok-1\nvoice: v\n\n[[situation]] Fine.\n\n## ok-1\nvoice: v\n\n[[situaton]] Typo.\n\n"
                  "## Bad Id\ncolour: red\n\nNo label here.\n",
                  out, errors);
  ASSERT_GE(errors.size(), 4u);
  EXPECT_NE(errors[0].find("bad.md:6: duplicate answer id 'ok-1'"), std::string::npos) << errors[0];
  bool unknown_label = false, bad_id = false, metadata = false, unlabelled = false;
  for (const auto& e : errors) {
    unknown_label |= e.find("bad.md:9: unknown label 'situaton'") != std::string::npos;
    bad_id |= e.find("bad.md:11: answer id 'Bad Id'") != std::string::npos;
    metadata |= e.find("bad.md:12: unknown metadata") != std::string::npos;
    unlabelled |= e.find("bad.md:14: answer text before its first [[label]]") != std::string::npos;
  }
  EXPECT_TRUE(unknown_label && bad_id && metadata && unlabelled);
}

TEST(AnswersFromPack, LabelsEachStarSection) {
  content::Pack pack;
  content::Role role;
  content::Question q;
  q.id = "q1";
  q.answer = {"Context here.", "My task.", "What I did.", "It worked."};
  role.questions.push_back(q);
  pack.roles.push_back(role);
  const auto answers = AnswersFromPack(pack);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].text, "Context here. My task. What I did. It worked.");
  EXPECT_EQ(answers[0].LabelAt(static_cast<std::uint32_t>(answers[0].text.find("My task"))), Component::kTask);
  EXPECT_EQ(answers[0].LabelAt(static_cast<std::uint32_t>(answers[0].text.find("It worked"))), Component::kResult);
}

}  // namespace
}  // namespace starprep::coach
