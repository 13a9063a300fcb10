// SPDX-License-Identifier: Apache-2.0
#include "auth/keyring.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/secret_file.h"

namespace starprep::auth {
namespace {

constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

Error Bad(std::string what) {
  return Error{ErrorCode::kInvalidArgument, std::move(what)};
}

// "ID" and "HEX" → an entry; false if malformed.
bool ParseKey(std::string_view id_text, std::string_view hex, int& id, Keyring::Key& key) {
  if (id_text.empty() || id_text.size() > 9) return false;
  id = 0;
  for (char c : id_text) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + (c - '0');
  }
  std::size_t len = 0;
  return id > 0 && hex.size() == 64 &&
         sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0 &&
         len == key.size();
}

std::string KeyLine(int id, const Keyring::Key& key) {
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  return std::to_string(id) + " " + hex + "\n";
}

// Creates `path` with one key, mode 0600; fails if it exists.
Status CreateKeyFile(const std::filesystem::path& path) {
  Keyring::Key key;
  randombytes_buf(key.data(), key.size());
  std::string line = KeyLine(1, key);
  sodium_memzero(key.data(), key.size());
  Status created = CreateSecretFile(path, line);
  sodium_memzero(line.data(), line.size());
  return created;
}

}  // namespace

std::filesystem::path DataKeysPath(const std::filesystem::path& data_dir) {
  return data_dir / "data.keys";
}

std::string SealedContext(store::SealedKind kind, std::int64_t user_id) {
  const char* table = "";
  switch (kind) {
    case store::SealedKind::kAttempt:
      table = "attempt";
      break;
    case store::SealedKind::kStory:
      table = "story";
      break;
    case store::SealedKind::kCorrection:
      table = "correction";
      break;
    case store::SealedKind::kMock:
      table = "mock";
      break;
  }
  return std::string("starprep:") + table + ":" + std::to_string(user_id);
}

Keyring::Keyring(std::map<int, Key> keys) : keys_(std::move(keys)) {}

Keyring::~Keyring() {
  for (auto& [id, key] : keys_) sodium_memzero(key.data(), key.size());
}

Result<std::map<int, Keyring::Key>> Keyring::ReadSource(const std::filesystem::path& data_dir, bool create_if_missing,
                                                        bool& from_env) {
  std::map<int, Key> keys;
  std::string text;
  std::string where;
  if (const char* env = std::getenv("STARPREP_DATA_KEYS")) {
    from_env = true;
    where = "STARPREP_DATA_KEYS";
    text = env;
    for (char& c : text)
      if (c == ',') c = '\n';
    for (char& c : text)
      if (c == ':') c = ' ';
  } else {
    from_env = false;
    const auto path = DataKeysPath(data_dir);
    where = path.string();
    if (!std::filesystem::exists(path)) {
      if (!create_if_missing) return Error{ErrorCode::kUnavailable, where + " is missing"};
      if (auto s = CreateKeyFile(path); !s) return s.error();
    }
    std::ifstream in(path);
    if (!in) return Error{ErrorCode::kUnavailable, "cannot read " + where};
    std::stringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::istringstream fields(line);
    std::string id_text, hex, extra;
    if (!(fields >> id_text)) continue;  // blank line
    int id = 0;
    Key key{};
    if (!(fields >> hex) || (fields >> extra) || !ParseKey(id_text, hex, id, key))
      return Bad(where + ": entry " + std::to_string(number) + " must be a positive key id and 64 hex digits");
    if (!keys.emplace(id, key).second) return Bad(where + ": key id " + std::to_string(id) + " appears twice");
  }
  sodium_memzero(text.data(), text.size());
  if (keys.empty()) return Bad(where + " holds no key");
  return keys;
}

Result<std::unique_ptr<Keyring>> Keyring::Load(const std::filesystem::path& data_dir) {
  std::unique_ptr<Keyring> ring(new Keyring());
  auto keys = ReadSource(data_dir, /*create_if_missing=*/true, ring->from_env_);
  if (!keys) return keys.error();
  ring->keys_ = std::move(*keys);
  ring->data_dir_ = data_dir;
  std::error_code ec;
  if (!ring->from_env_) ring->loaded_mtime_ = std::filesystem::last_write_time(DataKeysPath(data_dir), ec);
  return ring;
}

Result<int> Keyring::AddKeyToFile(const std::filesystem::path& data_dir) {
  if (std::getenv("STARPREP_DATA_KEYS"))
    return Bad("the data keys come from STARPREP_DATA_KEYS: add a key there (the highest id is current)");
  bool from_env = false;
  auto keys = ReadSource(data_dir, /*create_if_missing=*/true, from_env);  // creates the file with key 1 if missing
  if (!keys) return keys.error();
  const int id = keys->rbegin()->first + 1;
  Key key;
  randombytes_buf(key.data(), key.size());
  std::string line = KeyLine(id, key);
  sodium_memzero(key.data(), key.size());
  int fd = ::open(DataKeysPath(data_dir).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0)
    return Error{ErrorCode::kUnavailable,
                 "cannot open " + DataKeysPath(data_dir).string() + ": " + std::strerror(errno)};
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(line.data(), line.size());
  if (!ok) return Error{ErrorCode::kUnavailable, "cannot write " + DataKeysPath(data_dir).string()};
  return id;
}

Status Keyring::ReloadIfChanged() {
  if (from_env_ || data_dir_.empty()) return {};
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(DataKeysPath(data_dir_), ec);
  {
    std::shared_lock lock(mu_);
    if (ec || mtime == loaded_mtime_) return {};
  }
  return Reload();
}

Status Keyring::Reload() {
  if (from_env_ || data_dir_.empty()) return {};
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(DataKeysPath(data_dir_), ec);
  bool from_env = false;
  // Never a new key here: a missing file must not replace the keys the records are sealed with.
  auto keys = ReadSource(data_dir_, /*create_if_missing=*/false, from_env);
  if (!keys) return keys.error();
  std::unique_lock lock(mu_);
  loaded_mtime_ = mtime;
  for (auto& [id, key] : keys_) sodium_memzero(key.data(), key.size());
  keys_ = std::move(*keys);
  return {};
}

int Keyring::current_id() const {
  std::shared_lock lock(mu_);
  return keys_.rbegin()->first;
}

store::Sealed Keyring::Seal(std::string_view plaintext, std::string_view associated) const {
  std::shared_lock lock(mu_);
  const auto& [id, key] = *keys_.rbegin();
  store::Sealed out{id, std::string(kNonce + plaintext.size() + kTag, '\0')};
  auto* bytes = reinterpret_cast<unsigned char*>(out.bytes.data());
  randombytes_buf(bytes, kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      bytes + kNonce, &written, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), nullptr, bytes, key.data());
  out.bytes.resize(kNonce + written);
  return out;
}

Result<std::string> Keyring::Open(const store::Sealed& sealed, std::string_view associated) {
  bool known = false;
  {
    std::shared_lock lock(mu_);
    known = keys_.count(sealed.key_id) > 0;
  }
  if (!known) (void)Reload();  // a key added by `keys rotate` since we loaded
  std::shared_lock lock(mu_);
  auto it = keys_.find(sealed.key_id);
  if (it == keys_.end())
    return Error{ErrorCode::kInternal, "sealed record uses unknown data key " + std::to_string(sealed.key_id)};
  if (sealed.bytes.size() < kNonce + kTag) return Error{ErrorCode::kInternal, "sealed record is truncated"};
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.bytes.data());
  std::string plain(sealed.bytes.size() - kNonce - kTag, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr, bytes + kNonce, sealed.bytes.size() - kNonce,
          reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), bytes, it->second.data()) != 0)
    return Error{ErrorCode::kInternal, "sealed record failed authentication (wrong key, owner or tampered)"};
  plain.resize(len);
  return plain;
}

std::string Keyring::SealToken(std::string_view plaintext, std::string_view associated) const {
  const store::Sealed sealed = Seal(plaintext, associated);
  std::string b64(sodium_base64_encoded_len(sealed.bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(sealed.bytes.data()),
                    sealed.bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  b64.resize(std::strlen(b64.c_str()));
  return std::to_string(sealed.key_id) + "." + b64;
}

Result<std::string> Keyring::OpenToken(std::string_view token, std::string_view associated) {
  const Error bad{ErrorCode::kInvalidArgument, "the sealed token is malformed, changed or from another site"};
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 9) return bad;
  store::Sealed sealed;
  for (char c : token.substr(0, dot)) {
    if (c < '0' || c > '9') return bad;
    sealed.key_id = sealed.key_id * 10 + (c - '0');
  }
  // A key this keyring has, or the next one a rotation on another instance may have added: a
  // made-up id must not make every request re-read the keys.
  if (sealed.key_id > current_id() + 1) return bad;
  const std::string_view b64 = token.substr(dot + 1);
  sealed.bytes.resize(b64.size());
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(sealed.bytes.data()), sealed.bytes.size(), b64.data(),
                        b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return bad;
  sealed.bytes.resize(len);
  auto plain = Open(sealed, associated);
  if (!plain) return bad;
  return plain;
}

}  // namespace starprep::auth
