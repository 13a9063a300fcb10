// SPDX-License-Identifier: Apache-2.0
#pragma once
// Pure views of a candidate's story bank: which of a role's questions have a linked story, which
// of the role's competencies no story is tagged with, the competency vocabulary for the story
// form, and the Markdown export. No I/O.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "content/model.h"
#include "practice/journal.h"

namespace starprep::web {

struct StoryLink {
  std::int64_t id = 0;
  std::string title;
};

struct CoverageRow {
  std::string question_id;
  std::string question;
  std::vector<StoryLink> stories;  // stories linked to the question, in the order given
};

struct StoryCoverage {
  std::vector<CoverageRow> rows;  // the role's questions in order
  int questions_covered = 0;
  std::vector<std::string> competencies;            // the role's (sorted)
  std::vector<std::string> uncovered_competencies;  // those no story is tagged with (compared by
                                                    // content::CompetencyKey: one spelling)
};

StoryCoverage CoverStories(const content::Role& role, const std::vector<practice::Story>& stories);

// Every competency of every role's questions, sorted, without duplicates.
std::vector<std::string> CompetencyVocabulary(const std::vector<content::Role>& roles);

// Every competency of every role's questions (sorted), with the slugs of the roles whose
// questions carry it (sorted): the story form offers a role's competencies.
std::map<std::string, std::set<std::string>> CompetencyRoles(const std::vector<content::Role>& roles);

// Splits free text "a, b,,c " into trimmed non-empty items.
std::vector<std::string> SplitCommaList(const std::string& text);

// All stories as one Markdown document: a heading per story, its competencies, linked questions
// (by their text from `question_text`, else their id) and the four parts under labelled headings.
std::string StoriesMarkdown(const std::vector<practice::Story>& stories,
                            const std::map<std::string, std::string>& question_text);

}  // namespace starprep::web
