// SPDX-License-Identifier: Apache-2.0
#pragma once
// Files from web/ (templates/, static/) compiled into the binary by cmake/embed.cmake.

#include <optional>
#include <string_view>
#include <vector>

namespace starprep::assets {

// Contents of "web/templates/page.mustache", "web/static/site.css" or "docs/openapi.json"; nullopt if not embedded.
std::optional<std::string_view> Find(std::string_view name);
std::vector<std::string_view> Names();

}  // namespace starprep::assets
