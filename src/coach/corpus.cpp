// SPDX-License-Identifier: Apache-2.0
#include "coach/corpus.h"

#include <algorithm>
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

// "present: task, result": STAR parts, comma-separated, each once.
void ParsePresent(std::string_view value, const std::string& where, std::vector<Component>& out,
                  std::vector<std::string>& errors) {
  for (std::size_t pos = 0; pos <= value.size();) {
    std::size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) comma = value.size();
    const std::string_view name = Trim(value.substr(pos, comma - pos));
    pos = comma + 1;
    Component c;
    if (!ParseComponent(name, c) || c == Component::kOther) {
      errors.push_back(where + "'present:' lists '" + std::string(name) +
                       "' (expected situation, task, action or result, comma-separated)");
    } else if (std::find(out.begin(), out.end(), c) != out.end()) {
      errors.push_back(where + "'present:' lists '" + std::string(name) + "' twice");
    } else {
      out.push_back(c);
    }
  }
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
      } else if (key == "present") {
        ParsePresent(value, Where(file, i + 1), a.present, errors);
      } else if (key == "role" || key == "prompt") {
        // accepted for readers: the question implies the role; a prompt words a question the
        // content pack does not have (answers from other professions)
      } else {
        errors.push_back(Where(file, i + 1) + "unknown metadata '" + std::string(line) +
                         "' (expected 'question: ID', 'prompt: TEXT', 'role: SLUG', 'voice: TAG' and 'present: "
                         "PARTS', then a blank line)");
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

LabelledAnswer MergeLabels(std::string_view text, const std::vector<LabelledAnswer::Part>& corrected,
                           const std::vector<LabelledAnswer::Part>& coached) {
  constexpr int kNone = -1;
  std::vector<int> label(text.size(), kNone);       // per byte of `text`
  for (const auto* parts : {&coached, &corrected})  // the person's labels last: they win
    for (const auto& p : *parts)
      for (std::size_t i = p.span.start; i < p.span.end && i < text.size(); ++i)
        label[i] = static_cast<int>(p.component);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  LabelledAnswer a;
  std::vector<int> labels;  // per byte of a.text
  for (std::size_t i = begin; i < end; ++i) {
    if (text[i] == '\r' && i + 1 < end && text[i + 1] == '\n') continue;
    a.text.push_back(text[i] == '\r' ? '\n' : text[i]);  // a lone CR (old Mac line ends) too
    labels.push_back(label[i]);
  }
  const auto first = std::find_if(labels.begin(), labels.end(), [](int l) { return l != kNone; });
  int current = first == labels.end() ? static_cast<int>(Component::kOther) : *first;
  for (int& l : labels) {
    if (l == kNone)
      l = current;
    else
      current = l;
  }
  for (std::size_t i = 0; i < a.text.size(); ++i) {
    if (is_space(a.text[i])) continue;
    const bool heading = (i == 0 || a.text[i - 1] == '\n') && a.text.compare(i, 3, "## ") == 0;
    const auto c = static_cast<Component>(labels[i]);
    if (!a.parts.empty() && a.parts.back().component == c && !heading) continue;
    const auto at = static_cast<std::uint32_t>(i);
    if (!a.parts.empty()) a.parts.back().span.end = at;
    a.parts.push_back({{at, at}, c});
  }
  if (!a.parts.empty()) a.parts.back().span.end = static_cast<std::uint32_t>(a.text.size());
  return a;
}

std::optional<std::string> FormatCorpusAnswer(const LabelledAnswer& answer) {
  std::string out = "## " + answer.id + "\n";
  if (!answer.question_id.empty()) out += "question: " + answer.question_id + "\n";
  out += "voice: " + answer.voice + "\n";
  if (!answer.present.empty()) {
    out += "present:";
    for (std::size_t i = 0; i < answer.present.size(); ++i)
      out += (i == 0 ? " " : ", ") + std::string(ComponentName(answer.present[i]));
    out += "\n";
  }
  out += "\n";
  std::size_t written = 0;
  for (const auto& p : answer.parts) {
    if (p.span.start < written || p.span.start > answer.text.size()) return std::nullopt;
    out.append(answer.text, written, p.span.start - written);
    out += "[[" + std::string(ComponentName(p.component)) + "]] ";
    written = p.span.start;
  }
  out.append(answer.text, written);
  out += "\n";
  // The format has no escapes: read the entry back and keep it only if nothing changed.
  std::vector<LabelledAnswer> back;
  std::vector<std::string> errors;
  ParseCorpusFile("", out, back, errors);
  auto same_parts = [](const std::vector<LabelledAnswer::Part>& x, const std::vector<LabelledAnswer::Part>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const auto& p, const auto& q) { return p.span == q.span && p.component == q.component; });
  };
  if (!errors.empty() || back.size() != 1 || back[0].id != answer.id || back[0].question_id != answer.question_id ||
      back[0].voice != answer.voice || back[0].text != answer.text || back[0].present != answer.present ||
      !same_parts(back[0].parts, answer.parts))
    return std::nullopt;
  return out;
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
