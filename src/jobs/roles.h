// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which roles a job posting belongs to, from its title and skills. Pure.
//
// Title: a role title is split into alternatives at "/" ("DevOps / Site Reliability Engineer" is
// "DevOps" or "Site Reliability Engineer"); a posting's title matches an alternative when it
// contains every word of it, after normalising case, "back-end"/"back end" -> "backend" (and
// front), and the synonyms developer/programmer -> engineer. "Senior Backend Engineer (Go)"
// matches "Back-end Developer".
// Skills: when no title matches, the roles sharing the most skills with the posting (at least
// two, compared case-insensitively) are chosen.
// No match: an empty list; such postings are listed under "Other".

#include <string>
#include <vector>

namespace starprep::jobs {

struct RoleInfo {
  std::string slug;
  std::string title;
  std::vector<std::string> skills;
};

// Role slugs for a posting, in the order of `roles`.
std::vector<std::string> MapRoles(const std::string& title, const std::vector<std::string>& skills,
                                  const std::vector<RoleInfo>& roles);

// The lower-case words of `text` after the normalisation described above.
std::vector<std::string> NormalisedWords(const std::string& text);

// The pseudo-role of postings no role matched (for filters and links).
inline constexpr const char* kOtherRole = "other";

}  // namespace starprep::jobs
