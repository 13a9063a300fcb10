// SPDX-License-Identifier: Apache-2.0
#pragma once
// Opening the data directory's store, shared by the server and the CLI subcommands.

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace starprep::app {

// The PostgreSQL database to use: `flag` (--database) when not empty, else the environment's
// STARPREP_DATABASE_URL, else "" (the SQLite database of the data directory).
std::string DatabaseUrl(const std::string& flag = "");

// Opens the store: creates `data_dir` (mode 0700) if needed, since it holds the secret key and
// the data keys with either backend; then with a `database_url` (see DatabaseUrl; postgresql://
// or postgres://), the PostgreSQL database, whose schema must already be this binary's
// (`starprep db migrate`); without, the data directory's SQLite database, migrating it.
// kInvalidArgument for a URL of another scheme. The URL (it may hold a password) is never logged.
Result<std::unique_ptr<store::Store>> OpenStore(const std::filesystem::path& data_dir,
                                                const std::string& database_url = DatabaseUrl());

}  // namespace starprep::app
