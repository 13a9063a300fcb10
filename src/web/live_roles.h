#pragma once
// Every live role with its questions, in the store's order (by title). For pages that show all
// roles' questions at once (progress coverage, the story form, the story bank).

#include <vector>

#include "content/model.h"
#include "store/store.h"

namespace starprep::web {

inline Result<std::vector<content::Role>> LiveRoles(store::Store& store) {
  auto summaries = store.ListRoles();
  if (!summaries.ok()) return summaries.error();
  std::vector<content::Role> roles;
  for (const auto& s : *summaries) {
    auto role = store.GetRole(s.slug);
    if (!role.ok()) return role.error();
    if (role->has_value()) roles.push_back(std::move(**role));
  }
  return roles;
}

}  // namespace starprep::web
