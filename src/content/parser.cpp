// SPDX-License-Identifier: Apache-2.0
// Content pack parser and validator. Format and rules: docs/content-format.md.
//
// Reading a file goes: encoding check -> front matter split -> YAML keys -> Markdown body split
// into "## " / "### " sections (outside fenced code). Every check reports into the same error
// list and parsing carries on where it can, so an editor sees all problems in one run. Nothing
// here throws on bad input: yaml-cpp exceptions are caught and turned into errors.

#include "content/parser.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <system_error>
#include <tuple>
#include <utility>

namespace starprep::content {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileBytes = 1 << 20;  // no content file comes close; guards memory
constexpr std::size_t kMaxIdChars = 80;
constexpr std::size_t kMaxTitleChars = 80;
constexpr std::size_t kMaxPlainTextChars = 300;
constexpr std::size_t kMaxQuotedChars = 60;  // user values are shortened to this in messages
constexpr std::string_view kSlugPattern = "[a-z0-9]+(-[a-z0-9]+)*";

constexpr std::array<std::string_view, 4> kRoleKeys = {"title", "summary", "updated", "skills"};
constexpr std::array<std::string_view, 5> kQuestionKeys = {"id", "question", "competencies", "kind", "updated"};
constexpr std::array<std::string_view, 3> kKinds = {"behavioral", "technical", "situational"};

// Question body sections, in the required order.
constexpr std::array<std::string_view, 3> kQuestionSections = {"Why interviewers ask", "Dos and don'ts",
                                                               "Suggested answer"};
constexpr std::size_t kWhy = 0, kDos = 1, kSuggested = 2;
constexpr std::array<std::string_view, 4> kStarParts = {"Situation", "Task", "Action", "Result"};

// ---------------------------------------------------------------------------------------------
// Small text helpers.

constexpr std::string_view kSpaces = " \t\r\f\v";

std::string_view Trim(std::string_view s) {
  const auto begin = s.find_first_not_of(kSpaces);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpaces) - begin + 1);
}

std::string_view TrimRight(std::string_view s) {
  const auto end = s.find_last_not_of(kSpaces);
  return end == std::string_view::npos ? std::string_view{} : s.substr(0, end + 1);
}

bool IsBlank(std::string_view s) {
  return Trim(s).empty();
}

bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAsciiUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

// [a-z0-9]+(-[a-z0-9]+)*
bool IsValidSlug(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char previous = '\0';
  for (char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || IsAsciiDigit(c);
    if (!alnum && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned char min_second = 0x80, max_second = 0xBF;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) min_second = 0xA0;  // overlong
      if (c == 0xED) max_second = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) min_second = 0x90;  // overlong
      if (c == 0xF4) max_second = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      const unsigned char lo = k == 1 ? min_second : 0x80;
      const unsigned char hi = k == 1 ? max_second : 0xBF;
      if (b < lo || b > hi) return false;
    }
    i += extra + 1;
  }
  return true;
}

// Number of code points in valid UTF-8 (limits are in characters, not bytes).
std::size_t CountChars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Quotes a user-supplied value for an error message: escapes quotes, backslashes, control
// characters (and every non-ASCII byte when the value is not valid UTF-8), and shortens it.
std::string Quote(std::string_view s) {
  const bool utf8 = IsValidUtf8(s);
  std::string out = "\"";
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool continuation = utf8 && (c & 0xC0) == 0x80;
    if (!continuation && chars++ == kMaxQuotedChars) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string TwoDigits(int n) {
  return (n >= 0 && n < 10 ? "0" : "") + std::to_string(n);
}

// Replaces the typographic apostrophe (U+2019) with ASCII "'" so "Don’t" matches "Don't".
std::string NormalizeApostrophes(std::string_view s) {
  constexpr std::string_view kTypographic = "\xE2\x80\x99";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s.substr(i, kTypographic.size()) == kTypographic) {
      out += '\'';
      i += kTypographic.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

// A real calendar date written as YYYY-MM-DD (Gregorian leap years).
bool IsValidDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsAsciiDigit(s[i])) return false;
  }
  auto number = [&](std::size_t pos, std::size_t len) {
    int n = 0;
    for (std::size_t i = pos; i < pos + len; ++i) n = n * 10 + (s[i] - '0');
    return n;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

// ---------------------------------------------------------------------------------------------
// Errors of one file.

class Reporter {
 public:
  Reporter(std::string_view file, std::vector<ContentError>& errors) : file_(file), errors_(errors) {}
  void Add(int line, std::string message) { errors_.push_back({file_, line, std::move(message)}); }

 private:
  std::string file_;
  std::vector<ContentError>& errors_;
};

// ---------------------------------------------------------------------------------------------
// Lines and front matter.

struct SourceLine {
  int number = 0;         // 1-based line number in the file
  std::string_view text;  // without the line break (and without a trailing '\r')
};

std::vector<SourceLine> SplitLines(std::string_view text) {
  std::vector<SourceLine> lines;
  int number = 1;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({number++, line});
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// Joins lines with '\n', dropping leading and trailing blank lines.
std::string JoinTrimmed(std::span<const SourceLine> lines) {
  std::size_t begin = 0, end = lines.size();
  while (begin < end && IsBlank(lines[begin].text)) ++begin;
  while (end > begin && IsBlank(lines[end - 1].text)) --end;
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) out += '\n';
    out += lines[i].text;
  }
  return out;
}

struct Document {
  std::vector<SourceLine> lines;
  std::string yaml;                  // front matter text, between the "---" lines
  int yaml_first_line = 0;           // file line of the first front matter line
  std::span<const SourceLine> body;  // lines after the closing "---"
};

// Checks the encoding and splits off the front matter. Returns nothing (after reporting) when
// the file is not text or has no complete front matter: the rest cannot be located then.
std::optional<Document> SplitDocument(std::string_view text, Reporter& reporter) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());

  Document doc;
  doc.lines = SplitLines(text);
  for (const SourceLine& line : doc.lines) {
    if (line.text.find('\0') != std::string_view::npos) {
      reporter.Add(line.number, "file contains a NUL byte (not a text file?)");
      return std::nullopt;
    }
    if (!IsValidUtf8(line.text)) {
      reporter.Add(line.number, "file is not valid UTF-8 text");
      return std::nullopt;
    }
  }
  if (doc.lines.empty() || TrimRight(doc.lines[0].text) != "---") {
    reporter.Add(1, "file does not start with front matter \"---\"");
    return std::nullopt;
  }
  std::size_t close = 1;
  while (close < doc.lines.size() && TrimRight(doc.lines[close].text) != "---") ++close;
  if (close == doc.lines.size()) {
    reporter.Add(1, "front matter is not closed by a \"---\" line");
    return std::nullopt;
  }
  for (std::size_t i = 1; i < close; ++i) {
    doc.yaml += doc.lines[i].text;
    doc.yaml += '\n';
  }
  doc.yaml_first_line = 2;
  doc.body = std::span<const SourceLine>(doc.lines).subspan(close + 1);
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Front matter keys.

// Reads the YAML front matter as a mapping of known keys. Syntax errors, unknown, repeated and
// non-string keys are reported on construction; each getter reports missing or invalid values
// and returns an empty value then. After a syntax error the getters report nothing more.
class FrontMatter {
 public:
  FrontMatter(const Document& doc, std::span<const std::string_view> allowed, Reporter& reporter)
      : first_line_(doc.yaml_first_line), reporter_(reporter) {
    try {
      Load(doc.yaml, allowed);
    } catch (const YAML::Exception& e) {
      const int line = e.mark.line >= 0 ? first_line_ + e.mark.line : first_line_;
      reporter_.Add(line, "front matter is not valid YAML: " + e.msg);
      parsed_ = false;
    } catch (const std::exception& e) {
      reporter_.Add(first_line_, std::string("front matter could not be read: ") + e.what());
      parsed_ = false;
    }
  }

  int KeyLine(std::string_view key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? 0 : it->second.line;
  }

  // A non-empty string of at most `max_chars` characters.
  std::string Text(std::string_view key, std::size_t max_chars) {
    const std::optional<std::string> value = Scalar(key);
    if (!value) return {};
    if (value->empty()) {
      reporter_.Add(KeyLine(key), Quote(key) + " must not be empty");
    } else if (const std::size_t n = CountChars(*value); n > max_chars) {
      reporter_.Add(KeyLine(key), Quote(key) + " is too long (" + std::to_string(n) + " characters, at most " +
                                      std::to_string(max_chars) + ")");
    }
    return *value;
  }

  std::string Id(std::string_view key) {
    std::string value = Text(key, kMaxIdChars);
    if (!value.empty() && !IsValidSlug(value)) {
      reporter_.Add(KeyLine(key),
                    Quote(key) + " must match " + std::string(kSlugPattern) + " (got " + Quote(value) + ")");
    }
    return value;
  }

  std::string Date(std::string_view key) {
    std::string value = Text(key, kUnlimited);
    if (!value.empty() && !IsValidDate(value)) {
      reporter_.Add(KeyLine(key), Quote(key) + " is not a valid date YYYY-MM-DD (got " + Quote(value) + ")");
    }
    return value;
  }

  std::string OneOf(std::string_view key, std::span<const std::string_view> choices) {
    std::string value = Text(key, kUnlimited);
    if (!value.empty() && std::find(choices.begin(), choices.end(), value) == choices.end()) {
      std::string list;
      for (std::string_view choice : choices) list += (list.empty() ? "" : ", ") + std::string(choice);
      reporter_.Add(KeyLine(key), Quote(key) + " must be one of " + list + " (got " + Quote(value) + ")");
    }
    return value;
  }

  // A non-empty list of non-empty strings (lowercase ASCII letters only when `lowercase`).
  std::vector<std::string> List(std::string_view key, bool lowercase) {
    const Entry* entry = Find(key);
    if (entry == nullptr) return {};
    const YAML::Node& node = entry->value;
    const std::string name = Quote(key);
    if (!node.IsNull() && !node.IsSequence()) {
      reporter_.Add(entry->line, name + " must be a list, e.g. [a, b] (got " + TypeName(node) + ")");
      return {};
    }
    if (node.IsNull() || node.size() == 0) {
      reporter_.Add(entry->line, name + " must be a non-empty list");
      return {};
    }
    std::vector<std::string> items;
    for (const YAML::Node& item : node) {
      const int line = LineOf(item, entry->line);
      if (!item.IsScalar()) {
        reporter_.Add(line, name + " items must be strings (got " + TypeName(item) + ")");
        continue;
      }
      const std::string text(Trim(item.Scalar()));
      if (text.empty()) {
        reporter_.Add(line, name + " has an empty item");
      } else if (lowercase && std::any_of(text.begin(), text.end(), IsAsciiUpper)) {
        reporter_.Add(line, name + " items must be lowercase (got " + Quote(text) + ")");
      } else {
        items.push_back(text);
      }
    }
    return items;
  }

 private:
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

  struct Entry {
    YAML::Node value;
    int line = 0;  // file line of the key
  };

  void Load(const std::string& yaml, std::span<const std::string_view> allowed) {
    const YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return;  // empty front matter: every key is missing
    if (!root.IsMap()) {
      reporter_.Add(LineOf(root, first_line_), "front matter must be a mapping of \"key: value\" lines");
      return;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      const int line = LineOf(it->first, first_line_);
      if (!it->first.IsScalar()) {
        reporter_.Add(line, "front-matter keys must be plain names");
        continue;
      }
      const std::string& key = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        reporter_.Add(line, "unknown front-matter key " + Quote(key));
      } else if (const auto [prev, inserted] = entries_.emplace(key, Entry{it->second, line}); !inserted) {
        reporter_.Add(line, "repeated front-matter key " + Quote(key) + " (first at line " +
                                std::to_string(prev->second.line) + ")");
      }
    }
  }

  // The entry for a required key; reports it missing (at the opening "---") when absent.
  const Entry* Find(std::string_view key) {
    if (!parsed_) return nullptr;
    const auto it = entries_.find(key);
    if (it != entries_.end()) return &it->second;
    reporter_.Add(first_line_ - 1, "missing front-matter key " + Quote(key));
    return nullptr;
  }

  // The trimmed string value of a key ("" for a null value); nothing when missing or not a string.
  std::optional<std::string> Scalar(std::string_view key) {
    const Entry* entry = Find(key);
    if (entry == nullptr) return std::nullopt;
    if (entry->value.IsNull()) return std::string();
    if (!entry->value.IsScalar()) {
      reporter_.Add(entry->line, Quote(key) + " must be a string (got " + TypeName(entry->value) + ")");
      return std::nullopt;
    }
    return std::string(Trim(entry->value.Scalar()));
  }

  int LineOf(const YAML::Node& node, int fallback) const {
    const int mark = node.Mark().line;
    return mark >= 0 ? first_line_ + mark : fallback;
  }

  static std::string TypeName(const YAML::Node& node) {
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a list";
    if (node.IsNull()) return "nothing";
    return "a string";
  }

  int first_line_;
  Reporter& reporter_;
  bool parsed_ = true;
  std::map<std::string, Entry, std::less<>> entries_;
};

// ---------------------------------------------------------------------------------------------
// Markdown sections.

// Tracks fenced code blocks (``` or ~~~, CommonMark rules simplified) line by line.
class FenceTracker {
 public:
  // Feeds the next line; returns true when it opens, closes or lies inside a fence.
  bool Feed(std::string_view line) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 3) return open_;
    line.remove_prefix(indent);
    const char c = line.front();
    if (c != '`' && c != '~') return open_;
    const std::size_t run = std::min(line.find_first_not_of(c), line.size());
    if (open_) {
      if (c == fence_char_ && run >= fence_len_ && IsBlank(line.substr(run))) open_ = false;
      return true;
    }
    if (run < 3) return false;
    if (c == '`' && line.substr(run).find('`') != std::string_view::npos) return false;
    open_ = true;
    fence_char_ = c;
    fence_len_ = run;
    return true;
  }
  bool open() const { return open_; }

 private:
  bool open_ = false;
  char fence_char_ = 0;
  std::size_t fence_len_ = 0;
};

// The title of an ATX heading of exactly `level` ("## Title", up to 3 spaces of indent, an
// optional closing "##" sequence), or nothing when the line is not such a heading.
std::optional<std::string> HeadingTitle(std::string_view line, std::size_t level) {
  const std::size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent > 3) return std::nullopt;
  line.remove_prefix(indent);
  if (line.substr(0, level) != std::string(level, '#')) return std::nullopt;
  line.remove_prefix(level);
  if (!line.empty() && line.front() != ' ' && line.front() != '\t') return std::nullopt;
  std::string_view title = Trim(line);
  const std::size_t hashes = title.find_last_not_of('#');
  if (hashes == std::string_view::npos) {
    title = {};
  } else if (hashes + 1 < title.size() && (title[hashes] == ' ' || title[hashes] == '\t')) {
    title = Trim(title.substr(0, hashes));
  }
  return NormalizeApostrophes(title);
}

struct Section {
  std::string title;  // heading text, apostrophes normalised
  int heading_line = 0;
  std::vector<SourceLine> lines;  // content up to the next heading of the same level
};

struct SectionedText {
  std::vector<SourceLine> preamble;  // lines before the first heading
  std::vector<Section> sections;
};

// Splits `lines` at headings of exactly `level` that lie outside fenced code blocks.
SectionedText SplitSections(std::span<const SourceLine> lines, std::size_t level) {
  SectionedText out;
  FenceTracker fences;
  for (const SourceLine& line : lines) {
    std::optional<std::string> title;
    if (!fences.Feed(line.text)) title = HeadingTitle(line.text, level);
    if (title) {
      out.sections.push_back({std::move(*title), line.number, {}});
    } else if (out.sections.empty()) {
      out.preamble.push_back(line);
    } else {
      out.sections.back().lines.push_back(line);
    }
  }
  return out;
}

std::string Heading(std::size_t level, std::string_view title) {
  return std::string(level, '#') + " " + std::string(title);
}

bool AllBlank(std::span<const SourceLine> lines) {
  return std::all_of(lines.begin(), lines.end(), [](const SourceLine& l) { return IsBlank(l.text); });
}

// Reports the first non-blank line of `lines`, if any.
void ReportStrayText(std::span<const SourceLine> lines, const std::string& message, Reporter& reporter) {
  for (const SourceLine& line : lines) {
    if (!IsBlank(line.text)) {
      reporter.Add(line.number, message);
      return;
    }
  }
}

// Matches sections against the expected titles (in order). Reports unknown, repeated and
// out-of-order headings; returns one section per expected title, null when it is missing.
std::vector<const Section*> MatchSections(const std::vector<Section>& sections,
                                          std::span<const std::string_view> expected, std::size_t level,
                                          Reporter& reporter) {
  std::vector<const Section*> found(expected.size(), nullptr);
  std::optional<std::size_t> latest;  // highest expected index seen so far
  for (const Section& section : sections) {
    const auto it = std::find(expected.begin(), expected.end(), section.title);
    const std::string heading = Heading(level, section.title);
    if (it == expected.end()) {
      reporter.Add(section.heading_line, "unexpected section " + Quote(heading));
      continue;
    }
    const auto index = static_cast<std::size_t>(it - expected.begin());
    if (found[index] != nullptr) {
      reporter.Add(section.heading_line, "repeated section " + Quote(heading) + " (first at line " +
                                             std::to_string(found[index]->heading_line) + ")");
      continue;
    }
    if (latest && *latest > index) {
      reporter.Add(section.heading_line,
                   "section " + Quote(heading) + " must come before " + Quote(Heading(level, expected[*latest])));
    }
    found[index] = &section;
    latest = std::max(latest.value_or(0), index);
  }
  return found;
}

// "- Do: text" / "* Don't: text": the item text after the bullet, or nothing.
std::optional<std::string_view> BulletText(std::string_view line) {
  if (line.size() < 2 || (line[0] != '-' && line[0] != '*') || (line[1] != ' ' && line[1] != '\t')) {
    return std::nullopt;
  }
  return Trim(line.substr(2));
}

// Parses the "## Dos and don'ts" list. Items start at column 0 with "- " or "* "; indented lines
// continue the item above (joined with a space, as Markdown renders a soft break).
void ParseDosAndDonts(const Section& section, Question& question, Reporter& reporter) {
  const std::string heading = Quote(Heading(2, kQuestionSections[kDos]));
  if (AllBlank(section.lines)) {
    reporter.Add(section.heading_line, "section " + heading + " is empty");
    return;
  }
  struct Item {
    int line = 0;
    bool is_do = false;
    bool valid = false;
    std::string text;
  };
  std::vector<Item> items;
  bool in_item = false;  // whether an indented line continues the last item
  for (const SourceLine& line : section.lines) {
    if (IsBlank(line.text)) continue;
    if (const auto bullet = BulletText(line.text)) {
      const std::size_t colon = bullet->find(':');
      const std::string prefix =
          colon == std::string_view::npos ? "" : NormalizeApostrophes(bullet->substr(0, colon + 1));
      Item item{line.number};
      item.is_do = prefix == "Do:";
      item.valid = item.is_do || prefix == "Don't:";
      if (item.valid) {
        item.text = std::string(Trim(bullet->substr(colon + 1)));
      } else {
        reporter.Add(line.number, "item must start with \"Do:\" or \"Don't:\"");
      }
      items.push_back(std::move(item));
      in_item = true;
    } else if (in_item && (line.text.front() == ' ' || line.text.front() == '\t')) {
      Item& last = items.back();
      last.text += (last.text.empty() ? "" : " ") + std::string(Trim(line.text));
    } else {
      reporter.Add(line.number,
                   "unexpected text in " + heading + " (expected \"- Do: ...\" and \"- Don't: ...\" items)");
      in_item = false;
    }
  }
  for (const Item& item : items) {
    if (!item.valid) continue;
    if (item.text.empty()) {
      reporter.Add(item.line, std::string("empty \"") + (item.is_do ? "Do:" : "Don't:") + "\" item");
      continue;
    }
    (item.is_do ? question.dos : question.donts).push_back(item.text);
  }
  const auto count = [&](bool is_do) {
    return std::count_if(items.begin(), items.end(), [&](const Item& i) { return i.valid && i.is_do == is_do; });
  };
  if (count(true) == 0) reporter.Add(section.heading_line, heading + " needs at least one \"Do:\" item");
  if (count(false) == 0) reporter.Add(section.heading_line, heading + " needs at least one \"Don't:\" item");
}

// Parses "## Suggested answer": exactly ### Situation, Task, Action, Result, each non-empty.
void ParseSuggestedAnswer(const Section& section, StarAnswer& answer, Reporter& reporter) {
  if (AllBlank(section.lines)) {
    reporter.Add(section.heading_line, "section " + Quote(Heading(2, section.title)) + " is empty");
    return;
  }
  const SectionedText parts = SplitSections(section.lines, 3);
  ReportStrayText(
      parts.preamble,
      "text before " + Quote(Heading(3, kStarParts[0])) + " (the answer must consist of the four STAR parts)",
      reporter);
  const std::vector<const Section*> found = MatchSections(parts.sections, kStarParts, 3, reporter);
  std::array<std::string*, 4> targets = {&answer.situation, &answer.task, &answer.action, &answer.result};
  for (std::size_t i = 0; i < kStarParts.size(); ++i) {
    const std::string heading = Quote(Heading(3, kStarParts[i]));
    if (found[i] == nullptr) {
      reporter.Add(section.heading_line, "missing section " + heading);
      continue;
    }
    *targets[i] = JoinTrimmed(found[i]->lines);
    if (targets[i]->empty()) reporter.Add(found[i]->heading_line, heading + " is empty");
  }
}

void ParseQuestionBody(std::span<const SourceLine> body, Question& question, Reporter& reporter) {
  FenceTracker fences;
  int fence_line = 0;
  for (const SourceLine& line : body) {
    const bool was_open = fences.open();
    fences.Feed(line.text);
    if (!was_open && fences.open()) fence_line = line.number;
  }
  if (fences.open()) reporter.Add(fence_line, "code fence is never closed");

  const SectionedText doc = SplitSections(body, 2);
  ReportStrayText(doc.preamble, "text before the first section (\"## Why interviewers ask\")", reporter);
  const std::vector<const Section*> found = MatchSections(doc.sections, kQuestionSections, 2, reporter);
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i] != nullptr) continue;
    // Point at where the section belongs: the next section present, or the end of the file.
    int line = body.empty() ? 1 : body.back().number;
    for (std::size_t j = i + 1; j < found.size(); ++j) {
      if (found[j] != nullptr) {
        line = found[j]->heading_line;
        break;
      }
    }
    reporter.Add(line, "missing section " + Quote(Heading(2, kQuestionSections[i])));
  }
  if (const Section* why = found[kWhy]) {
    question.why_md = JoinTrimmed(why->lines);
    if (question.why_md.empty()) {
      reporter.Add(why->heading_line, "section " + Quote(Heading(2, why->title)) + " is empty");
    }
  }
  if (found[kDos] != nullptr) ParseDosAndDonts(*found[kDos], question, reporter);
  if (found[kSuggested] != nullptr) ParseSuggestedAnswer(*found[kSuggested], question.answer, reporter);
}

// "NN-<slug>.md" with NN in 01..99: sets position and slug, or reports the name.
void ParseQuestionFileName(std::string_view name, Question& question, Reporter& reporter) {
  const bool ok = name.size() > 6 && IsAsciiDigit(name[0]) && IsAsciiDigit(name[1]) && name[2] == '-' &&
                  name.ends_with(".md") && IsValidSlug(name.substr(3, name.size() - 6)) &&
                  !(name[0] == '0' && name[1] == '0');
  if (!ok) {
    reporter.Add(0, "file name must look like NN-slug.md");
    return;
  }
  question.position = (name[0] - '0') * 10 + (name[1] - '0');
  question.slug = std::string(name.substr(3, name.size() - 6));
}

Question ParseQuestionImpl(std::string_view file, std::string_view file_name, std::string_view role_slug,
                           std::string_view text, std::vector<ContentError>& errors, int* id_line,
                           int* competencies_line) {
  Reporter reporter(file, errors);
  Question question;
  question.role_slug = std::string(role_slug);
  ParseQuestionFileName(file_name, question, reporter);
  const std::optional<Document> doc = SplitDocument(text, reporter);
  if (!doc) return question;

  FrontMatter front(*doc, kQuestionKeys, reporter);
  question.id = front.Id("id");
  question.question = front.Text("question", kMaxPlainTextChars);
  question.competencies = front.List("competencies", /*lowercase=*/true);
  question.kind = front.OneOf("kind", kKinds);
  question.updated = front.Date("updated");
  if (id_line != nullptr) *id_line = front.KeyLine("id");
  if (competencies_line != nullptr) *competencies_line = front.KeyLine("competencies");

  ParseQuestionBody(doc->body, question, reporter);
  return question;
}

// ---------------------------------------------------------------------------------------------
// Pack-wide checks and loading.

// Where each question of a pack came from; LoadPack knows, a hand-built pack does not.
struct QuestionOrigin {
  std::string file;
  int id_line = 0;
  int competencies_line = 0;
};

struct PackSource {
  fs::path root;                                     // errors name root / "roles" / <slug> / ...
  std::vector<std::vector<QuestionOrigin>> origins;  // [role][question], or empty
};

QuestionOrigin OriginOf(const PackSource& source, const Pack& pack, std::size_t r, std::size_t q) {
  if (r < source.origins.size() && q < source.origins[r].size()) return source.origins[r][q];
  const Role& role = pack.roles[r];
  const Question& question = role.questions[q];
  const std::string name = TwoDigits(question.position) + "-" + question.slug + ".md";
  return {(source.root / "roles" / role.slug / "questions" / name).string(), 0};
}

void ValidatePackFrom(const Pack& pack, const PackSource& source, std::vector<ContentError>& errors) {
  std::map<std::string, std::string> role_file_by_slug;
  std::map<std::string, std::string> file_by_id;
  struct Spelling {
    std::string text;
    std::string file;
  };
  std::map<std::string, Spelling> spelling_by_key;         // CompetencyKey -> its first spelling
  std::set<std::pair<std::string, std::string>> reported;  // (file, spelling): once per file
  for (std::size_t r = 0; r < pack.roles.size(); ++r) {
    const Role& role = pack.roles[r];
    const std::string role_file = (source.root / "roles" / role.slug / "role.md").string();
    if (!role_file_by_slug.emplace(role.slug, role_file).second) {
      errors.push_back({role_file, 0, "duplicate role " + Quote(role.slug)});
    }
    if (role.questions.empty()) {
      errors.push_back({role_file, 0, "role " + Quote(role.slug) + " has no questions"});
    }
    std::map<int, std::string> file_by_position;
    for (std::size_t q = 0; q < role.questions.size(); ++q) {
      const Question& question = role.questions[q];
      const QuestionOrigin origin = OriginOf(source, pack, r, q);
      if (question.position > 0) {  // 0: the file name was invalid, already reported
        const auto [it, inserted] = file_by_position.emplace(question.position, origin.file);
        if (!inserted) {
          errors.push_back({origin.file, 0,
                            "duplicate position " + TwoDigits(question.position) + " in role " + Quote(role.slug) +
                                " (also " + it->second + ")"});
        }
      }
      for (const std::string& name : question.competencies) {
        if (name.empty()) continue;  // reported by the parser
        const auto [it, inserted] = spelling_by_key.emplace(CompetencyKey(name), Spelling{name, origin.file});
        if (inserted || it->second.text == name || !reported.emplace(origin.file, name).second) continue;
        errors.push_back({origin.file, origin.competencies_line,
                          "competency " + Quote(name) + " is spelled " + Quote(it->second.text) + " in " +
                              it->second.file + ": use one spelling for one competency (docs/content-format.md)"});
      }
      if (!question.id.empty()) {
        const auto [it, inserted] = file_by_id.emplace(question.id, origin.file);
        if (!inserted) {
          errors.push_back({origin.file, origin.id_line,
                            "duplicate question id " + Quote(question.id) + " (first in " + it->second + ")"});
        }
      }
    }
  }
}

// Names of the visible entries of `dir` for which `want` holds, sorted. Hidden entries
// (editor and OS files such as ".DS_Store") are skipped.
template <class Predicate>
std::vector<std::string> SortedEntries(const fs::path& dir, Predicate want, std::vector<ContentError>& errors) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code status_ec;
    if (!name.starts_with(".") && want(it->status(status_ec))) names.push_back(name);
  }
  if (ec) errors.push_back({dir.string(), 0, "cannot read directory: " + ec.message()});
  std::sort(names.begin(), names.end());
  return names;
}

// Reads a whole file; reports and returns nothing when it cannot (or is over the size limit).
std::optional<std::string> ReadFile(const fs::path& path, std::vector<ContentError>& errors) {
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    errors.push_back({file, 0, "not a regular file"});
    return std::nullopt;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxFileBytes) {
    errors.push_back({file, 0,
                      ec ? "cannot read file: " + ec.message()
                         : "file is too large (over " + std::to_string(kMaxFileBytes) + " bytes)"});
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
    errors.push_back({file, 0, "cannot read file"});
    return std::nullopt;
  }
  return text;
}

struct LoadedQuestion {
  Question question;
  QuestionOrigin origin;
};

std::vector<LoadedQuestion> LoadQuestions(const fs::path& role_dir, const std::string& slug,
                                          std::vector<ContentError>& errors) {
  std::vector<LoadedQuestion> loaded;
  const fs::path questions_dir = role_dir / "questions";
  std::error_code ec;
  if (!fs::is_directory(questions_dir, ec)) return loaded;  // reported as "has no questions"
  const auto is_file = [](fs::file_status s) { return fs::is_regular_file(s); };
  for (const std::string& name : SortedEntries(questions_dir, is_file, errors)) {
    if (!name.ends_with(".md")) continue;  // README.txt, images...: not ours
    const fs::path path = questions_dir / name;
    const std::optional<std::string> text = ReadFile(path, errors);
    if (!text) continue;
    LoadedQuestion q;
    q.origin.file = path.string();
    q.question =
        ParseQuestionImpl(q.origin.file, name, slug, *text, errors, &q.origin.id_line, &q.origin.competencies_line);
    loaded.push_back(std::move(q));
  }
  // Names are sorted already, so equal positions keep file-name order.
  std::stable_sort(loaded.begin(), loaded.end(), [](const LoadedQuestion& a, const LoadedQuestion& b) {
    return a.question.position < b.question.position;
  });
  return loaded;
}

void LoadRole(const fs::path& roles_dir, const std::string& slug, LoadResult& result, PackSource& source) {
  const fs::path role_dir = roles_dir / slug;
  const fs::path role_path = role_dir / "role.md";
  Role role;
  role.slug = slug;
  std::error_code ec;
  if (!fs::exists(role_path, ec)) {
    result.errors.push_back({role_path.string(), 0, "missing role.md"});
  } else if (const std::optional<std::string> text = ReadFile(role_path, result.errors)) {
    role = ParseRole(role_path.string(), slug, *text, result.errors);
  }
  std::vector<QuestionOrigin>& origins = source.origins.emplace_back();
  for (LoadedQuestion& q : LoadQuestions(role_dir, slug, result.errors)) {
    role.questions.push_back(std::move(q.question));
    origins.push_back(std::move(q.origin));
  }
  result.pack.roles.push_back(std::move(role));
}

}  // namespace

std::string FormatError(const ContentError& e) {
  if (e.line == 0) return e.file + ": " + e.message;
  return e.file + ":" + std::to_string(e.line) + ": " + e.message;
}

Role ParseRole(std::string_view file, std::string_view slug, std::string_view text, std::vector<ContentError>& errors) {
  Reporter reporter(file, errors);
  Role role;
  role.slug = std::string(slug);
  if (!IsValidSlug(slug)) {
    reporter.Add(0, "role folder name must match " + std::string(kSlugPattern) + " (got " + Quote(slug) + ")");
  }
  const std::optional<Document> doc = SplitDocument(text, reporter);
  if (!doc) return role;

  FrontMatter front(*doc, kRoleKeys, reporter);
  role.title = front.Text("title", kMaxTitleChars);
  role.summary = front.Text("summary", kMaxPlainTextChars);
  role.updated = front.Date("updated");
  role.skills = front.List("skills", /*lowercase=*/false);

  role.intro_md = JoinTrimmed(doc->body);
  if (role.intro_md.empty()) reporter.Add(0, "the body after the front matter is empty");
  return role;
}

Question ParseQuestion(std::string_view file, std::string_view file_name, std::string_view role_slug,
                       std::string_view text, std::vector<ContentError>& errors) {
  return ParseQuestionImpl(file, file_name, role_slug, text, errors, nullptr, nullptr);
}

// Files are named relative to the pack root ("roles/<slug>/questions/NN-<slug>.md"), rebuilt
// from the model; duplicate ids carry line 0 as the model does not keep key lines.
std::string CompetencyKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '_') continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // American -> British, longest patterns first; applied to the joined key, so "decision-making"
  // and "decision making" already agree and only spelling differences are left.
  static constexpr std::pair<std::string_view, std::string_view> kBritish[] = {
      {"judgment", "judgement"},
      {"ization", "isation"},
      {"izing", "ising"},
      {"ized", "ised"},
      {"izer", "iser"},
      {"ize", "ise"},
      {"yzing", "ysing"},
      {"yzed", "ysed"},
      {"yze", "yse"},
      {"modeling", "modelling"},
      {"labeling", "labelling"},
      {"leveling", "levelling"},
      {"canceling", "cancelling"},
      {"traveling", "travelling"},
      {"behavior", "behaviour"},
      {"favor", "favour"},
      {"color", "colour"},
      {"honor", "honour"},
      {"catalog", "catalogue"},
      {"defense", "defence"},
      {"license", "licence"},
      {"center", "centre"},
      {"program", "programme"},
      {"analog", "analogue"},
  };
  for (const auto& [american, british] : kBritish) {
    std::size_t at = 0;
    while ((at = key.find(american, at)) != std::string::npos) {
      // Already British ("judgement", "catalogue", "programme"): leave it.
      if (key.compare(at, british.size(), british) == 0) {
        at += british.size();
        continue;
      }
      key.replace(at, american.size(), british);
      at += british.size();
    }
  }
  return key;
}

void ValidatePack(const Pack& pack, std::vector<ContentError>& errors) {
  ValidatePackFrom(pack, PackSource{}, errors);
}

LoadResult LoadPack(const std::filesystem::path& dir) {
  LoadResult result;
  PackSource source{dir, {}};
  const fs::path roles_dir = dir / "roles";
  std::error_code ec;
  if (!fs::is_directory(roles_dir, ec)) {
    result.errors.push_back({roles_dir.string(), 0, "missing roles directory"});
    return result;
  }
  const auto is_dir = [](fs::file_status s) { return fs::is_directory(s); };
  for (const std::string& slug : SortedEntries(roles_dir, is_dir, result.errors)) {
    LoadRole(roles_dir, slug, result, source);
  }
  if (result.pack.roles.empty()) {
    result.errors.push_back({roles_dir.string(), 0, "no roles found (expected roles/<slug>/role.md)"});
  } else {
    ValidatePackFrom(result.pack, source, result.errors);
  }
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const ContentError& a, const ContentError& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return result;
}

}  // namespace starprep::content
