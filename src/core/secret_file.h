// SPDX-License-Identifier: Apache-2.0
#pragma once
// Files that hold secrets (the CSRF secret, the editor token, the data keys).

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace starprep {

// Creates `path` with mode 0600 and `bytes` as its content, synced to disk. Fails (kUnavailable,
// naming the path) if it exists or cannot be written.
Status CreateSecretFile(const std::filesystem::path& path, std::string_view bytes);

}  // namespace starprep
