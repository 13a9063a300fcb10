// SPDX-License-Identifier: Apache-2.0
#pragma once
// Bearer tokens for editors and admins (until accounts exist): the service is configured with
// one editor token and optionally one admin token. Both may write jobs.
//
// Tokens come from STARPREP_EDITOR_TOKEN / STARPREP_ADMIN_TOKEN, else from DATA/editor.token,
// which is created with 32 random bytes (hex) and mode 0600 on first start. Tokens are compared
// in constant time (hashes of equal length, sodium_memcmp) and never logged. Thread-safe
// (immutable after construction).

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace starprep::auth {

enum class Access { kMissing, kInvalid, kEditor, kAdmin };

class EditorTokens {
 public:
  // Tokens shorter than 16 characters are refused (kInvalidArgument) by Load; the constructor
  // takes them as they are (for tests). An empty admin token means "no admin token".
  EditorTokens(std::string_view editor, std::string_view admin);

  // From the environment, or the token file in `data_dir` (created if missing).
  static Result<EditorTokens> Load(const std::filesystem::path& data_dir);

  // Classifies an Authorization header value: "Bearer <token>" (scheme case-insensitive).
  Access Check(std::string_view authorization) const;

 private:
  using Digest = std::array<unsigned char, 32>;
  static Digest Hash(std::string_view token);
  Digest editor_{};
  Digest admin_{};
  bool has_admin_ = false;
};

// Path of the generated token file.
std::filesystem::path EditorTokenPath(const std::filesystem::path& data_dir);

}  // namespace starprep::auth
