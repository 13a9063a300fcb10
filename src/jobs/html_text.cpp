// SPDX-License-Identifier: Apache-2.0
#include "jobs/html_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/strings.h"

namespace starprep::jobs {
namespace {

constexpr int kMaxListIndent = 8;  // list levels shown as indentation; deeper items stay at level 8

bool IsAlpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of attribute `name` inside a start tag's text ("a href=\"x\" ..."), "" if absent.
std::string Attribute(std::string_view tag, std::string_view name) {
  std::string lower = Lower(tag);
  std::size_t pos = 0;
  while ((pos = lower.find(name, pos)) != std::string::npos) {
    std::size_t end = pos + name.size();
    bool starts = pos > 0 && std::isspace(static_cast<unsigned char>(lower[pos - 1]));
    while (end < lower.size() && lower[end] == ' ') ++end;
    if (!starts || end >= lower.size() || lower[end] != '=') {
      pos += name.size();
      continue;
    }
    ++end;
    while (end < lower.size() && lower[end] == ' ') ++end;
    if (end >= tag.size()) return "";
    char q = tag[end];
    if (q == '"' || q == '\'') {
      std::size_t close = tag.find(q, end + 1);
      if (close == std::string_view::npos) return "";
      return std::string(tag.substr(end + 1, close - end - 1));
    }
    std::size_t close = end;
    while (close < tag.size() && !std::isspace(static_cast<unsigned char>(tag[close])) && tag[close] != '>') ++close;
    return std::string(tag.substr(end, close - end));
  }
  return "";
}

// Position of `needle` (lower case) in `text` at or after `from`, ignoring ASCII case; npos if
// absent. Compares in place: lowering a copy of the rest for every <script> made a page of many
// small scripts quadratic.
std::size_t FindIgnoringCase(std::string_view text, std::string_view needle, std::size_t from) {
  for (std::size_t pos = from; pos + needle.size() <= text.size(); ++pos) {
    std::size_t k = 0;
    while (k < needle.size() && std::tolower(static_cast<unsigned char>(text[pos + k])) == needle[k]) ++k;
    if (k == needle.size()) return pos;
  }
  return std::string_view::npos;
}

// Collapses runs of whitespace in text to one space (HTML's rendering of text).
void AppendText(std::string& out, std::string_view text) {
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += c;
    }
  }
}

void EndBlock(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.empty()) return;
  if (out.back() != '\n') out += '\n';
  if (out.size() < 2 || out[out.size() - 2] != '\n') out += '\n';
}

void EndLine(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

}  // namespace

bool LooksLikeHtml(std::string_view text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] != '<') continue;
    std::size_t j = i + 1;
    if (text[j] == '/') ++j;
    if (j < text.size() && IsAlpha(text[j]) && text.find('>', j) != std::string_view::npos) return true;
  }
  return false;
}

std::string DecodeEntities(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    std::uint32_t cp = 0;
    bool ok = true;
    if (name == "amp")
      cp = '&';
    else if (name == "lt")
      cp = '<';
    else if (name == "gt")
      cp = '>';
    else if (name == "quot")
      cp = '"';
    else if (name == "apos")
      cp = '\'';
    else if (name == "nbsp")
      cp = ' ';
    else if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      if (digits.empty()) ok = false;
      for (char c : digits) {
        int v = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      }
    } else {
      ok = false;
    }
    if (!ok) {
      out += '&';
      continue;
    }
    AppendUtf8(out, cp);
    i = semi;
  }
  return out;
}

std::string HtmlToMarkdown(std::string_view html) {
  std::string out;
  std::string link_href;
  std::size_t link_start = std::string::npos;
  int list_depth = 0;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) lt = html.size();
    AppendText(out, DecodeEntities(html.substr(i, lt - i)));
    if (lt == html.size()) break;
    if (html.substr(lt, 4) == "<!--") {
      std::size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) {  // a lone '<' is text
      AppendText(out, html.substr(lt));
      break;
    }
    std::string_view tag = html.substr(lt + 1, gt - lt - 1);
    bool closing = !tag.empty() && tag[0] == '/';
    std::size_t name_start = closing ? 1 : 0;
    std::size_t name_end = name_start;
    while (name_end < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[name_end])) != 0)) ++name_end;
    std::string name = Lower(tag.substr(name_start, name_end - name_start));
    i = gt + 1;
    if (name.empty()) {  // "< 5" or "<>" is text
      AppendText(out, html.substr(lt, gt - lt + 1));
      continue;
    }
    if (!closing && (name == "script" || name == "style" || name == "template" || name == "iframe" ||
                     name == "object" || name == "noscript")) {
      std::size_t end = FindIgnoringCase(html, "</" + name, i);
      if (end == std::string_view::npos) break;
      std::size_t after = html.find('>', end);
      i = after == std::string_view::npos ? html.size() : after + 1;
      continue;
    }
    if (name == "p" || name == "div" || name == "section" || name == "article" || name == "table" || name == "tr" ||
        name == "blockquote") {
      EndBlock(out);
    } else if (name == "br") {
      EndLine(out);
    } else if (name == "ul" || name == "ol") {
      list_depth += closing ? -1 : 1;
      if (list_depth < 0) list_depth = 0;
      EndBlock(out);
    } else if (name == "li") {
      if (!closing) {
        EndLine(out);
        // Indentation stops at kMaxListIndent levels: without a cap, n nested lists with n items
        // would turn O(n) bytes of HTML into O(n^2) bytes of Markdown.
        for (int d = 1; d < std::min(list_depth, kMaxListIndent); ++d) out += "  ";
        out += "- ";
      } else {
        EndLine(out);
      }
    } else if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      EndBlock(out);
      if (!closing) out += "### ";
    } else if (name == "strong" || name == "b") {
      out += "**";
    } else if (name == "em" || name == "i") {
      out += "*";
    } else if (name == "a") {
      if (!closing) {
        link_href = DecodeEntities(Attribute(tag, "href"));
        link_start = out.size();
        out += "[";
      } else if (link_start != std::string::npos) {
        bool safe =
            link_href.starts_with("https://") || link_href.starts_with("http://") || link_href.starts_with("mailto:");
        if (safe && link_href.find_first_of(" ()<>") == std::string::npos) {
          out += "](" + link_href + ")";
        } else {
          out.erase(link_start, 1);  // keep the text, drop the link
        }
        link_start = std::string::npos;
      }
    }
    // Every other tag is dropped, its text kept.
  }
  // Trim and squeeze blank lines.
  std::string clean;
  int newlines = 0;
  for (char c : out) {
    if (c == '\n') {
      if (++newlines <= 2) clean += c;
    } else {
      newlines = 0;
      clean += c;
    }
  }
  while (!clean.empty() && (clean.back() == '\n' || clean.back() == ' ')) clean.pop_back();
  std::size_t start = 0;
  while (start < clean.size() && (clean[start] == '\n' || clean[start] == ' ')) ++start;
  return clean.substr(start);
}

}  // namespace starprep::jobs
