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
  bool operator==(const RoleInfo&) const = default;
};

// Role slugs for a posting, in the order of `roles`.
std::vector<std::string> MapRoles(const std::string& title, const std::vector<std::string>& skills,
                                  const std::vector<RoleInfo>& roles);

// A stored posting's roles after the roles changed from `before` to `after` (a content import):
// roles that the mapping gave under `before` (MapRoles of title and skills) follow the mapping
// under `after`; any other roles were chosen by an editor (the jobs API's "roles") and are kept.
// So postings imported before any role existed (no roles, which is what the mapping gave then)
// get their roles once the content arrives.
std::vector<std::string> RemapRoles(const std::string& title, const std::vector<std::string>& skills,
                                    const std::vector<std::string>& current, const std::vector<RoleInfo>& before,
                                    const std::vector<RoleInfo>& after);

// The lower-case words of `text` after the normalisation described above.
std::vector<std::string> NormalisedWords(const std::string& text);

// The pseudo-role of postings no role matched (for filters and links).
inline constexpr const char* kOtherRole = "other";

}  // namespace starprep::jobs
