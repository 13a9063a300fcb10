// SPDX-License-Identifier: Apache-2.0
#pragma once
// Opening the data directory's store, shared by the server and the CLI subcommands.

#include <filesystem>
#include <memory>

#include "core/result.h"
#include "store/store.h"

namespace starprep::app {

// Creates `data_dir` (mode 0700) if needed and opens its SQLite database, migrating it.
Result<std::unique_ptr<store::Store>> OpenStore(const std::filesystem::path& data_dir);

}  // namespace starprep::app
