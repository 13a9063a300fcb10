// SPDX-License-Identifier: Apache-2.0
#pragma once
// Data keys that seal personal texts (practice answers, stories, coach corrections) at rest with
// libsodium's XChaCha20-Poly1305 AEAD. A sealed record carries the id of the key that sealed it; a
// copy of the database alone reveals no text.
//
// Keys come from STARPREP_DATA_KEYS ("ID:HEX[,ID:HEX...]", 64 hex digits per key) or else from
// DATA/data.keys (one "ID HEX" line per key), which is created with one random key and mode 0600 on
// first start. The key with the highest id is current: Seal uses it; Open uses whichever key the
// record names. `starprep keys rotate` appends a new key to the file and re-seals every record
// under it; running servers notice the new file (Reload) and need no restart.
//
// The associated data binds a sealed text to its place (table and owner), so a ciphertext copied
// to another user's row fails to open. Thread-safe.

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace starprep::auth {

class Keyring {
 public:
  using Key = std::array<unsigned char, 32>;

  // Keys as given (tests); `keys` must not be empty.
  explicit Keyring(std::map<int, Key> keys);
  ~Keyring();

  // From the environment, or DATA/data.keys (created if missing).
  static Result<std::unique_ptr<Keyring>> Load(const std::filesystem::path& data_dir);
  // Appends a new random key (id = highest + 1) to DATA/data.keys; returns its id. kInvalidArgument
  // when the keys come from the environment (rotate them there).
  static Result<int> AddKeyToFile(const std::filesystem::path& data_dir);

  // Encrypts under the current key with a random nonce.
  store::Sealed Seal(std::string_view plaintext, std::string_view associated) const;
  // Decrypts. kInternal if the key id is unknown (after one reload) or the text was tampered with.
  Result<std::string> Open(const store::Sealed& sealed, std::string_view associated);
  int current_id() const;

  // A sealed text carried by a client instead of a store (a guest's mock interview): Seal's output
  // as one URL-safe string, "<key id>.<base64url of nonce, ciphertext and tag>". Every instance
  // that shares the keys opens it; nobody without them reads or changes it.
  std::string SealToken(std::string_view plaintext, std::string_view associated) const;
  // The text of a SealToken token. kInvalidArgument when it is malformed, was sealed for other
  // associated data or under a key this keyring does not have, or was changed.
  Result<std::string> OpenToken(std::string_view token, std::string_view associated);

  // Re-reads DATA/data.keys (no-op for environment keys). On failure the keys stay as they were;
  // a missing file is a failure (kUnavailable), never a reason to make a new key.
  Status Reload();
  // Reload() if the file's modification time changed since the last load.
  Status ReloadIfChanged();

 private:
  Keyring() = default;
  // The keys from the environment, else from DATA/data.keys (created with one new key if missing
  // and `create_if_missing`; kUnavailable if missing otherwise).
  static Result<std::map<int, Key>> ReadSource(const std::filesystem::path& data_dir, bool create_if_missing,
                                               bool& from_env);

  mutable std::shared_mutex mu_;
  std::map<int, Key> keys_;  // guarded by mu_
  std::filesystem::path data_dir_;
  bool from_env_ = true;
  std::filesystem::file_time_type loaded_mtime_;  // guarded by mu_
};

// The associated data of a sealed record: "starprep:attempt:<user id>", "starprep:story:<user id>",
// "starprep:correction:<user id>" or "starprep:mock:<user id>".
std::string SealedContext(store::SealedKind kind, std::int64_t user_id);

std::filesystem::path DataKeysPath(const std::filesystem::path& data_dir);

}  // namespace starprep::auth
