// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: job-description HTML -> Markdown (jobs/html_text.h), and that Markdown through
// the safe renderer, as an imported description goes to a job page.
//
// Invariants: nothing throws; valid UTF-8 in gives valid UTF-8 out (HtmlToMarkdown and
// DecodeEntities; character references decode to scalar values, never surrogates); the Markdown
// has no leading or trailing blank space and never more than one blank line in a row, and grows
// at most linearly; text without '&' decodes to itself; the rendered HTML holds only the safe
// renderer's own tags.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "jobs/html_text.h"
#include "web/markdown.h"

using namespace starprep;
using fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const bool utf8 = fuzz::Utf8(html);

  const std::string decoded = jobs::DecodeEntities(html);
  if (utf8) Check(fuzz::Utf8(decoded), "DecodeEntities: valid UTF-8 in, invalid out", decoded);
  if (html.find('&') == std::string_view::npos) Check(decoded == html, "DecodeEntities changed text without '&'");

  (void)jobs::LooksLikeHtml(html);
  const std::string md = jobs::HtmlToMarkdown(html);
  if (utf8) Check(fuzz::Utf8(md), "HtmlToMarkdown: valid UTF-8 in, invalid out", md);
  if (!md.empty()) {
    Check(md.front() != ' ' && md.front() != '\n' && md.back() != ' ' && md.back() != '\n',
          "HtmlToMarkdown left blank space at an end", md);
  }
  Check(md.find("\n\n\n") == std::string::npos, "HtmlToMarkdown left two blank lines in a row", md);
  // Linear: the largest growth is "<li>" deep in nested lists (at most 17 bytes of Markdown).
  Check(md.size() <= 5 * html.size() + 64, "HtmlToMarkdown output out of proportion to its input");

  fuzz::CheckSafeHtml(web::RenderMarkdown(md));
  return 0;
}
