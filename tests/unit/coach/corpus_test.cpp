// SPDX-License-Identifier: Apache-2.0
#include "coach/corpus.h"

#include <gtest/gtest.h>

#include "coach/text.h"

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

TEST(ParseCorpusFile, ReadsThePartsAReviewerMarkedPresent) {
  std::vector<LabelledAnswer> out;
  std::vector<std::string> errors;
  ParseCorpusFile("p.md", "## p-1\nvoice: v\npresent: task, result\n\n[[situation]] It broke.\n", out, errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].present, (std::vector<Component>{Component::kTask, Component::kResult}));
}

TEST(ParseCorpusFile, PresentListsOnlyStarPartsEachOnce) {
  for (const char* line : {"present: other", "present: task, task", "present: tsk", "present:"}) {
    std::vector<LabelledAnswer> out;
    std::vector<std::string> errors;
    ParseCorpusFile("p.md", std::string("## p-1\nvoice: v\n") + line + "\n\n[[situation]] It broke.\n", out, errors);
    ASSERT_EQ(errors.size(), 1u) << line;
    EXPECT_NE(errors[0].find("p.md:3: 'present:' lists"), std::string::npos) << errors[0];
  }
}

using Part = LabelledAnswer::Part;

std::uint32_t At(const std::string& text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return static_cast<std::uint32_t>(at);
}

// The parts cover the text without gaps: from byte 0, each ending where the next starts.
void ExpectContiguous(const LabelledAnswer& a) {
  ASSERT_FALSE(a.parts.empty());
  EXPECT_EQ(a.parts.front().span.start, 0u);
  for (std::size_t i = 1; i < a.parts.size(); ++i) EXPECT_EQ(a.parts[i].span.start, a.parts[i - 1].span.end) << i;
  EXPECT_EQ(a.parts.back().span.end, a.text.size());
}

TEST(MergeLabels, ThePersonsLabelsWinAndTheCoachFillsTheGaps) {
  const std::string text = "The API was down. I had to fix it. I restarted it. It came back.";
  const std::vector<Part> coached = {{{0, At(text, " I had")}, Component::kSituation},
                                     {{At(text, "I had"), At(text, " I restarted")}, Component::kTask},
                                     {{At(text, "I restarted"), At(text, " It came")}, Component::kAction},
                                     {{At(text, "It came"), At(text, "back.") + 5}, Component::kAction}};
  const std::vector<Part> corrected = {
      {{At(text, "It came"), static_cast<std::uint32_t>(text.size())}, Component::kResult}};
  const LabelledAnswer a = MergeLabels(text, corrected, coached);
  EXPECT_EQ(a.text, text);
  ExpectContiguous(a);
  ASSERT_EQ(a.parts.size(), 4u);
  EXPECT_EQ(a.LabelAt(At(text, "The API")), Component::kSituation);
  EXPECT_EQ(a.LabelAt(At(text, "I had")), Component::kTask);
  EXPECT_EQ(a.LabelAt(At(text, "I restarted")), Component::kAction);
  EXPECT_EQ(a.LabelAt(At(text, "It came")), Component::kResult);
  EXPECT_EQ(a.parts[3].span.start, At(text, "It came")) << "a part starts at its first word, not at the space";
}

TEST(MergeLabels, TrimsTheTextTurnsCrLfIntoLfAndLabelsListMarkers) {
  const std::string text = "\r\n  - I did it.\r\n- It worked.  \n";
  const std::vector<Part> coached = {{{At(text, "I did"), At(text, "\r\n- It")}, Component::kAction},
                                     {{At(text, "It worked"), At(text, "  \n")}, Component::kResult}};
  const LabelledAnswer a = MergeLabels(text, {}, coached);
  EXPECT_EQ(a.text, "- I did it.\n- It worked.");
  ExpectContiguous(a);
  ASSERT_EQ(a.parts.size(), 2u);
  EXPECT_EQ(a.parts[0].component, Component::kAction) << "the leading list marker joins the first part";
  EXPECT_EQ(a.parts[1].component, Component::kResult);
  EXPECT_EQ(a.parts[1].span.start, At(a.text, "It worked"));
}

TEST(MergeLabels, ALoneCarriageReturnEndsALineAndTheEntryReadsBack) {
  // Found by corrections_fuzz: a lone CR (old Mac line ends) could not be written as a corpus entry.
  const std::string text = "## Situation\r\rSales fell by a fifth.\rI ran a survey.";
  const LabelledAnswer merged = MergeLabels(text, {{{0, 12}, Component::kOther}}, {});
  EXPECT_EQ(merged.text, "## Situation\n\nSales fell by a fifth.\nI ran a survey.");
  ExpectContiguous(merged);
  LabelledAnswer a = merged;
  a.id = "cr";
  a.voice = "test";
  const auto entry = FormatCorpusAnswer(a);
  ASSERT_TRUE(entry.has_value());
  std::vector<LabelledAnswer> back;
  std::vector<std::string> errors;
  ParseCorpusFile("cr.md", *entry, back, errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].text, merged.text);
}

TEST(MergeLabels, AHeadingLineStartsAPartEvenWithTheSameLabel) {
  const std::string text = "## Situation\nThe API was down.\n## Also\nIt was Friday.";
  const LabelledAnswer a =
      MergeLabels(text, {}, {{{0, static_cast<std::uint32_t>(text.size())}, Component::kSituation}});
  ExpectContiguous(a);
  ASSERT_EQ(a.parts.size(), 2u);
  EXPECT_EQ(a.parts[1].span.start, At(text, "## Also"));
  EXPECT_EQ(a.parts[1].component, Component::kSituation);
}

TEST(FormatCorpusAnswer, WritesTheEntryTheFormatDescribes) {
  const std::string text = "The API was down. I restarted it.";
  LabelledAnswer a =
      MergeLabels(text, {{{At(text, "I restarted"), static_cast<std::uint32_t>(text.size())}, Component::kAction}},
                  {{{0, static_cast<std::uint32_t>(text.size())}, Component::kSituation}});
  a.id = "correction-7";
  a.question_id = "be-x";
  a.voice = "user correction, shared 2027-01-02";
  a.present = {Component::kTask};
  EXPECT_EQ(FormatCorpusAnswer(a),
            "## correction-7\nquestion: be-x\nvoice: user correction, shared 2027-01-02\npresent: task\n\n"
            "[[situation]] The API was down. [[action]] I restarted it.\n");
  a.question_id.clear();
  a.present.clear();
  EXPECT_EQ(FormatCorpusAnswer(a),
            "## correction-7\nvoice: user correction, shared 2027-01-02\n\n"
            "[[situation]] The API was down. [[action]] I restarted it.\n");
}

// Export, then parse: the same text, spans and labels, whatever the answer's shape.
TEST(FormatCorpusAnswer, RoundTripsThroughTheParser) {
  const std::string texts[] = {
      "Our checkout timed out. I was asked to fix it. I added an index. Latency fell by 80%.",
      "Situation:\r\n- the API was down\r\n- users could not pay\r\n\r\nWhat I did:\r\n1. rolled back\r\n2) added a "
      "test",
      "## Situation\nThe caf\xC3\xA9's app crashed \xE2\x80\x94 na\xC3\xAFvely cached.\n\n## Result\nNo crash since.",
      "   We shipped it.\n\n\n   Then it broke, and I fixed it in an hour.   ",
  };
  for (const std::string& text : texts) {
    const std::vector<Span> sentences = SplitSentences(text);
    ASSERT_FALSE(sentences.empty()) << text;
    std::vector<Part> coached, corrected;
    for (std::size_t i = 0; i < sentences.size(); ++i)
      coached.push_back({sentences[i], static_cast<Component>(i % kComponentCount)});
    corrected.push_back({sentences.back(), Component::kResult});
    LabelledAnswer a = MergeLabels(text, corrected, coached);
    a.id = "correction-1";
    a.question_id = "be-x";
    a.voice = "user correction, shared 2027-01-02";
    a.present = {Component::kSituation, Component::kResult};
    const auto entry = FormatCorpusAnswer(a);
    ASSERT_TRUE(entry.has_value()) << text;
    std::vector<LabelledAnswer> back;
    std::vector<std::string> errors;
    ParseCorpusFile("export.md", "# Shared corrections\n\n" + *entry, back, errors);
    ASSERT_TRUE(errors.empty()) << errors.front();
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].text, a.text);
    EXPECT_EQ(back[0].question_id, "be-x");
    EXPECT_EQ(back[0].voice, "user correction, shared 2027-01-02");
    EXPECT_EQ(back[0].present, a.present);
    ASSERT_EQ(back[0].parts.size(), a.parts.size()) << *entry;
    for (std::size_t i = 0; i < a.parts.size(); ++i) {
      EXPECT_EQ(back[0].parts[i].span, a.parts[i].span) << i << " in " << *entry;
      EXPECT_EQ(back[0].parts[i].component, a.parts[i].component) << i << " in " << *entry;
    }
    // The person's label survives: the last sentence is a result.
    EXPECT_EQ(back[0].LabelAt(back[0].parts.back().span.start), Component::kResult) << *entry;
  }
}

TEST(FormatCorpusAnswer, RefusesTextTheFormatCannotHold) {
  const std::string text = "I fixed the [[link]] parser.";
  LabelledAnswer a = MergeLabels(text, {}, {{{0, static_cast<std::uint32_t>(text.size())}, Component::kAction}});
  a.id = "correction-2";
  a.voice = "user correction";
  EXPECT_FALSE(FormatCorpusAnswer(a).has_value());
  a = MergeLabels("Fine text.", {}, {{{0, 10}, Component::kAction}});
  a.id = "Not An Id";
  a.voice = "user correction";
  EXPECT_FALSE(FormatCorpusAnswer(a).has_value());
}

}  // namespace
}  // namespace starprep::coach
