// SPDX-License-Identifier: Apache-2.0
#include "core/dates.h"

#include <chrono>
#include <cstdio>

namespace starprep::dates {
namespace {

// Howard Hinnant's days_from_civil.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool LeapYear(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && LeapYear(y) ? 29 : kDays[m - 1];
}

}  // namespace

bool IsDateOnly(std::string_view s) {
  return s.size() == 10;
}

std::optional<std::int64_t> ParseIsoTime(std::string_view s) {
  int y = 0, mo = 0, d = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' || !Digits(s, 8, 2, d))
    return std::nullopt;
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return std::nullopt;
  std::int64_t t = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400;
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!Digits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !Digits(s, 14, 2, mm)) return std::nullopt;
  std::size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!Digits(s, i + 1, 2, ss)) return std::nullopt;
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return std::nullopt;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  t += hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss);
  if (i == s.size()) return t;
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return t;
  if (s[i] != '+' && s[i] != '-') return std::nullopt;
  const int sign = s[i] == '+' ? 1 : -1;
  int oh = 0, om = 0;
  if (!Digits(s, i + 1, 2, oh)) return std::nullopt;
  std::size_t j = i + 3;
  if (j < s.size() && s[j] == ':') ++j;
  if (j < s.size()) {
    if (!Digits(s, j, 2, om)) return std::nullopt;
    j += 2;
  }
  if (j != s.size() || oh > 18 || om > 59) return std::nullopt;
  return t - sign * (oh * 3600 + om * 60);
}

std::string FormatUtc(std::int64_t seconds) {
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rest = seconds - days * 86400;
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return buf;
}

std::string FormatDate(std::int64_t seconds) {
  return FormatUtc(seconds).substr(0, 10);
}

std::string NowUtc() {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  return FormatUtc(now.count());
}

std::optional<int> DaysBetween(std::string_view from, std::string_view to) {
  auto a = ParseIsoTime(from.substr(0, 10));
  auto b = ParseIsoTime(to.substr(0, 10));
  if (!a || !b) return std::nullopt;
  return static_cast<int>((*b - *a) / 86400);
}

std::string PostingAge(std::string_view date_posted, std::string_view now_utc) {
  auto days = DaysBetween(date_posted, now_utc);
  if (!days) return std::string(date_posted);
  const int n = *days;
  auto plural = [](int k, const char* unit) { return std::to_string(k) + " " + unit + (k == 1 ? "" : "s") + " ago"; };
  if (n <= 0) return "today";
  if (n == 1) return "yesterday";
  if (n < 14) return plural(n, "day");
  if (n < 60) return plural(n / 7, "week");
  if (n < 730) return plural(n / 30, "month");
  return plural(n / 365, "year");
}

}  // namespace starprep::dates
