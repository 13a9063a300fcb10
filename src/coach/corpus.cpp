// SPDX-License-Identifier: Apache-2.0
#include "coach/corpus.h"

#include <set>

namespace starprep::coach {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string Where(std::string_view file, std::size_t line) {
  return std::string(file) + ":" + std::to_string(line) + ": ";
}

// Builds an answer's text and parts from its body lines, removing [[label]] markers.
bool BuildAnswer(std::string_view file, std::size_t first_line, const std::vector<std::string_view>& lines,
                 LabelledAnswer& a, std::vector<std::string>& errors) {
  std::string text;
  bool ok = true;
  bool labelled = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string out_line;
    std::size_t pos = 0;
    while (pos < line.size()) {
      const std::size_t open = line.find("[[", pos);
      if (open == std::string_view::npos) {
        out_line.append(line.substr(pos));
        break;
      }
      const std::size_t close = line.find("]]", open);
      if (close == std::string_view::npos) {
        errors.push_back(Where(file, first_line + i) + "unclosed label marker '[['");
        return false;
      }
      out_line.append(line.substr(pos, open - pos));
      const std::string_view name = line.substr(open + 2, close - open - 2);
      Component c;
      if (!ParseComponent(name, c)) {
        errors.push_back(Where(file, first_line + i) + "unknown label '" + std::string(name) +
                         "' (expected situation, task, action, result or other)");
        ok = false;
      }
      pos = close + 2;
      if (pos < line.size() && line[pos] == ' ') ++pos;  // the marker takes its following space with it
      const auto at = static_cast<std::uint32_t>(text.size() + out_line.size());
      if (!a.parts.empty()) a.parts.back().span.end = at;
      a.parts.push_back({{at, at}, c});
      labelled = true;
    }
    // A line that held only a marker disappears with its line break.
    if (Trim(out_line).empty() && !Trim(line).empty()) continue;
    if (!labelled && !Trim(out_line).empty()) {
      errors.push_back(Where(file, first_line + i) + "answer text before its first [[label]] marker");
      return false;
    }
    text.append(out_line);
    text.push_back('\n');
  }
  // Trim trailing blank lines, then close the last part.
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (!a.parts.empty()) a.parts.back().span.end = static_cast<std::uint32_t>(text.size());
  if (text.empty()) {
    errors.push_back(Where(file, first_line) + "answer '" + a.id + "' has no text");
    return false;
  }
  a.text = std::move(text);
  return ok;
}

}  // namespace

void ParseCorpusFile(std::string_view file, std::string_view text, std::vector<LabelledAnswer>& out,
                     std::vector<std::string>& errors) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    const std::size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  std::set<std::string> ids;
  for (const auto& a : out) ids.insert(a.id);
  std::size_t i = 0;
  while (i < lines.size() && !lines[i].starts_with("## ")) ++i;
  while (i < lines.size()) {
    const std::size_t heading_line = i + 1;
    LabelledAnswer a;
    a.id = std::string(Trim(lines[i].substr(3)));
    ++i;
    if (a.id.empty() || a.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
      errors.push_back(Where(file, heading_line) + "answer id '" + a.id +
                       "' must be lowercase letters, digits and hyphens");
    if (!ids.insert(a.id).second) errors.push_back(Where(file, heading_line) + "duplicate answer id '" + a.id + "'");
    for (; i < lines.size() && !Trim(lines[i]).empty(); ++i) {
      const std::string_view line = Trim(lines[i]);
      const std::size_t colon = line.find(':');
      const std::string_view key = line.substr(0, colon);
      const std::string_view value = colon == std::string_view::npos ? "" : Trim(line.substr(colon + 1));
      if (key == "question") {
        a.question_id = value;
      } else if (key == "voice") {
        a.voice = value;
      } else if (key == "role" || key == "prompt") {
        // accepted for readers: the question implies the role; a prompt words a question the
        // content pack does not have (answers from other professions)
      } else {
        errors.push_back(
            Where(file, i + 1) + "unknown metadata '" + std::string(line) +
            "' (expected 'question: ID', 'prompt: TEXT', 'role: SLUG' and 'voice: TAG', then a blank line)");
      }
    }
    if (a.voice.empty()) errors.push_back(Where(file, heading_line) + "answer '" + a.id + "' has no 'voice:' line");
    const std::size_t body = i;
    while (i < lines.size() && !lines[i].starts_with("## ")) ++i;
    std::vector<std::string_view> body_lines(lines.begin() + static_cast<std::ptrdiff_t>(body),
                                             lines.begin() + static_cast<std::ptrdiff_t>(i));
    while (!body_lines.empty() && Trim(body_lines.front()).empty()) body_lines.erase(body_lines.begin());
    std::size_t first = body + 1;
    while (first <= lines.size() && Trim(lines[first - 1]).empty()) ++first;
    if (BuildAnswer(file, first, body_lines, a, errors)) out.push_back(std::move(a));
  }
}

std::vector<LabelledAnswer> AnswersFromPack(const content::Pack& pack) {
  std::vector<LabelledAnswer> out;
  std::size_t index = 0;
  for (const content::Role& role : pack.roles) {
    for (const content::Question& q : role.questions) {
      LabelledAnswer a;
      a.id = q.id;
      a.question_id = q.id;
      a.voice = "model answer";
      const std::string_view separator = index++ % 2 == 0 ? " " : "\n\n";
      const std::string* parts[] = {&q.answer.situation, &q.answer.task, &q.answer.action, &q.answer.result};
      for (int c = 0; c < kStarCount; ++c) {
        std::string_view part = Trim(*parts[c]);
        while (!part.empty() && part.back() == '\n') part.remove_suffix(1);
        if (part.empty()) continue;
        if (!a.text.empty()) a.text.append(separator);
        const auto start = static_cast<std::uint32_t>(a.text.size());
        a.text.append(part);
        a.parts.push_back({{start, static_cast<std::uint32_t>(a.text.size())}, static_cast<Component>(c)});
      }
      out.push_back(std::move(a));
    }
  }
  return out;
}

std::string KeywordText(const content::Question& q) {
  std::string text = q.question + "\n" + q.question + "\n" + q.why_md + "\n";
  for (const auto& d : q.dos) text += d + "\n";
  for (const auto& d : q.donts) text += d + "\n";
  return text;
}

}  // namespace starprep::coach
