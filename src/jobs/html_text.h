// SPDX-License-Identifier: Apache-2.0
#pragma once
// Job descriptions on real pages are HTML; starprep stores Markdown and renders it with the
// safe cmark-gfm renderer. These pure functions convert the common HTML of job ads (paragraphs,
// lists, headings, emphasis, line breaks, links) to Markdown text. Scripts, styles and every
// other tag are dropped; character references are decoded. The result is never trusted as
// HTML: it is rendered in safe mode, which omits raw HTML.

#include <string>
#include <string_view>

namespace starprep::jobs {

// True if `text` contains something that looks like an HTML tag ("<p>", "</li>", "<br/>").
bool LooksLikeHtml(std::string_view text);

// HTML fragment -> Markdown. Text content is kept; <script>/<style> content is dropped. Nested lists
// are indented up to 8 levels (deeper items stay at the 8th), so the output grows linearly.
std::string HtmlToMarkdown(std::string_view html);

// Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; &#NN; &#xHH; (others are left as they are).
std::string DecodeEntities(std::string_view text);

}  // namespace starprep::jobs
