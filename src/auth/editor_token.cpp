// SPDX-License-Identifier: Apache-2.0
#include "auth/editor_token.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/secret_file.h"
#include "core/strings.h"

namespace starprep::auth {
namespace {

constexpr std::size_t kMinTokenLength = 16;

Result<std::string> ReadOrCreate(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    char buf[512];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n <= 0) return MakeError(ErrorCode::kInternal, path.string() + " is empty or unreadable");
    return TrimSpace(std::string(buf, static_cast<std::size_t>(n)));
  }
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  if (auto s = CreateSecretFile(path, std::string(hex) + "\n"); !s) return s.error();
  return std::string(hex);
}

}  // namespace

std::filesystem::path EditorTokenPath(const std::filesystem::path& data_dir) {
  return data_dir / "editor.token";
}

EditorTokens::EditorTokens(std::string_view editor, std::string_view admin)
    : editor_(Hash(editor)), admin_(Hash(admin)), has_admin_(!admin.empty()) {}

EditorTokens::Digest EditorTokens::Hash(std::string_view token) {
  Digest d{};
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return d;
}

Result<EditorTokens> EditorTokens::Load(const std::filesystem::path& data_dir) {
  std::string editor, admin;
  if (const char* env = std::getenv("STARPREP_EDITOR_TOKEN"); env && *env) {
    editor = TrimSpace(env);
  } else {
    auto read = ReadOrCreate(EditorTokenPath(data_dir));
    if (!read) return read.error();
    editor = *read;
  }
  if (const char* env = std::getenv("STARPREP_ADMIN_TOKEN"); env && *env) admin = TrimSpace(env);
  if (editor.size() < kMinTokenLength || (!admin.empty() && admin.size() < kMinTokenLength))
    return MakeError(ErrorCode::kInvalidArgument, "editor and admin tokens must be at least 16 characters");
  return EditorTokens(editor, admin);
}

Access EditorTokens::Check(std::string_view authorization) const {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size() || !AsciiIEquals(authorization.substr(0, kScheme.size()), kScheme))
    return Access::kMissing;
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return Access::kMissing;
  const Digest given = Hash(token);
  // Both comparisons always run: the time taken does not say which token was close.
  const bool editor = sodium_memcmp(given.data(), editor_.data(), given.size()) == 0;
  const bool admin = sodium_memcmp(given.data(), admin_.data(), given.size()) == 0 && has_admin_;
  if (admin) return Access::kAdmin;
  if (editor) return Access::kEditor;
  return Access::kInvalid;
}

}  // namespace starprep::auth
