// SPDX-License-Identifier: Apache-2.0
// Tests for the data keys that seal personal texts (auth/keyring.h): sealing, the key file and
// its rotation, and STARPREP_DATA_KEYS.

#include "auth/keyring.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "../temp_dir.h"

namespace starprep::auth {
namespace {

namespace fs = std::filesystem;
using starprep::testing::TempDir;

constexpr char kEnv[] = "STARPREP_DATA_KEYS";
const std::string kHex1(64, 'a');
const std::string kHex2 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

Keyring::Key KeyOf(unsigned char byte) {
  Keyring::Key key;
  key.fill(byte);
  return key;
}

// Sets or unsets STARPREP_DATA_KEYS for the test's lifetime and restores what was there.
class ScopedDataKeysEnv {
 public:
  explicit ScopedDataKeysEnv(std::optional<std::string> value) {
    if (const char* old = std::getenv(kEnv)) old_ = old;
    if (value)
      ::setenv(kEnv, value->c_str(), 1);
    else
      ::unsetenv(kEnv);
  }
  ~ScopedDataKeysEnv() {
    if (old_)
      ::setenv(kEnv, old_->c_str(), 1);
    else
      ::unsetenv(kEnv);
  }

 private:
  std::optional<std::string> old_;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The file's modification time moved on; on a file system with coarse timestamps two writes in
// quick succession can share one, which a running server would not see (its rotations are minutes
// apart), so the test moves it on explicitly when needed.
void EnsureModifiedAfter(const fs::path& path, fs::file_time_type before) {
  if (fs::last_write_time(path) == before) fs::last_write_time(path, before + std::chrono::seconds(1));
}

TEST(Keyring, SealThenOpenRoundTrips) {
  Keyring ring({{1, KeyOf(7)}});
  const std::string context = SealedContext(store::SealedKind::kAttempt, 42);
  const store::Sealed sealed = ring.Seal("My answer about the outage.", context);
  EXPECT_EQ(sealed.key_id, 1);
  EXPECT_EQ(sealed.bytes.find("outage"), std::string::npos);
  auto opened = ring.Open(sealed, context);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "My answer about the outage.");

  auto empty = ring.Open(ring.Seal("", context), context);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(Keyring, ATokenOpensOnAnotherInstanceWithTheSameKeysAndNowhereElse) {
  Keyring ring({{1, KeyOf(7)}, {2, KeyOf(8)}});
  const std::string token = ring.SealToken("{\"turns\":[]}", "starprep:guest-mock");
  EXPECT_TRUE(token.starts_with("2.")) << token;
  EXPECT_EQ(token.find_first_not_of("0123456789.-_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            std::string::npos)
      << "URL-safe: " << token;
  Keyring other_instance({{1, KeyOf(7)}, {2, KeyOf(8)}});
  auto opened = other_instance.OpenToken(token, "starprep:guest-mock");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "{\"turns\":[]}");
  Keyring other_site({{2, KeyOf(9)}});
  EXPECT_EQ(other_site.OpenToken(token, "starprep:guest-mock").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ring.OpenToken(token, "starprep:other").ok());
  std::string changed = token;
  changed[changed.size() / 2] = changed[changed.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(ring.OpenToken(changed, "starprep:guest-mock").ok());
  for (const char* junk : {"", ".", "2", "x.abc", "2.!!!", "1234567890.abc", "2.", "99.abc"})
    EXPECT_EQ(ring.OpenToken(junk, "starprep:guest-mock").error().code, ErrorCode::kInvalidArgument) << junk;
}

TEST(Keyring, SealedContextNamesTheTableAndTheOwner) {
  EXPECT_EQ(SealedContext(store::SealedKind::kAttempt, 42), "starprep:attempt:42");
  EXPECT_EQ(SealedContext(store::SealedKind::kStory, 7), "starprep:story:7");
  EXPECT_EQ(SealedContext(store::SealedKind::kCorrection, 9), "starprep:correction:9");
}

TEST(Keyring, AnotherOwnerOrTableCannotOpen) {
  Keyring ring({{1, KeyOf(7)}});
  const store::Sealed sealed = ring.Seal("secret", SealedContext(store::SealedKind::kAttempt, 1));
  auto other_user = ring.Open(sealed, SealedContext(store::SealedKind::kAttempt, 2));
  ASSERT_FALSE(other_user.ok());
  EXPECT_EQ(other_user.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(ring.Open(sealed, SealedContext(store::SealedKind::kStory, 1)).ok());
  EXPECT_FALSE(ring.Open(sealed, SealedContext(store::SealedKind::kCorrection, 1)).ok());
}

TEST(Keyring, EveryTamperedByteIsDetected) {
  Keyring ring({{1, KeyOf(7)}});
  const std::string context = SealedContext(store::SealedKind::kStory, 3);
  const store::Sealed sealed = ring.Seal("a story", context);
  for (std::size_t i = 0; i < sealed.bytes.size(); ++i) {
    store::Sealed tampered = sealed;
    tampered.bytes[i] = static_cast<char>(tampered.bytes[i] ^ 0x01);
    EXPECT_FALSE(ring.Open(tampered, context).ok()) << "byte " << i;
  }
  store::Sealed truncated = sealed;
  truncated.bytes.resize(10);
  EXPECT_FALSE(ring.Open(truncated, context).ok());
  EXPECT_FALSE(ring.Open(store::Sealed{1, ""}, context).ok());
}

TEST(Keyring, EachSealUsesANewNonce) {
  Keyring ring({{1, KeyOf(7)}});
  const store::Sealed a = ring.Seal("same text", "ctx");
  const store::Sealed b = ring.Seal("same text", "ctx");
  EXPECT_NE(a.bytes, b.bytes);
  EXPECT_NE(a.bytes.substr(0, 24), b.bytes.substr(0, 24));  // the XChaCha20 nonce
}

TEST(Keyring, TheHighestIdIsCurrentAndOlderKeysStillOpen) {
  Keyring old_ring({{1, KeyOf(1)}});
  const store::Sealed under_one = old_ring.Seal("old text", "ctx");
  Keyring ring({{1, KeyOf(1)}, {2, KeyOf(2)}});
  EXPECT_EQ(ring.current_id(), 2);
  EXPECT_EQ(ring.Seal("new", "ctx").key_id, 2);
  auto opened = ring.Open(under_one, "ctx");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "old text");
}

TEST(Keyring, OpenWithAnUnknownKeyIdFails) {
  Keyring ring({{1, KeyOf(1)}});
  store::Sealed sealed = ring.Seal("text", "ctx");
  sealed.key_id = 9;
  auto opened = ring.Open(sealed, "ctx");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
  EXPECT_NE(opened.error().message.find("unknown data key 9"), std::string::npos) << opened.error().message;
}

TEST(Keyring, SealedUnderAnotherKeyWithTheSameIdFails) {
  Keyring a({{1, KeyOf(1)}});
  Keyring b({{1, KeyOf(2)}});
  EXPECT_FALSE(b.Open(a.Seal("text", "ctx"), "ctx").ok());
}

TEST(KeyringFile, LoadCreatesAPrivateKeyFileAndReloadsTheSameKey) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  const fs::path file = DataKeysPath(dir.path());
  EXPECT_EQ(file, dir.path() / "data.keys");
  ASSERT_TRUE(fs::exists(file));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ((*ring)->current_id(), 1);
  const std::string text = ReadFile(file);
  EXPECT_EQ(text.size(), 2 + 64 + 1u) << text;  // "1 " + 64 hex digits + "\n"
  EXPECT_TRUE(text.starts_with("1 "));

  const store::Sealed sealed = (*ring)->Seal("persisted", "ctx");
  auto again = Keyring::Load(dir.path());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(ReadFile(file), text);  // not recreated
  auto opened = (*again)->Open(sealed, "ctx");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "persisted");
}

TEST(KeyringFile, TwoNewDirectoriesGetDifferentKeys) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir a, b;
  auto ring_a = Keyring::Load(a.path());
  auto ring_b = Keyring::Load(b.path());
  ASSERT_TRUE(ring_a.ok() && ring_b.ok());
  EXPECT_NE(ReadFile(DataKeysPath(a.path())), ReadFile(DataKeysPath(b.path())));
  EXPECT_FALSE((*ring_b)->Open((*ring_a)->Seal("x", "ctx"), "ctx").ok());
}

TEST(KeyringFile, AddedKeyBecomesCurrentAfterReloadAndOldRecordsStillOpen) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok());
  const store::Sealed under_one = (*ring)->Seal("before rotation", "ctx");

  auto added = Keyring::AddKeyToFile(dir.path());
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 2);
  EXPECT_EQ((*ring)->current_id(), 1);  // not noticed until a reload
  ASSERT_TRUE((*ring)->Reload().ok());
  EXPECT_EQ((*ring)->current_id(), 2);
  EXPECT_EQ((*ring)->Seal("after", "ctx").key_id, 2);
  auto opened = (*ring)->Open(under_one, "ctx");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "before rotation");

  struct stat st {};
  ASSERT_EQ(::stat(DataKeysPath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // appending keeps the mode
}

TEST(KeyringFile, ReloadIfChangedNoticesARotation) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok());
  const fs::path file = DataKeysPath(dir.path());
  const store::Sealed under_one = (*ring)->Seal("before rotation", "ctx");

  ASSERT_TRUE((*ring)->ReloadIfChanged().ok());  // unchanged: nothing to do
  EXPECT_EQ((*ring)->current_id(), 1);

  const auto before = fs::last_write_time(file);
  ASSERT_TRUE(Keyring::AddKeyToFile(dir.path()).ok());
  EnsureModifiedAfter(file, before);
  ASSERT_TRUE((*ring)->ReloadIfChanged().ok());
  EXPECT_EQ((*ring)->current_id(), 2);
  EXPECT_EQ(*(*ring)->Open(under_one, "ctx"), "before rotation");

  const auto before_three = fs::last_write_time(file);
  auto three = Keyring::AddKeyToFile(dir.path());
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(*three, 3);
  EnsureModifiedAfter(file, before_three);
  ASSERT_TRUE((*ring)->ReloadIfChanged().ok());
  EXPECT_EQ((*ring)->current_id(), 3);
}

TEST(KeyringFile, OpenOfARecordUnderANewerKeyReloadsOnce) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto old_ring = Keyring::Load(dir.path());
  ASSERT_TRUE(old_ring.ok());
  ASSERT_TRUE(Keyring::AddKeyToFile(dir.path()).ok());
  auto new_ring = Keyring::Load(dir.path());  // another process that saw the rotation
  ASSERT_TRUE(new_ring.ok());
  const store::Sealed under_two = (*new_ring)->Seal("written elsewhere", "ctx");
  ASSERT_EQ(under_two.key_id, 2);
  auto opened = (*old_ring)->Open(under_two, "ctx");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "written elsewhere");
}

TEST(KeyringFile, AddKeyToFileCreatesTheFileIfMissing) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto added = Keyring::AddKeyToFile(dir.path());
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 2);
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ((*ring)->current_id(), 2);
}

TEST(KeyringFile, MalformedFileIsRefusedAndReloadKeepsTheOldKeys) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok());
  const store::Sealed sealed = (*ring)->Seal("kept", "ctx");
  std::ofstream(DataKeysPath(dir.path()), std::ios::app) << "2 not-hex\n";
  auto reload = (*ring)->Reload();
  ASSERT_FALSE(reload.ok());
  EXPECT_EQ(reload.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ((*ring)->current_id(), 1);
  EXPECT_EQ(*(*ring)->Open(sealed, "ctx"), "kept");
  EXPECT_FALSE(Keyring::Load(dir.path()).ok());
}

// A key file that went missing while the server runs (moved away, being restored) must not be
// replaced by a new random key 1: that would lock the server out of every record under the real
// key 1 and seal new ones under a key that collides with it once the real file is back.
TEST(KeyringFile, ReloadWithTheFileMissingFailsAndKeepsTheKeys) {
  ScopedDataKeysEnv no_env(std::nullopt);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok());
  const store::Sealed sealed = (*ring)->Seal("under the real key 1", "ctx");
  const fs::path file = DataKeysPath(dir.path());
  ASSERT_TRUE(fs::remove(file));

  auto reload = (*ring)->Reload();
  ASSERT_FALSE(reload.ok());
  EXPECT_EQ(reload.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(fs::exists(file)) << "Reload created a new key file";
  auto opened = (*ring)->Open(sealed, "ctx");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "under the real key 1");

  // Opening a record under a key this process has not seen reloads too: same rule.
  store::Sealed newer = sealed;
  newer.key_id = 2;
  EXPECT_FALSE((*ring)->Open(newer, "ctx").ok());
  EXPECT_FALSE(fs::exists(file)) << "Open created a new key file";
  EXPECT_EQ(*(*ring)->Open(sealed, "ctx"), "under the real key 1");
  EXPECT_TRUE((*ring)->ReloadIfChanged().ok());  // nothing to read: keeps what it has
  EXPECT_EQ(*(*ring)->Open(sealed, "ctx"), "under the real key 1");
}

TEST(KeyringEnv, KeysFromTheEnvironment) {
  ScopedDataKeysEnv env("1:" + kHex1 + ",2:" + kHex2);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ((*ring)->current_id(), 2);
  EXPECT_FALSE(fs::exists(DataKeysPath(dir.path())));  // no file when the keys come from the environment

  // The keys are the ones given: a ring built from the same bytes opens what this one sealed.
  Keyring::Key key2;
  for (std::size_t i = 0; i < key2.size(); ++i)
    key2[i] = static_cast<unsigned char>(std::stoi(kHex2.substr(2 * i, 2), nullptr, 16));
  Keyring same({{2, key2}});
  auto opened = same.Open((*ring)->Seal("from env", "ctx"), "ctx");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "from env");

  auto add = Keyring::AddKeyToFile(dir.path());
  ASSERT_FALSE(add.ok());
  EXPECT_EQ(add.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(DataKeysPath(dir.path())));
  EXPECT_TRUE((*ring)->Reload().ok());  // a no-op
  EXPECT_EQ((*ring)->current_id(), 2);
}

TEST(KeyringEnv, MalformedEntriesAreRefused) {
  TempDir dir;
  const std::string cases[] = {
      "",                                   // no key
      ",",                                  // no key
      "1:" + kHex1.substr(1),               // 63 hex digits
      "1:" + kHex1 + "a",                   // 65 hex digits
      "1:" + std::string(63, 'a') + "g",    // not hex
      "0:" + kHex1,                         // id must be positive
      "-1:" + kHex1,                        // id must be a number
      "x:" + kHex1,                         // id must be a number
      "1234567890:" + kHex1,                // id too long
      kHex1,                                // no id
      "1:",                                 // no key
      "1:" + kHex1 + ":extra",              // a third field
      "1:" + kHex1 + ",1:" + kHex2,         // id twice
      "1:" + kHex1 + ",2:" + kHex2 + ",3",  // a bad entry after good ones
  };
  for (const std::string& value : cases) {
    ScopedDataKeysEnv env(value);
    auto ring = Keyring::Load(dir.path());
    ASSERT_FALSE(ring.ok()) << "accepted: \"" << value << "\"";
    EXPECT_EQ(ring.error().code, ErrorCode::kInvalidArgument) << value;
    EXPECT_NE(ring.error().message.find("STARPREP_DATA_KEYS"), std::string::npos) << ring.error().message;
    EXPECT_EQ(ring.error().message.find(kHex1), std::string::npos) << "the error repeats the key";
  }
  EXPECT_FALSE(fs::exists(DataKeysPath(dir.path())));
}

TEST(KeyringEnv, UpperCaseHexAndSpacesAreAccepted) {
  std::string upper = kHex2;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ScopedDataKeysEnv env("3:" + upper + ", 5:" + kHex1);
  TempDir dir;
  auto ring = Keyring::Load(dir.path());
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ((*ring)->current_id(), 5);
}

}  // namespace
}  // namespace starprep::auth
