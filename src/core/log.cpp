// SPDX-License-Identifier: Apache-2.0
#include "core/log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace starprep::log {
namespace {

using Buffer = fmt::memory_buffer;

void Put(Buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

// Length of the valid UTF-8 sequence that starts at p[0] (n bytes available), or 0 if invalid.
std::size_t Utf8Length(const unsigned char* p, std::size_t n) {
  const unsigned char c = p[0];
  std::size_t len;
  unsigned int cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Appends `s` quoted and escaped. Runs of bytes that need nothing are copied at once.
void AppendQuoted(Buffer& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t valid = Utf8Length(p + i, n - i)) {  // multi-byte text: part of the run
        i += valid;
        continue;
      }
    }
    out.append(s.data() + run, s.data() + i);
    switch (c) {
      case '"':
        Put(out, "\\\"");
        break;
      case '\\':
        Put(out, "\\\\");
        break;
      case '\b':
        Put(out, "\\b");
        break;
      case '\t':
        Put(out, "\\t");
        break;
      case '\n':
        Put(out, "\\n");
        break;
      case '\f':
        Put(out, "\\f");
        break;
      case '\r':
        Put(out, "\\r");
        break;
      default:
        if (c < 0x20) {
          const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out.append(esc, esc + sizeof esc);
        } else {
          Put(out, "\xEF\xBF\xBD");  // an invalid UTF-8 byte: U+FFFD
        }
    }
    ++i;  // one escaped or replaced byte
    run = i;
  }
  out.append(s.data() + run, s.data() + n);
  out.push_back('"');
}

void AppendValue(Buffer& out, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kText:
      AppendQuoted(out, v.text);
      return;
    case Value::Kind::kInt:
      fmt::format_to(std::back_inserter(out), "{}", v.whole);
      return;
    case Value::Kind::kUint:
      fmt::format_to(std::back_inserter(out), "{}", v.positive);
      return;
    case Value::Kind::kBool:
      Put(out, v.whole ? "true" : "false");
      return;
  }
}

}  // namespace

void Event(spdlog::level::level_enum level, std::string_view event, std::initializer_list<Field> fields) {
  spdlog::logger* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  Buffer line;
  Put(line, "{\"event\":");
  AppendQuoted(line, event);
  for (const Field& f : fields) {
    line.push_back(',');
    line.push_back('"');
    Put(line, f.key);
    Put(line, "\":");
    AppendValue(line, f.value);
  }
  line.push_back('}');
  logger->log(spdlog::source_loc{}, level, spdlog::string_view_t(line.data(), line.size()));
}

std::string JsonQuote(std::string_view text) {
  Buffer out;
  AppendQuoted(out, text);
  return fmt::to_string(out);
}

}  // namespace starprep::log
