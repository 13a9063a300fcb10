// SPDX-License-Identifier: Apache-2.0
#include "jobs/roles.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace starprep::jobs {
namespace {

std::string Lower(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> NormalisedWords(const std::string& text) {
  std::vector<std::string> raw;
  std::string word;
  for (char c : Lower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      word += c;
    } else {
      if (!word.empty()) raw.push_back(word);
      word.clear();
      if (c == '-') raw.emplace_back("-");  // kept for "back-end"
    }
  }
  if (!word.empty()) raw.push_back(word);
  std::vector<std::string> words;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& w = raw[i];
    if (w == "-") continue;
    if ((w == "back" || w == "front") && i + 1 < raw.size()) {
      std::size_t j = i + 1;
      if (raw[j] == "-" && j + 1 < raw.size()) ++j;
      if (raw[j] == "end" || raw[j] == "ends") {
        words.push_back(w + "end");
        i = j;
        continue;
      }
    }
    if (w == "developer" || w == "programmer" || w == "dev" || w == "developers" || w == "engineers")
      words.emplace_back("engineer");
    else
      words.push_back(w);
  }
  return words;
}

std::vector<std::string> MapRoles(const std::string& title, const std::vector<std::string>& skills,
                                  const std::vector<RoleInfo>& roles) {
  std::vector<std::string> words = NormalisedWords(title);
  std::set<std::string> title_words(words.begin(), words.end());
  std::vector<std::string> by_title;
  for (const auto& role : roles) {
    for (const auto& alternative : Split(role.title, '/')) {
      auto need = NormalisedWords(alternative);
      if (need.empty()) continue;
      if (std::all_of(need.begin(), need.end(), [&](const std::string& w) { return title_words.count(w) != 0; })) {
        by_title.push_back(role.slug);
        break;
      }
    }
  }
  if (!by_title.empty()) return by_title;

  std::set<std::string> have;
  for (const auto& s : skills) have.insert(Lower(Trim(s)));
  std::vector<std::pair<std::string, int>> scored;
  int best = 0;
  for (const auto& role : roles) {
    int overlap = 0;
    for (const auto& s : role.skills) overlap += have.count(Lower(Trim(s))) != 0 ? 1 : 0;
    scored.emplace_back(role.slug, overlap);
    best = std::max(best, overlap);
  }
  std::vector<std::string> by_skills;
  if (best < 2) return by_skills;
  for (const auto& [slug, overlap] : scored)
    if (overlap == best) by_skills.push_back(slug);
  return by_skills;
}

std::vector<std::string> RemapRoles(const std::string& title, const std::vector<std::string>& skills,
                                    const std::vector<std::string>& current, const std::vector<RoleInfo>& before,
                                    const std::vector<RoleInfo>& after) {
  if (current != MapRoles(title, skills, before)) return current;
  return MapRoles(title, skills, after);
}

}  // namespace starprep::jobs
