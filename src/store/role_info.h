#pragma once
// The live roles as jobs::MapRoles needs them (slug, title, skills). Shared by the CLI import and
// the editor API so both map postings the same way.

#include <vector>

#include "jobs/roles.h"
#include "store/store.h"

namespace starprep::store {

inline Result<std::vector<jobs::RoleInfo>> LiveRoleInfos(Store& store) {
  auto roles = store.ListRoles();
  if (!roles.ok()) return roles.error();
  std::vector<jobs::RoleInfo> out;
  for (const auto& r : *roles) {
    auto role = store.GetRole(r.slug);
    if (!role.ok()) return role.error();
    if (role->has_value()) out.push_back({r.slug, r.title, (*role)->skills});
  }
  return out;
}

}  // namespace starprep::store
