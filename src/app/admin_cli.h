// SPDX-License-Identifier: Apache-2.0
#pragma once
// Operator subcommands: accounts, data keys and the readers' feedback export.

#include <filesystem>
#include <string>

namespace starprep::app {

// `user add EMAIL [--role member|editor|admin] [--data DIR]`: creates an account. The password is
// read from standard input (its first line); on a terminal it is asked for twice, not echoed.
// 0 on success, 1 on an error (printed), 2 on bad input.
int UserAdd(const std::string& email, const std::string& role, const std::filesystem::path& data_dir);

// `user set-password EMAIL [--data DIR]`: a new password for a forgotten one (read like `user add`);
// signs the account out everywhere.
int UserSetPassword(const std::string& email, const std::filesystem::path& data_dir);

// `user set-role EMAIL ROLE [--data DIR]`.
int UserSetRole(const std::string& email, const std::string& role, const std::filesystem::path& data_dir);

// `keys rotate [--data DIR]`: adds a new data key to DATA/data.keys (with STARPREP_DATA_KEYS set,
// uses the highest key there instead) and re-seals every attempt and story under it, in batches,
// while servers keep running (they pick up the new key file within a second). Prints progress
// and the records per key at the end. Old keys stay in the file: remove one only when no record
// and no backup you may restore still uses it.
int KeysRotate(const std::filesystem::path& data_dir);

// `keys status [--data DIR]`: the current key id and the records sealed under each key.
int KeysStatus(const std::filesystem::path& data_dir);

// `feedback export [--data DIR] [--database URL] [--format csv|json] [--public-url URL]`: every
// live question's vote counts and every comment (feedback/export.h) on standard output, for
// scripts. `database_url` as DatabaseUrl takes it (the flag, else STARPREP_DATABASE_URL, else
// SQLite in DIR). `public_url` (else STARPREP_PUBLIC_URL; checked by http::ParsePublicUrl) makes
// the questions' links absolute; without either they stay relative. 0 on success, 1 on an error
// (printed to standard error), 2 when the public URL is not valid (as `serve` answers it).
int FeedbackExport(const std::filesystem::path& data_dir, const std::string& database_url, const std::string& format,
                   const std::string& public_url);

}  // namespace starprep::app
