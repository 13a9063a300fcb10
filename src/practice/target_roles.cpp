// SPDX-License-Identifier: Apache-2.0
#include "practice/target_roles.h"

#include <algorithm>

namespace starprep::practice {
namespace {

std::string Trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Result<std::vector<std::string>> ValidateTargetRoles(const std::vector<std::string>& chosen,
                                                     const std::vector<std::string>& live_slugs) {
  std::vector<std::string> out;
  for (const auto& raw : chosen) {
    std::string slug = Trimmed(raw);
    if (slug.empty() || std::find(out.begin(), out.end(), slug) != out.end()) continue;
    if (std::find(live_slugs.begin(), live_slugs.end(), slug) == live_slugs.end()) {
      std::string message = "There is no role \"";
      message.append(slug).append("\" to target. Choose from: ");
      for (std::size_t i = 0; i < live_slugs.size(); ++i) message.append(i ? ", " : "").append(live_slugs[i]);
      message += ".";
      return Error{ErrorCode::kInvalidArgument, std::move(message)};
    }
    out.push_back(std::move(slug));
  }
  if (out.size() > kMaxTargetRoles)
    return Error{ErrorCode::kInvalidArgument, "Choose at most " + std::to_string(kMaxTargetRoles) +
                                                  " target roles (you chose " + std::to_string(out.size()) + ")."};
  return out;
}

Result<std::vector<std::string>> SaveTargetRoles(store::Store& store, std::int64_t user_id,
                                                 const std::vector<std::string>& chosen) {
  auto roles = store.ListRoles();
  if (!roles) return roles.error();
  std::vector<std::string> live;
  live.reserve(roles->size());
  for (const auto& r : *roles) live.push_back(r.slug);
  auto valid = ValidateTargetRoles(chosen, live);
  if (!valid) return valid.error();
  if (auto s = store.SetTargetRoles(user_id, *valid); !s) return s.error();
  return valid;
}

std::vector<content::Role> FocusRoles(const std::vector<content::Role>& roles,
                                      const std::vector<std::string>& targets) {
  std::vector<content::Role> out;
  for (const auto& slug : targets) {
    auto it = std::find_if(roles.begin(), roles.end(), [&](const content::Role& r) { return r.slug == slug; });
    if (it != roles.end()) out.push_back(*it);
  }
  return out.empty() ? roles : out;
}

Result<std::string> DefaultMockRole(store::Store& store, std::int64_t user_id) {
  auto targets = store.ListTargetRoles(user_id);
  if (!targets) return targets.error();
  return targets->empty() ? std::string() : targets->front();
}

}  // namespace starprep::practice
