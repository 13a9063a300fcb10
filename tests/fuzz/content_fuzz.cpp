// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a content pack file (front matter + Markdown sections) as an editor might
// write it, then the Markdown renderer on the input and on every section the parser extracted.
//
// The first byte chooses role.md (even) or a question file (odd); the rest is the file's text.
// Invariants: nothing throws; every error names a line within the file and a message that is
// valid UTF-8 (user values are quoted and escaped); a file without errors yields the fields the
// format requires, as valid UTF-8; rendered HTML only ever holds the tags cmark-gfm writes in
// safe mode and no scripting URL; valid UTF-8 in gives valid UTF-8 out.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/parser.h"
#include "fuzz_checks.h"
#include "web/markdown.h"

namespace {

using namespace starprep;
using fuzz::Check;

void CheckRendering(std::string_view markdown) {
  const std::string html = web::RenderMarkdown(markdown);
  fuzz::CheckSafeHtml(html);
  const std::string inline_html = web::RenderInlineMarkdown(markdown);
  fuzz::CheckSafeHtml(inline_html);
  const std::string text = web::MarkdownToText(markdown);
  if (fuzz::Utf8(markdown)) {
    Check(fuzz::Utf8(html), "RenderMarkdown: valid UTF-8 in, invalid out", html);
    Check(fuzz::Utf8(inline_html), "RenderInlineMarkdown: valid UTF-8 in, invalid out", inline_html);
    Check(fuzz::Utf8(text), "MarkdownToText: valid UTF-8 in, invalid out", text);
  }
  Check(text.empty() || (text.back() != '\n' && text.back() != ' '), "MarkdownToText left trailing space", text);
}

void CheckErrors(const std::vector<content::ContentError>& errors, std::string_view file, std::string_view text) {
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& e : errors) {
    Check(e.file == file, "error names another file", e.file);
    Check(e.line >= 0 && e.line <= lines + 1, "error line outside the file", e.message);
    Check(!e.message.empty(), "empty error message");
    Check(fuzz::Utf8(e.message), "error message is not valid UTF-8", e.message);
    Check(fuzz::Utf8(content::FormatError(e)), "formatted error is not valid UTF-8", e.message);
  }
}

void CheckText(const std::string& s, const char* what) {
  Check(fuzz::Utf8(s), what, s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool question = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<content::ContentError> errors;
  if (question) {
    constexpr std::string_view kFile = "roles/backend-developer/questions/07-rollback.md";
    content::Question q = content::ParseQuestion(kFile, "07-rollback.md", "backend-developer", text, errors);
    CheckErrors(errors, kFile, text);
    Check(q.position == 7 && q.slug == "rollback" && q.role_slug == "backend-developer", "file name not parsed");
    if (errors.empty()) {
      Check(!q.id.empty() && !q.question.empty() && !q.updated.empty() && !q.competencies.empty(),
            "question field empty");
      Check(q.kind == "behavioral" || q.kind == "technical" || q.kind == "situational", "unknown kind accepted",
            q.kind);
      Check(!q.dos.empty() && !q.donts.empty(), "dos and don'ts missing");
      for (const std::string* s :
           {&q.id, &q.question, &q.why_md, &q.answer.situation, &q.answer.task, &q.answer.action, &q.answer.result})
        CheckText(*s, "accepted question field is not valid UTF-8");
      Check(
          !q.answer.situation.empty() && !q.answer.task.empty() && !q.answer.action.empty() && !q.answer.result.empty(),
          "accepted question lacks a STAR part");
    }
    for (const std::string* s : {&q.why_md, &q.answer.situation, &q.answer.task, &q.answer.action, &q.answer.result})
      CheckRendering(*s);
    for (const auto& item : q.dos) CheckRendering(item);
    for (const auto& item : q.donts) CheckRendering(item);
  } else {
    constexpr std::string_view kFile = "roles/backend-developer/role.md";
    content::Role r = content::ParseRole(kFile, "backend-developer", text, errors);
    CheckErrors(errors, kFile, text);
    if (errors.empty()) {
      Check(!r.title.empty() && !r.summary.empty() && !r.updated.empty() && !r.intro_md.empty(), "role field empty");
      for (const std::string* s : {&r.title, &r.summary, &r.intro_md})
        CheckText(*s, "accepted role field is not valid UTF-8");
    }
    CheckRendering(r.intro_md);
  }
  CheckRendering(text);
  return 0;
}
