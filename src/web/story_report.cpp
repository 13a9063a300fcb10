// SPDX-License-Identifier: Apache-2.0
#include "web/story_report.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "content/parser.h"
#include "web/progress_stats.h"

namespace starprep::web {
namespace {

std::string Trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\n") - first + 1);
}

// One line: Markdown headings and list items must not span lines.
std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

}  // namespace

StoryCoverage CoverStories(const content::Role& role, const std::vector<practice::Story>& stories) {
  StoryCoverage c;
  for (const auto& q : role.questions) {
    CoverageRow row{q.id, q.question, {}};
    for (const auto& s : stories) {
      const auto& ids = s.fields.question_ids;
      if (std::find(ids.begin(), ids.end(), q.id) != ids.end()) row.stories.push_back({s.id, s.fields.title});
    }
    if (!row.stories.empty()) ++c.questions_covered;
    c.rows.push_back(std::move(row));
  }
  // Compared by CompetencyKey: a story tagged "api design" (or "API-Design") covers "api-design".
  std::set<std::string> tagged;
  for (const auto& s : stories)
    for (const auto& name : s.fields.competencies) tagged.insert(content::CompetencyKey(name));
  c.competencies = RoleCompetencies(role);
  for (const auto& name : c.competencies)
    if (!tagged.count(content::CompetencyKey(name))) c.uncovered_competencies.push_back(name);
  return c;
}

std::map<std::string, std::set<std::string>> CompetencyRoles(const std::vector<content::Role>& roles) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& r : roles)
    for (const auto& q : r.questions)
      for (const auto& name : q.competencies) out[name].insert(r.slug);
  return out;
}

std::vector<std::string> CompetencyVocabulary(const std::vector<content::Role>& roles) {
  std::set<std::string> all;
  for (const auto& r : roles)
    for (auto& name : RoleCompetencies(r)) all.insert(std::move(name));
  return {all.begin(), all.end()};
}

std::vector<std::string> SplitCommaList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = Trim(text.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

std::string StoriesMarkdown(const std::vector<practice::Story>& stories,
                            const std::map<std::string, std::string>& question_text) {
  std::string md = "# My STAR stories\n\n";
  if (stories.empty()) md += "No stories yet.\n";
  for (const auto& s : stories) {
    const auto& f = s.fields;
    md += "## " + OneLine(f.title) + "\n\n";
    md += "Coach score: " + std::to_string(s.score) + " of 100. Last changed " + s.updated_at + ".\n\n";
    if (!f.competencies.empty()) {
      md += "Competencies: ";
      for (std::size_t i = 0; i < f.competencies.size(); ++i) md += (i ? ", " : "") + OneLine(f.competencies[i]);
      md += "\n\n";
    }
    if (!f.question_ids.empty()) {
      md += "Answers these questions:\n\n";
      for (const auto& id : f.question_ids) {
        auto it = question_text.find(id);
        md += "- " + OneLine(it == question_text.end() ? id : it->second) + "\n";
      }
      md += "\n";
    }
    const std::string* parts[] = {&f.situation, &f.task, &f.action, &f.result};
    for (std::size_t i = 0; i < 4; ++i) {
      if (parts[i]->empty()) continue;
      md += std::string("### ") + kStarPartNames[i] + "\n\n" + *parts[i] + "\n\n";
    }
  }
  return md;
}

}  // namespace starprep::web
