// SPDX-License-Identifier: Apache-2.0
#pragma once
// Markdown to HTML with cmark-gfm in safe mode: raw HTML and dangerous URLs are dropped.
// Pure and thread-safe.

#include <string>
#include <string_view>

namespace starprep::web {

// Block Markdown → HTML.
std::string RenderMarkdown(std::string_view markdown);
// Inline Markdown (one paragraph) → HTML without the surrounding <p>.
std::string RenderInlineMarkdown(std::string_view markdown);
// Markdown → plain text (for JSON-LD and meta descriptions).
std::string MarkdownToText(std::string_view markdown);

}  // namespace starprep::web
