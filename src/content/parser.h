// SPDX-License-Identifier: Apache-2.0
#pragma once
// Content pack parsing and validation (format: docs/content-format.md).
// ParseRole/ParseQuestion/ValidatePack are pure (no I/O); LoadPack reads a directory.
// Every problem found is reported (not just the first), each naming file and line.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.h"

namespace starprep::content {

struct ContentError {
  std::string file;     // path as given to the loader, e.g. "content/roles/x/questions/01-y.md"
  int line = 0;         // 1-based; 0 when the problem concerns the file as a whole
  std::string message;  // what is wrong, e.g. "missing section \"## Why interviewers ask\""
};

// "file:line: message" (or "file: message" when line is 0).
std::string FormatError(const ContentError& e);

// Parses role.md text. `file` is used in errors only; `slug` is the role folder name.
Role ParseRole(std::string_view file, std::string_view slug, std::string_view text, std::vector<ContentError>& errors);

// Parses a question file's text. `file_name` is the base name ("NN-<slug>.md"), from which
// position and slug come; `file` is the path used in errors.
Question ParseQuestion(std::string_view file, std::string_view file_name, std::string_view role_slug,
                       std::string_view text, std::vector<ContentError>& errors);

// Cross-file checks: duplicate question ids, duplicate positions within a role, roles
// without questions, and one competency spelled two ways (the same CompetencyKey, different
// text: "api design" and "api-design", "judgment" and "judgement"; the error names both
// spellings and both files). Appends to `errors`.
void ValidatePack(const Pack& pack, std::vector<ContentError>& errors);

// What two spellings of one competency share: lower case, without spaces, hyphens and
// underscores, with known American spellings turned British ("judgment" -> "judgement",
// "-ization" -> "-isation", "-yze" -> "-yse", "modeling" -> "modelling", "behavior" ->
// "behaviour", ...). Only for comparing; the pack's spelling is what pages show.
std::string CompetencyKey(std::string_view name);

struct LoadResult {
  Pack pack;                         // usable only when errors is empty
  std::vector<ContentError> errors;  // sorted by file, then line
};

// Loads `dir` (a directory containing roles/<slug>/role.md and roles/<slug>/questions/*.md).
LoadResult LoadPack(const std::filesystem::path& dir);

}  // namespace starprep::content
