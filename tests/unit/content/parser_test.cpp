// SPDX-License-Identifier: Apache-2.0
// Unit tests for content/parser: parsing of role.md and question files, every error kind with
// its line, pack-wide checks, loading a pack from disk, and robustness on hostile input.

#include "content/parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using starprep::content::CompetencyKey;
using starprep::content::ContentError;
using starprep::content::FormatError;
using starprep::content::LoadPack;
using starprep::content::LoadResult;
using starprep::content::Pack;
using starprep::content::ParseQuestion;
using starprep::content::ParseRole;
using starprep::content::Question;
using starprep::content::Role;
using starprep::content::ValidatePack;

constexpr const char* kFile = "content/roles/backend-developer/questions/03-rest.md";

// Line numbers in comments: the tests below rely on them.
const std::string kValidQuestion =
    "---\n"                                                     // 1
    "id: be-designing-rest-apis\n"                              // 2
    "question: How do you design a REST API?\n"                 // 3
    "competencies: [api design, communication]\n"               // 4
    "kind: technical\n"                                         // 5
    "updated: 2026-11-20\n"                                     // 6
    "---\n"                                                     // 7
    "## Why interviewers ask\n"                                 // 8
    "\n"                                                        // 9
    "They want to see *judgement*.\n"                           // 10
    "\n"                                                        // 11
    "Second paragraph.\n"                                       // 12
    "\n"                                                        // 13
    "## Dos and don'ts\n"                                       // 14
    "\n"                                                        // 15
    "- Do: name the resources first.\n"                         // 16
    "- Do: talk about versioning\n"                             // 17
    "  and deprecation.\n"                                      // 18
    "- Don't: expose database tables.\n"                        // 19
    "* Don’t: forget error formats.\n"                          // 20
    "\n"                                                        // 21
    "## Suggested answer\n"                                     // 22
    "\n"                                                        // 23
    "### Situation\n"                                           // 24
    "\n"                                                        // 25
    "We had a mobile app and a partner API.\n"                  // 26
    "\n"                                                        // 27
    "### Task\n"                                                // 28
    "\n"                                                        // 29
    "I had to design the public API.\n"                         // 30
    "\n"                                                        // 31
    "### Action\n"                                              // 32
    "\n"                                                        // 33
    "I wrote an OpenAPI spec first.\n"                          // 34
    "```\n"                                                     // 35
    "## not a heading\n"                                        // 36
    "### Result\n"                                              // 37
    "```\n"                                                     // 38
    "\n"                                                        // 39
    "### Result\n"                                              // 40
    "\n"                                                        // 41
    "Partners integrated in two days instead of two weeks.\n";  // 42

const std::string kValidRole =
    "---\n"                                        // 1
    "title: Back-end Developer\n"                  // 2
    "summary: Prepare for back-end interviews.\n"  // 3
    "updated: 2024-02-29\n"                        // 4
    "skills: [APIs, databases]\n"                  // 5
    "---\n"                                        // 6
    "\n"                                           // 7
    "Intro paragraph.\n"                           // 8
    "\n"                                           // 9
    "More intro.\n"                                // 10
    "\n";                                          // 11

// Returns `text` with the first occurrence of `from` replaced by `to` (which must exist).
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "test bug: " << from << " not in text";
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

std::string Dump(const std::vector<ContentError>& errors) {
  std::string out;
  for (const ContentError& e : errors) out += "\n  " + FormatError(e);
  return out.empty() ? " (none)" : out;
}

// Succeeds when `errors` holds exactly this line and message (and, when given, file).
::testing::AssertionResult HasError(const std::vector<ContentError>& errors, int line, const std::string& message,
                                    const std::string& file = "") {
  for (const ContentError& e : errors) {
    if (e.line == line && e.message == message && (file.empty() || e.file == file)) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no error " << (file.empty() ? "" : file) << ":" << line << ": " << message
                                       << "\nerrors were:" << Dump(errors);
}

std::vector<ContentError> QuestionErrors(const std::string& text, const std::string& name = "03-rest.md") {
  std::vector<ContentError> errors;
  (void)ParseQuestion(kFile, name, "backend-developer", text, errors);
  return errors;
}

std::vector<ContentError> RoleErrors(const std::string& text, const std::string& slug = "backend-developer") {
  std::vector<ContentError> errors;
  (void)ParseRole("content/roles/backend-developer/role.md", slug, text, errors);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Valid input.

TEST(ContentParserTest, FormatErrorWithAndWithoutLine) {
  EXPECT_EQ(FormatError({"a/b.md", 14, "\"### Task\" is empty"}), "a/b.md:14: \"### Task\" is empty");
  EXPECT_EQ(FormatError({"a/b.md", 0, "missing role.md"}), "a/b.md: missing role.md");
}

TEST(ContentParserTest, ValidQuestionParsesIntoFields) {
  std::vector<ContentError> errors;
  const Question q = ParseQuestion(kFile, "03-rest.md", "backend-developer", kValidQuestion, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
  EXPECT_EQ(q.id, "be-designing-rest-apis");
  EXPECT_EQ(q.role_slug, "backend-developer");
  EXPECT_EQ(q.position, 3);
  EXPECT_EQ(q.slug, "rest");
  EXPECT_EQ(q.question, "How do you design a REST API?");
  EXPECT_EQ(q.competencies, (std::vector<std::string>{"api design", "communication"}));
  EXPECT_EQ(q.kind, "technical");
  EXPECT_EQ(q.updated, "2026-11-20");
  EXPECT_EQ(q.why_md, "They want to see *judgement*.\n\nSecond paragraph.");
  EXPECT_EQ(q.dos, (std::vector<std::string>{"name the resources first.", "talk about versioning and deprecation."}));
  EXPECT_EQ(q.donts, (std::vector<std::string>{"expose database tables.", "forget error formats."}));
  EXPECT_EQ(q.answer.situation, "We had a mobile app and a partner API.");
  EXPECT_EQ(q.answer.task, "I had to design the public API.");
  EXPECT_EQ(q.answer.action, "I wrote an OpenAPI spec first.\n```\n## not a heading\n### Result\n```");
  EXPECT_EQ(q.answer.result, "Partners integrated in two days instead of two weeks.");
}

TEST(ContentParserTest, ValidRoleParsesIntoFields) {
  std::vector<ContentError> errors;
  const Role role = ParseRole("r/role.md", "backend-developer", kValidRole, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
  EXPECT_EQ(role.slug, "backend-developer");
  EXPECT_EQ(role.title, "Back-end Developer");
  EXPECT_EQ(role.summary, "Prepare for back-end interviews.");
  EXPECT_EQ(role.updated, "2024-02-29");
  EXPECT_EQ(role.skills, (std::vector<std::string>{"APIs", "databases"}));
  EXPECT_EQ(role.intro_md, "Intro paragraph.\n\nMore intro.");
  EXPECT_TRUE(role.questions.empty());
}

TEST(ContentParserTest, CrlfLineEndingsAndByteOrderMarkAreAccepted) {
  std::string crlf;
  for (char c : kValidQuestion) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  std::vector<ContentError> errors;
  const Question q = ParseQuestion(kFile, "03-rest.md", "r", "\xEF\xBB\xBF" + crlf, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
  EXPECT_EQ(q.id, "be-designing-rest-apis");
  EXPECT_EQ(q.why_md, "They want to see *judgement*.\n\nSecond paragraph.");
  EXPECT_EQ(q.answer.result, "Partners integrated in two days instead of two weeks.");
}

TEST(ContentParserTest, BlockListsQuotedValuesAndTypographicHeadingAreAccepted) {
  std::string text = Replace(kValidQuestion, "competencies: [api design, communication]\n",
                             "competencies:\n  - api design\n  - communication\n");
  text = Replace(text, "kind: technical", "kind: \"technical\"");
  text = Replace(text, "## Dos and don'ts", "## Dos and don’ts");
  std::vector<ContentError> errors;
  const Question q = ParseQuestion(kFile, "03-rest.md", "r", text, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
  EXPECT_EQ(q.competencies, (std::vector<std::string>{"api design", "communication"}));
  EXPECT_EQ(q.kind, "technical");
  EXPECT_EQ(q.dos.size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Front matter errors.

TEST(ContentParserTest, UnknownFrontMatterKeyNamesItsLine) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "kind: technical\n", "kind: technical\ntitel: x\n"));
  EXPECT_TRUE(HasError(errors, 6, "unknown front-matter key \"titel\"", kFile));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, MissingFrontMatterKeyPointsAtFrontMatterStart) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "kind: technical\n", ""));
  EXPECT_TRUE(HasError(errors, 1, "missing front-matter key \"kind\""));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, EmptyFrontMatterReportsEveryMissingKey) {
  const auto errors = RoleErrors("---\n---\nIntro.\n");
  for (const char* key : {"title", "summary", "updated", "skills"}) {
    EXPECT_TRUE(HasError(errors, 1, std::string("missing front-matter key \"") + key + "\""));
  }
  EXPECT_EQ(errors.size(), 4u) << Dump(errors);
}

TEST(ContentParserTest, RepeatedFrontMatterKeyIsAnError) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "kind: technical\n", "kind: technical\nkind: technical\n"));
  EXPECT_TRUE(HasError(errors, 6, "repeated front-matter key \"kind\" (first at line 5)"));
}

TEST(ContentParserTest, KindMustBeKnown) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "kind: technical", "kind: behavorial"));
  EXPECT_TRUE(HasError(errors, 5, "\"kind\" must be one of behavioral, technical, situational (got \"behavorial\")"));
}

TEST(ContentParserTest, InvalidCalendarDatesAreRejected) {
  for (const char* date : {"2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                           "2026-01-00", "2026-1-01", "26-01-01", "2026/01/01", "tomorrow", "2026-01-01x"}) {
    const auto errors = QuestionErrors(Replace(kValidQuestion, "updated: 2026-11-20", std::string("updated: ") + date));
    EXPECT_TRUE(HasError(errors, 6, std::string("\"updated\" is not a valid date YYYY-MM-DD (got \"") + date + "\")"))
        << date;
  }
}

TEST(ContentParserTest, ValidCalendarDatesIncludingLeapDaysAreAccepted) {
  for (const char* date : {"2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30", "0001-01-01"}) {
    const auto errors = QuestionErrors(Replace(kValidQuestion, "updated: 2026-11-20", std::string("updated: ") + date));
    EXPECT_TRUE(errors.empty()) << date << Dump(errors);
  }
}

TEST(ContentParserTest, IdMustMatchSlugPattern) {
  for (const char* id : {"Be-rest", "be_rest", "-be", "be-", "be--rest", "bé"}) {
    const auto errors = QuestionErrors(Replace(kValidQuestion, "id: be-designing-rest-apis", std::string("id: ") + id));
    EXPECT_TRUE(HasError(errors, 2, std::string("\"id\" must match [a-z0-9]+(-[a-z0-9]+)* (got \"") + id + "\")"))
        << id;
  }
}

TEST(ContentParserTest, IdLengthLimitIsEightyCharacters) {
  const std::string ok(80, 'a');
  EXPECT_TRUE(QuestionErrors(Replace(kValidQuestion, "id: be-designing-rest-apis", "id: " + ok)).empty());
  const auto errors = QuestionErrors(Replace(kValidQuestion, "id: be-designing-rest-apis", "id: " + ok + "b"));
  EXPECT_TRUE(HasError(errors, 2, "\"id\" is too long (81 characters, at most 80)"));
}

TEST(ContentParserTest, TitleLimitCountsCharactersNotBytes) {
  std::string title;
  for (int i = 0; i < 80; ++i) title += "é";  // 160 bytes, 80 characters
  EXPECT_TRUE(RoleErrors(Replace(kValidRole, "title: Back-end Developer", "title: " + title)).empty());
  const auto errors = RoleErrors(Replace(kValidRole, "title: Back-end Developer", "title: " + title + "x"));
  EXPECT_TRUE(HasError(errors, 2, "\"title\" is too long (81 characters, at most 80)"));
}

TEST(ContentParserTest, PlainTextLimitIsThreeHundredCharacters) {
  const auto errors = QuestionErrors(
      Replace(kValidQuestion, "question: How do you design a REST API?", "question: " + std::string(301, 'q')));
  EXPECT_TRUE(HasError(errors, 3, "\"question\" is too long (301 characters, at most 300)"));
  const auto role_errors =
      RoleErrors(Replace(kValidRole, "summary: Prepare for back-end interviews.", "summary: " + std::string(301, 's')));
  EXPECT_TRUE(HasError(role_errors, 3, "\"summary\" is too long (301 characters, at most 300)"));
}

TEST(ContentParserTest, EmptyValuesAreRejected) {
  const auto errors = RoleErrors(Replace(kValidRole, "title: Back-end Developer", "title:"));
  EXPECT_TRUE(HasError(errors, 2, "\"title\" must not be empty"));
  const auto quoted = RoleErrors(Replace(kValidRole, "title: Back-end Developer", "title: \"  \""));
  EXPECT_TRUE(HasError(quoted, 2, "\"title\" must not be empty"));
}

TEST(ContentParserTest, MappingWhereStringExpectedIsAnError) {
  const auto errors = RoleErrors(Replace(kValidRole, "title: Back-end Developer", "title: {a: b}"));
  EXPECT_TRUE(HasError(errors, 2, "\"title\" must be a string (got a mapping)"));
  const auto list = QuestionErrors(Replace(kValidQuestion, "kind: technical", "kind: [technical]"));
  EXPECT_TRUE(HasError(list, 5, "\"kind\" must be a string (got a list)"));
}

TEST(ContentParserTest, ListExpected) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "competencies: [api design, communication]", "competencies: debugging"));
  EXPECT_TRUE(HasError(errors, 4, "\"competencies\" must be a list, e.g. [a, b] (got a string)"));
  const auto role_errors = RoleErrors(Replace(kValidRole, "skills: [APIs, databases]", "skills: {a: 1}"));
  EXPECT_TRUE(HasError(role_errors, 5, "\"skills\" must be a list, e.g. [a, b] (got a mapping)"));
}

TEST(ContentParserTest, EmptyListIsAnError) {
  const auto errors = RoleErrors(Replace(kValidRole, "skills: [APIs, databases]", "skills: []"));
  EXPECT_TRUE(HasError(errors, 5, "\"skills\" must be a non-empty list"));
  const auto null_errors = RoleErrors(Replace(kValidRole, "skills: [APIs, databases]", "skills:"));
  EXPECT_TRUE(HasError(null_errors, 5, "\"skills\" must be a non-empty list"));
}

TEST(ContentParserTest, ListItemsAreCheckedOnTheirOwnLines) {
  const std::string text = Replace(kValidQuestion, "competencies: [api design, communication]\n",
                                   "competencies:\n  - api design\n  - Communication\n  - {a: b}\n  - \"\"\n");
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 6, "\"competencies\" items must be lowercase (got \"Communication\")"));
  EXPECT_TRUE(HasError(errors, 7, "\"competencies\" items must be strings (got a mapping)"));
  EXPECT_TRUE(HasError(errors, 8, "\"competencies\" has an empty item"));
  EXPECT_EQ(errors.size(), 3u) << Dump(errors);
}

TEST(ContentParserTest, YamlSyntaxErrorReportsFileLine) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "competencies: [api design, communication]", "competencies: [a, b"));
  ASSERT_EQ(errors.size(), 1u) << Dump(errors);
  EXPECT_EQ(errors[0].line, 5);  // yaml-cpp notices the unclosed flow list on the next line
  EXPECT_NE(errors[0].message.find("front matter is not valid YAML"), std::string::npos) << Dump(errors);
}

TEST(ContentParserTest, YamlTabIndentErrorNamesTheLine) {
  const auto errors = RoleErrors(Replace(kValidRole, "summary: Prepare", "summary: x\n\tbad: Prepare"));
  EXPECT_TRUE(HasError(errors, 4, "front matter is not valid YAML: illegal tab when looking for indentation"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, FrontMatterThatIsNotAMappingIsAnError) {
  const auto errors = RoleErrors("---\n- a\n- b\n---\nIntro.\n");
  EXPECT_TRUE(HasError(errors, 2, "front matter must be a mapping of \"key: value\" lines"));
}

TEST(ContentParserTest, MissingFrontMatterIsAnError) {
  const auto errors = QuestionErrors("## Why interviewers ask\n\nText.\n");
  EXPECT_TRUE(HasError(errors, 1, "file does not start with front matter \"---\""));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
  EXPECT_TRUE(HasError(QuestionErrors(""), 1, "file does not start with front matter \"---\""));
}

TEST(ContentParserTest, UnterminatedFrontMatterIsAnError) {
  const auto errors = RoleErrors("---\ntitle: x\nsummary: y\n");
  EXPECT_TRUE(HasError(errors, 1, "front matter is not closed by a \"---\" line"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

// ---------------------------------------------------------------------------------------------
// Body errors.

TEST(ContentParserTest, MissingSectionIsAnError) {
  std::string text = Replace(kValidQuestion,
                             "## Dos and don'ts\n\n- Do: name the resources first.\n- Do: talk about versioning\n"
                             "  and deprecation.\n- Don't: expose database tables.\n* Don’t: forget error formats.\n",
                             "");
  const auto errors = QuestionErrors(text);
  // Reported where the section belongs: at the next section present.
  EXPECT_TRUE(HasError(errors, 15, "missing section \"## Dos and don'ts\"")) << Dump(errors);
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, UnexpectedSectionNamesItsHeadingLine) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "## Suggested answer\n", "## Foo\n\nx\n\n## Suggested answer\n"));
  EXPECT_TRUE(HasError(errors, 22, "unexpected section \"## Foo\""));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, RepeatedSectionIsAnError) {
  const auto errors = QuestionErrors(kValidQuestion + "\n## Why interviewers ask\n\nAgain.\n");  // heading on line 44
  EXPECT_TRUE(HasError(errors, 44, "repeated section \"## Why interviewers ask\" (first at line 8)"));
}

TEST(ContentParserTest, SectionsOutOfOrderAreAnError) {
  const std::string text =
      "---\nid: a\nquestion: q\ncompetencies: [c]\nkind: technical\nupdated: 2026-01-01\n---\n"
      "## Dos and don'ts\n\n- Do: x\n- Don't: y\n\n"  // 8..11
      "## Why interviewers ask\n\nBecause.\n\n"       // 13
      "## Suggested answer\n\n### Situation\n\ns\n\n### Task\n\nt\n\n### Action\n\na\n\n### Result\n\nr\n";
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 13, "section \"## Why interviewers ask\" must come before \"## Dos and don'ts\""));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, EmptySectionNamesItsHeadingLine) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "They want to see *judgement*.\n\nSecond paragraph.\n", ""));
  EXPECT_TRUE(HasError(errors, 8, "section \"## Why interviewers ask\" is empty"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, EmptyStarPartNamesItsHeadingLine) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "I had to design the public API.\n", "  \n"));
  EXPECT_TRUE(HasError(errors, 28, "\"### Task\" is empty"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, MissingStarPartPointsAtSuggestedAnswer) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "### Task\n\nI had to design the public API.\n", ""));
  EXPECT_TRUE(HasError(errors, 22, "missing section \"### Task\""));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, StarPartsOutOfOrderOrUnknownAreErrors) {
  std::string text = Replace(kValidQuestion, "### Situation\n", "### Context\n\nc\n\n### Situation\n");  // 24, 28
  text = Replace(text, "### Task\n\nI had to design the public API.\n\n", "");
  text += "\n### Task\n\nLate.\n";
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 24, "unexpected section \"### Context\""));
  const auto late = std::find_if(errors.begin(), errors.end(), [](const ContentError& e) {
    return e.message == "section \"### Task\" must come before \"### Result\"";
  });
  ASSERT_NE(late, errors.end()) << Dump(errors);
  EXPECT_EQ(late->line, 44);
}

TEST(ContentParserTest, EmptySuggestedAnswerIsReportedOnce) {
  std::string text = kValidQuestion.substr(0, kValidQuestion.find("### Situation"));
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 22, "section \"## Suggested answer\" is empty"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, TextBeforeFirstSectionIsAnError) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "---\n## Why", "---\n\nStray intro.\nMore.\n## Why"));
  EXPECT_TRUE(HasError(errors, 9, "text before the first section (\"## Why interviewers ask\")"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, TextBeforeSituationIsAnError) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "## Suggested answer\n\n", "## Suggested answer\n\nIntro.\n"));
  EXPECT_TRUE(HasError(errors, 24, "text before \"### Situation\" (the answer must consist of the four STAR parts)"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, HeadingsInsideFencedCodeAreContent) {
  const std::string text =
      Replace(kValidQuestion, "Second paragraph.\n", "Second paragraph.\n~~~~\n## Dos and don'ts\n```\n~~~\n~~~~\n");
  std::vector<ContentError> errors;
  const Question q = ParseQuestion(kFile, "03-rest.md", "r", text, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
  EXPECT_NE(q.why_md.find("## Dos and don'ts"), std::string::npos);
}

TEST(ContentParserTest, UnclosedCodeFenceIsReported) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "Second paragraph.\n", "Second paragraph.\n~~~ cpp\n"));
  EXPECT_TRUE(HasError(errors, 13, "code fence is never closed"));
  // The fence swallows the rest of the file: the sections are missing at its end.
  EXPECT_TRUE(HasError(errors, 43, "missing section \"## Dos and don'ts\"")) << Dump(errors);
}

// ---------------------------------------------------------------------------------------------
// Dos and don'ts.

TEST(ContentParserTest, DosAndDontsRejectOtherLines) {
  std::string text = Replace(kValidQuestion, "- Do: name the resources first.\n",
                             "- Do: name the resources first.\nA stray paragraph.\n- Maybe: this.\n");
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 17,
                       "unexpected text in \"## Dos and don'ts\" (expected \"- Do: ...\" and \"- Don't: ...\" items)"));
  EXPECT_TRUE(HasError(errors, 18, "item must start with \"Do:\" or \"Don't:\""));
  EXPECT_EQ(errors.size(), 2u) << Dump(errors);
}

TEST(ContentParserTest, DosAndDontsNeedOneOfEach) {
  std::string text = Replace(kValidQuestion, "- Don't: expose database tables.\n* Don’t: forget error formats.\n", "");
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 14, "\"## Dos and don'ts\" needs at least one \"Don't:\" item"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);

  text =
      Replace(kValidQuestion, "- Do: name the resources first.\n- Do: talk about versioning\n  and deprecation.\n", "");
  EXPECT_TRUE(HasError(QuestionErrors(text), 14, "\"## Dos and don'ts\" needs at least one \"Do:\" item"));
}

TEST(ContentParserTest, EmptyDoItemIsAnError) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "- Do: name the resources first.", "- Do:   "));
  EXPECT_TRUE(HasError(errors, 16, "empty \"Do:\" item"));
}

TEST(ContentParserTest, EmptyDosSectionIsAnError) {
  std::string text = Replace(kValidQuestion,
                             "- Do: name the resources first.\n- Do: talk about versioning\n  and deprecation.\n"
                             "- Don't: expose database tables.\n* Don’t: forget error formats.\n",
                             "");
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 14, "section \"## Dos and don'ts\" is empty"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

// ---------------------------------------------------------------------------------------------
// File names, roles, multiple errors.

TEST(ContentParserTest, BadQuestionFileNamesAreRejected) {
  for (const char* name : {"3-rest.md", "003-rest.md", "03_rest.md", "03-.md", "03-Rest.md", "00-rest.md",
                           "03-rest.txt", "ab-rest.md", "03-rest--api.md"}) {
    std::vector<ContentError> errors;
    const Question q = ParseQuestion(kFile, name, "r", kValidQuestion, errors);
    EXPECT_TRUE(HasError(errors, 0, "file name must look like NN-slug.md")) << name;
    EXPECT_EQ(q.position, 0) << name;
    EXPECT_EQ(q.id, "be-designing-rest-apis") << name;  // the rest is still parsed
  }
}

TEST(ContentParserTest, PositionAndSlugComeFromFileName) {
  std::vector<ContentError> errors;
  const Question q = ParseQuestion(kFile, "99-a-b-9.md", "r", kValidQuestion, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
  EXPECT_EQ(q.position, 99);
  EXPECT_EQ(q.slug, "a-b-9");
}

TEST(ContentParserTest, RoleBodyMustNotBeEmpty) {
  const auto errors = RoleErrors(kValidRole.substr(0, kValidRole.find("---\n", 4) + 4) + "\n  \n");
  EXPECT_TRUE(HasError(errors, 0, "the body after the front matter is empty"));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentParserTest, RoleSlugMustMatchPattern) {
  const auto errors = RoleErrors(kValidRole, "Backend_Dev");
  EXPECT_TRUE(HasError(errors, 0, "role folder name must match [a-z0-9]+(-[a-z0-9]+)* (got \"Backend_Dev\")"));
}

TEST(ContentParserTest, ManyErrorsAreReportedAtOnce) {
  std::string text = Replace(kValidQuestion, "id: be-designing-rest-apis\n", "id: be-designing-rest-apis\ntitel: x\n");
  text = Replace(text, "kind: technical", "kind: behavorial");                // line 6
  text = Replace(text, "updated: 2026-11-20", "updated: 2026-02-30");         // line 7
  text = Replace(text, "I had to design the public API.\n", "");              // ### Task on line 30
  text = Replace(text, "## Suggested answer", "## Suggested answer\nStray");  // line 23, 24
  const auto errors = QuestionErrors(text);
  EXPECT_TRUE(HasError(errors, 3, "unknown front-matter key \"titel\""));
  EXPECT_TRUE(HasError(errors, 6, "\"kind\" must be one of behavioral, technical, situational (got \"behavorial\")"));
  EXPECT_TRUE(HasError(errors, 7, "\"updated\" is not a valid date YYYY-MM-DD (got \"2026-02-30\")"));
  EXPECT_TRUE(HasError(errors, 24, "text before \"### Situation\" (the answer must consist of the four STAR parts)"));
  EXPECT_TRUE(HasError(errors, 30, "\"### Task\" is empty"));
  EXPECT_EQ(errors.size(), 5u) << Dump(errors);
}

TEST(ContentParserTest, LongValuesAreShortenedAndEscapedInMessages) {
  const auto errors =
      QuestionErrors(Replace(kValidQuestion, "kind: technical", "kind: \"" + std::string(500, 'x') + "\\\"\\t\""));
  ASSERT_EQ(errors.size(), 1u) << Dump(errors);
  EXPECT_LT(errors[0].message.size(), 200u);
  EXPECT_NE(errors[0].message.find("...\""), std::string::npos) << errors[0].message;
}

// ---------------------------------------------------------------------------------------------
// Robustness: hostile input never throws or crashes.

TEST(ContentParserTest, InvalidUtf8IsReportedWithItsLine) {
  const auto errors = QuestionErrors(Replace(kValidQuestion, "Second paragraph.", "Second \xC3\x28 paragraph."));
  EXPECT_TRUE(HasError(errors, 12, "file is not valid UTF-8 text"));
  for (const char* bad : {"\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\xE2\x82", "\xFF"}) {
    EXPECT_TRUE(HasError(RoleErrors(Replace(kValidRole, "More intro.", std::string("More ") + bad)), 10,
                         "file is not valid UTF-8 text"))
        << "bytes " << bad;
  }
}

TEST(ContentParserTest, BinaryInputIsReported) {
  std::string binary = "---\ntitle: x";
  binary += std::string("\0\x01\x02\xff", 4);
  const auto errors = RoleErrors(binary);
  EXPECT_TRUE(HasError(errors, 2, "file contains a NUL byte (not a text file?)"));
}

TEST(ContentParserTest, HugeLinesAndDeepNestingDoNotCrash) {
  std::vector<ContentError> errors;
  const std::string huge_line(2'000'000, 'a');
  (void)ParseQuestion(kFile, "03-rest.md", "r", Replace(kValidQuestion, "Second paragraph.", huge_line), errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);

  errors.clear();
  (void)ParseRole("f", "r", "---\ntitle: " + std::string(100'000, '[') + "\n---\nx\n", errors);
  EXPECT_FALSE(errors.empty());
  errors.clear();
  std::string nested = "---\ntitle: ";
  for (int i = 0; i < 5000; ++i) nested += "- ";
  (void)ParseRole("f", "r", nested + "x\n---\nx\n", errors);
  EXPECT_FALSE(errors.empty());
  errors.clear();
  (void)ParseRole("f", "r", "---\ntitle: " + std::string(100'000, '{') + "\n---\nx\n", errors);
  EXPECT_FALSE(errors.empty());
}

TEST(ContentParserTest, YamlAliasesAndOddKeysDoNotCrash) {
  std::vector<ContentError> errors;
  (void)ParseRole("f", "r", "---\n? [a]\n: 1\n~: 2\ntitle: *undefined\n---\nx\n", errors);
  EXPECT_FALSE(errors.empty());
  errors.clear();
  const Role role =
      ParseRole("f", "r", "---\nskills: &s [a, b]\ntitle: t\nsummary: *s\nupdated: 2026-01-01\n---\nx\n", errors);
  EXPECT_TRUE(HasError(errors, 4, "\"summary\" must be a string (got a list)"));
  EXPECT_EQ(role.skills, (std::vector<std::string>{"a", "b"}));
}

TEST(ContentParserTest, RandomMutationsNeverThrow) {
  std::mt19937 rng(12345);  // fixed seed: deterministic
  constexpr char kAlphabet[] = "-#*:`~[]{}\"'\n\t &!|>%@\x80\xC3\xE2\x00\xFF";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);  // keeps the NUL
  for (int round = 0; round < 3000; ++round) {
    std::string text = round % 2 == 0 ? kValidQuestion : kValidRole;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[pos] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          text.erase(pos, 1 + rng() % 20);
          break;
        default:
          text.insert(pos, 1 + rng() % 3, alphabet[rng() % alphabet.size()]);
          break;
      }
    }
    std::vector<ContentError> errors;
    const std::size_t line_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    ASSERT_NO_THROW({
      (void)ParseQuestion(kFile, "03-rest.md", "r", text, errors);
      (void)ParseRole("f", "r", text, errors);
    }) << "round "
       << round;
    for (const ContentError& err : errors) {
      ASSERT_GE(err.line, 0) << FormatError(err);
      ASSERT_LE(static_cast<std::size_t>(err.line), line_count) << FormatError(err);
      ASSERT_FALSE(err.message.empty());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ValidatePack.

Question MakeQuestion(const std::string& role, int position, const std::string& slug, const std::string& id) {
  Question q;
  q.role_slug = role;
  q.position = position;
  q.slug = slug;
  q.id = id;
  return q;
}

TEST(ContentValidatePackTest, ValidPackHasNoErrors) {
  Pack pack;
  pack.roles.push_back(
      {.slug = "a", .questions = {MakeQuestion("a", 1, "x", "a-x"), MakeQuestion("a", 2, "y", "a-y")}});
  pack.roles.push_back({.slug = "b", .questions = {MakeQuestion("b", 1, "x", "b-x")}});
  std::vector<ContentError> errors;
  ValidatePack(pack, errors);
  EXPECT_TRUE(errors.empty()) << Dump(errors);
}

TEST(ContentValidatePackTest, DuplicateIdAcrossRolesNamesFirstFile) {
  Pack pack;
  pack.roles.push_back({.slug = "a", .questions = {MakeQuestion("a", 4, "y", "dup")}});
  pack.roles.push_back({.slug = "b", .questions = {MakeQuestion("b", 5, "x", "dup")}});
  std::vector<ContentError> errors;
  ValidatePack(pack, errors);
  const std::string first = (fs::path("roles") / "a" / "questions" / "04-y.md").string();
  const std::string second = (fs::path("roles") / "b" / "questions" / "05-x.md").string();
  EXPECT_TRUE(HasError(errors, 0, "duplicate question id \"dup\" (first in " + first + ")", second));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentValidatePackTest, DuplicatePositionWithinRole) {
  Pack pack;
  pack.roles.push_back(
      {.slug = "y", .questions = {MakeQuestion("y", 3, "a", "y-a"), MakeQuestion("y", 3, "b", "y-b")}});
  pack.roles.push_back({.slug = "z", .questions = {MakeQuestion("z", 3, "a", "z-a")}});  // other role: fine
  std::vector<ContentError> errors;
  ValidatePack(pack, errors);
  const std::string first = (fs::path("roles") / "y" / "questions" / "03-a.md").string();
  const std::string second = (fs::path("roles") / "y" / "questions" / "03-b.md").string();
  EXPECT_TRUE(HasError(errors, 0, "duplicate position 03 in role \"y\" (also " + first + ")", second));
  EXPECT_EQ(errors.size(), 1u) << Dump(errors);
}

TEST(ContentValidatePackTest, RoleWithoutQuestions) {
  Pack pack;
  pack.roles.push_back({.slug = "x"});
  std::vector<ContentError> errors;
  ValidatePack(pack, errors);
  EXPECT_TRUE(HasError(errors, 0, "role \"x\" has no questions", (fs::path("roles") / "x" / "role.md").string()));
}

Question WithCompetencies(Question q, std::vector<std::string> competencies) {
  q.competencies = std::move(competencies);
  return q;
}

TEST(CompetencyKeyTest, SpellingsOfOneCompetencyShareAKey) {
  EXPECT_EQ(CompetencyKey("api design"), CompetencyKey("api-design"));
  EXPECT_EQ(CompetencyKey("api design"), CompetencyKey("API_Design"));
  EXPECT_EQ(CompetencyKey("risk management"), CompetencyKey("risk-management"));
  EXPECT_EQ(CompetencyKey("judgment"), CompetencyKey("judgement"));
  EXPECT_EQ(CompetencyKey("product-judgment"), CompetencyKey("product judgement"));
  EXPECT_EQ(CompetencyKey("prioritization"), CompetencyKey("prioritisation"));
  EXPECT_EQ(CompetencyKey("data-modeling"), CompetencyKey("data modelling"));
  EXPECT_EQ(CompetencyKey("analyzing"), CompetencyKey("analysing"));
  EXPECT_EQ(CompetencyKey("optimize"), CompetencyKey("optimise"));
  EXPECT_EQ(CompetencyKey("behavior"), CompetencyKey("behaviour"));
  EXPECT_EQ(CompetencyKey("catalog"), CompetencyKey("catalogue"));
  EXPECT_EQ(CompetencyKey("judgement"), "judgement") << "British spellings stay as they are";
  EXPECT_EQ(CompetencyKey("catalogue"), "catalogue");
  EXPECT_EQ(CompetencyKey("prioritisation"), "prioritisation");
}

TEST(CompetencyKeyTest, DifferentCompetenciesKeepDifferentKeys) {
  EXPECT_NE(CompetencyKey("api design"), CompetencyKey("api integration"));
  EXPECT_NE(CompetencyKey("incident-management"), CompetencyKey("incident-response"));
  EXPECT_NE(CompetencyKey("performance"), CompetencyKey("performance management"));
  EXPECT_NE(CompetencyKey("planning"), CompetencyKey("capacity-planning"));
}

TEST(ContentValidatePackTest, OneCompetencySpelledTwoWaysNamesBothSpellingsAndFiles) {
  Pack pack;
  pack.roles.push_back(
      {.slug = "a",
       .questions = {WithCompetencies(MakeQuestion("a", 1, "x", "a-x"), {"api-design", "judgement", "testing"}),
                     WithCompetencies(MakeQuestion("a", 2, "y", "a-y"), {"api design", "testing"})}});
  pack.roles.push_back(
      {.slug = "b",
       .questions = {WithCompetencies(MakeQuestion("b", 1, "z", "b-z"), {"judgment", "prioritization"}),
                     WithCompetencies(MakeQuestion("b", 2, "w", "b-w"), {"prioritisation", "judgment"})}});
  std::vector<ContentError> errors;
  ValidatePack(pack, errors);
  const auto file = [](const char* role, const char* name) {
    return (fs::path("roles") / role / "questions" / name).string();
  };
  const std::string tail = ": use one spelling for one competency (docs/content-format.md)";
  EXPECT_TRUE(HasError(errors, 0,
                       "competency \"api design\" is spelled \"api-design\" in " + file("a", "01-x.md") + tail,
                       file("a", "02-y.md")));
  EXPECT_TRUE(HasError(errors, 0, "competency \"judgment\" is spelled \"judgement\" in " + file("a", "01-x.md") + tail,
                       file("b", "01-z.md")));
  EXPECT_TRUE(HasError(errors, 0,
                       "competency \"prioritisation\" is spelled \"prioritization\" in " + file("b", "01-z.md") + tail,
                       file("b", "02-w.md")));
  EXPECT_TRUE(HasError(errors, 0, "competency \"judgment\" is spelled \"judgement\" in " + file("a", "01-x.md") + tail,
                       file("b", "02-w.md")));
  EXPECT_EQ(errors.size(), 4u) << Dump(errors) << "\n(the same spelling twice, \"testing\", is fine)";
}

TEST(ContentValidatePackTest, AppendsToExistingErrors) {
  Pack pack;
  pack.roles.push_back({.slug = "x"});
  std::vector<ContentError> errors = {{"earlier", 1, "kept"}};
  ValidatePack(pack, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "kept");
}

// ---------------------------------------------------------------------------------------------
// LoadPack on a temporary directory.

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = fs::temp_directory_path() /
            ("starprep-parser-test-" + std::to_string(random()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

  void Write(const fs::path& relative, const std::string& text) const {
    const fs::path full = path_ / relative;
    fs::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

std::string QuestionWithId(const std::string& id) {
  return Replace(kValidQuestion, "id: be-designing-rest-apis", "id: " + id);
}

std::string PathIn(const TempDir& dir, const std::string& relative) {
  return (dir.path() / relative).string();
}

TEST(ContentLoadPackTest, ACompetencySpelledTwoWaysIsReportedOnItsLine) {
  TempDir dir;
  dir.Write("roles/zeta/role.md", kValidRole);
  dir.Write("roles/zeta/questions/01-a.md", QuestionWithId("z-a"));  // [api design, communication]
  dir.Write("roles/zeta/questions/02-b.md", Replace(QuestionWithId("z-b"), "competencies: [api design, communication]",
                                                    "competencies: [api-design, communication]"));
  const LoadResult result = LoadPack(dir.path());
  EXPECT_TRUE(HasError(result.errors, 4,
                       "competency \"api-design\" is spelled \"api design\" in " +
                           PathIn(dir, "roles/zeta/questions/01-a.md") +
                           ": use one spelling for one competency (docs/content-format.md)",
                       PathIn(dir, "roles/zeta/questions/02-b.md")));
  EXPECT_EQ(result.errors.size(), 1u) << Dump(result.errors);
}

TEST(ContentLoadPackTest, ValidPackLoadsSorted) {
  TempDir dir;
  dir.Write("roles/zeta/role.md", kValidRole);
  dir.Write("roles/zeta/questions/02-b.md", QuestionWithId("z-b"));
  dir.Write("roles/zeta/questions/01-a.md", QuestionWithId("z-a"));
  dir.Write("roles/zeta/questions/10-c.md", QuestionWithId("z-c"));
  dir.Write("roles/zeta/questions/notes.txt", "ignored");
  dir.Write("roles/zeta/questions/.01-hidden.md", "ignored");
  dir.Write("roles/alpha/role.md", Replace(kValidRole, "Back-end Developer", "Alpha"));
  dir.Write("roles/alpha/questions/01-x.md", QuestionWithId("a-x"));
  dir.Write("roles/README.txt", "not a role");

  const LoadResult result = LoadPack(dir.path());
  EXPECT_TRUE(result.errors.empty()) << Dump(result.errors);
  ASSERT_EQ(result.pack.roles.size(), 2u);
  EXPECT_EQ(result.pack.roles[0].slug, "alpha");
  EXPECT_EQ(result.pack.roles[0].title, "Alpha");
  EXPECT_EQ(result.pack.roles[1].slug, "zeta");
  const auto& questions = result.pack.roles[1].questions;
  ASSERT_EQ(questions.size(), 3u);
  EXPECT_EQ(questions[0].id, "z-a");
  EXPECT_EQ(questions[1].id, "z-b");
  EXPECT_EQ(questions[2].id, "z-c");
  EXPECT_EQ(questions[2].position, 10);
  EXPECT_EQ(questions[2].role_slug, "zeta");
}

TEST(ContentLoadPackTest, BrokenPackReportsEveryProblemSorted) {
  TempDir dir;
  dir.Write("roles/alpha/role.md", kValidRole);
  dir.Write("roles/alpha/questions/01-a.md", QuestionWithId("dup"));
  dir.Write("roles/alpha/questions/1-bad-name.md", QuestionWithId("alpha-bad"));
  dir.Write("roles/alpha/questions/02-b.md", Replace(QuestionWithId("alpha-b"), "kind: technical", "kind: x"));
  dir.Write("roles/beta/questions/03-c.md", QuestionWithId("dup"));  // no role.md
  dir.Write("roles/beta/questions/03-d.md", QuestionWithId("beta-d"));
  dir.Write("roles/gamma/role.md", kValidRole);  // no questions

  const LoadResult result = LoadPack(dir.path());
  const auto& errors = result.errors;
  EXPECT_TRUE(
      HasError(errors, 0, "file name must look like NN-slug.md", PathIn(dir, "roles/alpha/questions/1-bad-name.md")));
  EXPECT_TRUE(HasError(errors, 5, "\"kind\" must be one of behavioral, technical, situational (got \"x\")",
                       PathIn(dir, "roles/alpha/questions/02-b.md")));
  EXPECT_TRUE(HasError(errors, 0, "missing role.md", PathIn(dir, "roles/beta/role.md")));
  EXPECT_TRUE(HasError(errors, 2,
                       "duplicate question id \"dup\" (first in " + PathIn(dir, "roles/alpha/questions/01-a.md") + ")",
                       PathIn(dir, "roles/beta/questions/03-c.md")));
  EXPECT_TRUE(HasError(
      errors, 0, "duplicate position 03 in role \"beta\" (also " + PathIn(dir, "roles/beta/questions/03-c.md") + ")",
      PathIn(dir, "roles/beta/questions/03-d.md")));
  EXPECT_TRUE(HasError(errors, 0, "role \"gamma\" has no questions", PathIn(dir, "roles/gamma/role.md")));
  EXPECT_EQ(errors.size(), 6u) << Dump(errors);
  EXPECT_TRUE(std::is_sorted(errors.begin(), errors.end(), [](const ContentError& a, const ContentError& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  })) << Dump(errors);
}

TEST(ContentLoadPackTest, ErrorsWithinAFileAreSortedByLine) {
  TempDir dir;
  std::string text = Replace(QuestionWithId("q"), "kind: technical", "kind: x");  // line 5
  text = Replace(text, "I had to design the public API.\n", "");                  // line 28
  text = Replace(text, "id: q\n", "id: q\ntitel: t\n");                           // line 3, shifts the rest
  dir.Write("roles/r/role.md", kValidRole);
  dir.Write("roles/r/questions/01-q.md", text);
  const LoadResult result = LoadPack(dir.path());
  ASSERT_EQ(result.errors.size(), 3u) << Dump(result.errors);
  EXPECT_EQ(result.errors[0].line, 3);
  EXPECT_EQ(result.errors[1].line, 6);
  EXPECT_EQ(result.errors[2].line, 29);
}

TEST(ContentLoadPackTest, MissingRolesDirectory) {
  TempDir dir;
  const LoadResult result = LoadPack(dir.path());
  EXPECT_TRUE(HasError(result.errors, 0, "missing roles directory", PathIn(dir, "roles")));
  EXPECT_TRUE(result.pack.roles.empty());
  EXPECT_FALSE(LoadPack(dir.path() / "does-not-exist").errors.empty());
}

TEST(ContentLoadPackTest, EmptyRolesDirectory) {
  TempDir dir;
  fs::create_directories(dir.path() / "roles");
  const LoadResult result = LoadPack(dir.path());
  EXPECT_TRUE(HasError(result.errors, 0, "no roles found (expected roles/<slug>/role.md)", PathIn(dir, "roles")));
}

TEST(ContentLoadPackTest, InvalidRoleFolderNameAndUnreadableFiles) {
  TempDir dir;
  dir.Write("roles/Bad_Role/role.md", kValidRole);
  dir.Write("roles/Bad_Role/questions/01-a.md", QuestionWithId("a"));
  fs::create_directories(dir.path() / "roles/ok/role.md");  // a directory, not a file
  dir.Write("roles/ok/questions/01-b.md", QuestionWithId("b"));
  const LoadResult result = LoadPack(dir.path());
  EXPECT_TRUE(HasError(result.errors, 0, "role folder name must match [a-z0-9]+(-[a-z0-9]+)* (got \"Bad_Role\")",
                       PathIn(dir, "roles/Bad_Role/role.md")));
  EXPECT_TRUE(HasError(result.errors, 0, "not a regular file", PathIn(dir, "roles/ok/role.md")));
}

TEST(ContentLoadPackTest, OversizedFileIsRejected) {
  TempDir dir;
  dir.Write("roles/r/role.md", kValidRole + std::string(2u << 20, 'x'));
  dir.Write("roles/r/questions/01-a.md", QuestionWithId("a"));
  const LoadResult result = LoadPack(dir.path());
  ASSERT_EQ(result.errors.size(), 1u) << Dump(result.errors);
  EXPECT_EQ(result.errors[0].file, PathIn(dir, "roles/r/role.md"));
  EXPECT_NE(result.errors[0].message.find("too large"), std::string::npos);
}

}  // namespace
