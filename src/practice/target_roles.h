// SPDX-License-Identifier: Apache-2.0
#pragma once
// A candidate's target roles: the roles they prepare for, chosen on /account or with
// PUT /api/v1/me/target-roles, kept in the order chosen. The progress page's coverage and its
// "Next up" card follow them, and so will the default role of a mock interview (issue 13:
// DefaultMockRole). Nothing chosen means every role. A role later dropped from the content pack
// stays chosen but is skipped on read (Store::ListTargetRoles) and counts again if it returns.
//
// Errors: kInvalidArgument with a message for the candidate; the store's (kUnavailable,
// kInternal, kNotFound for an unknown user). Pure helpers do no I/O; the rest only call the store.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "content/model.h"
#include "core/result.h"
#include "store/store.h"

namespace starprep::practice {

// A candidate may target at most this many roles.
inline constexpr std::size_t kMaxTargetRoles = 3;

// Pure. `chosen` checked against `live_slugs` (the slugs of the live roles): surrounding spaces
// trimmed, a repeated slug kept once at its first place, empty strings ignored. kInvalidArgument
// naming the first slug that is not a live role (and the ones that are), or when more than
// kMaxTargetRoles remain.
Result<std::vector<std::string>> ValidateTargetRoles(const std::vector<std::string>& chosen,
                                                     const std::vector<std::string>& live_slugs);

// Validates `chosen` against the live roles (Store::ListRoles) and stores it (empty: none, which
// means every role). Returns the list as stored.
Result<std::vector<std::string>> SaveTargetRoles(store::Store& store, std::int64_t user_id,
                                                 const std::vector<std::string>& chosen);

// Pure. The roles of `roles` whose slugs are in `targets`, in `targets`' order; all of `roles`
// (in their order) when `targets` is empty or names none of them.
std::vector<content::Role> FocusRoles(const std::vector<content::Role>& roles, const std::vector<std::string>& targets);

// The role a mock interview should start on when the candidate asks for none: their first live
// target role, "" when they chose none (the caller then falls back to its own default).
Result<std::string> DefaultMockRole(store::Store& store, std::int64_t user_id);

}  // namespace starprep::practice
