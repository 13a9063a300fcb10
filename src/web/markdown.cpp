// SPDX-License-Identifier: Apache-2.0
#include "web/markdown.h"

#include <cmark-gfm.h>

#include <cstdlib>

#include "core/html.h"

namespace starprep::web {
namespace {

std::string Render(std::string_view markdown, bool text) {
  // CMARK_OPT_DEFAULT is safe: raw HTML is replaced by a comment, javascript: URLs are dropped.
  cmark_node* doc = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
  char* out = text ? cmark_render_plaintext(doc, CMARK_OPT_DEFAULT | CMARK_OPT_SMART, 0)
                   : cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_SMART, nullptr);
  std::string result(out);
  std::free(out);
  cmark_node_free(doc);
  return result;
}

}  // namespace

std::string RenderMarkdown(std::string_view markdown) {
  return Render(markdown, false);
}

std::string RenderInlineMarkdown(std::string_view markdown) {
  std::string html = Render(markdown, false);
  if (html.starts_with("<p>") && html.ends_with("</p>\n") && html.find("<p>", 3) == std::string::npos)
    return html.substr(3, html.size() - 8);
  return html;
}

std::string MarkdownToText(std::string_view markdown) {
  std::string text = Render(markdown, true);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  // cmark's plain-text renderer writes the noncharacters U+FFFE and U+FFFF as one stray byte
  // (found by tests/fuzz/content_fuzz): keep the output valid UTF-8 whatever it does.
  return html::ToValidUtf8(text);
}

}  // namespace starprep::web
