// SPDX-License-Identifier: Apache-2.0
#include "app/admin_cli.h"

#include <termios.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/app.h"
#include "app/open_store.h"
#include "auth/accounts.h"
#include "auth/keyring.h"
#include "feedback/export.h"

namespace starprep::app {
namespace fs = std::filesystem;
namespace {

// One line from standard input; on a terminal, prompted and not echoed.
std::optional<std::string> ReadSecretLine(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!ok) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int Fail(const Error& e) {
  std::cerr << "starprep: " << e.message << "\n";
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound || e.code == ErrorCode::kConflict ? 2
                                                                                                                   : 1;
}

void PrintKeyCounts(store::Store& store, int current) {
  auto counts = store.CountSealedByKey();
  if (!counts) {
    std::cerr << "starprep: " << counts.error().message << "\n";
    return;
  }
  std::cout << "current key: " << current << "\n";
  if (counts->empty()) std::cout << "no sealed records yet\n";
  for (const auto& [id, n] : *counts)
    std::cout << "key " << id << ": " << n << (n == 1 ? " record" : " records") << (id == current ? " (current)" : "")
              << "\n";
}

// The new password from standard input: asked twice on a terminal. nullopt (reported) if missing
// or the two differ.
std::optional<std::string> ReadNewPassword() {
  auto password = ReadSecretLine("Password (12 to 128 characters): ");
  if (!password) {
    std::cerr << "starprep: no password on standard input\n";
    return std::nullopt;
  }
  if (::isatty(STDIN_FILENO)) {
    auto again = ReadSecretLine("The same password again: ");
    if (!again || *again != *password) {
      std::cerr << "starprep: the passwords differ; nothing was changed\n";
      return std::nullopt;
    }
  }
  return password;
}

}  // namespace

int UserAdd(const std::string& email, const std::string& role, const fs::path& data_dir) {
  auto password = ReadNewPassword();
  if (!password) return 2;
  auto store = OpenStore(data_dir);
  if (!store) return Fail(store.error());
  auth::PasswordHasher hasher(auth::PasswordHasher::Interactive(), 1);
  auth::Accounts accounts(**store, hasher);
  auto user = accounts.AddUser(email, *password, role);
  if (!user) return Fail(user.error());
  std::cout << "added " << user->email << " (" << user->role << ")\n";
  return 0;
}

int UserSetPassword(const std::string& email, const fs::path& data_dir) {
  auto password = ReadNewPassword();
  if (!password) return 2;
  auto store = OpenStore(data_dir);
  if (!store) return Fail(store.error());
  auth::PasswordHasher hasher(auth::PasswordHasher::Interactive(), 1);
  auth::Accounts accounts(**store, hasher);
  if (auto s = accounts.ResetPassword(email, *password); !s) return Fail(s.error());
  std::cout << "new password set for " << email << "; its sessions were ended\n";
  return 0;
}

int UserSetRole(const std::string& email, const std::string& role, const fs::path& data_dir) {
  auto store = OpenStore(data_dir);
  if (!store) return Fail(store.error());
  auth::PasswordHasher hasher(auth::PasswordHasher::Minimum(), 1);  // no hashing happens here
  auth::Accounts accounts(**store, hasher);
  if (auto s = accounts.SetRole(email, role); !s) return Fail(s.error());
  std::cout << email << " is now " << role << "\n";
  return 0;
}

int KeysStatus(const fs::path& data_dir) {
  auto store = OpenStore(data_dir);
  if (!store) return Fail(store.error());
  auto keyring = auth::Keyring::Load(data_dir);
  if (!keyring) return Fail(keyring.error());
  PrintKeyCounts(**store, (*keyring)->current_id());
  return 0;
}

int KeysRotate(const fs::path& data_dir) {
  auto store = OpenStore(data_dir);
  if (!store) return Fail(store.error());
  if (!std::getenv("STARPREP_DATA_KEYS")) {
    auto added = auth::Keyring::AddKeyToFile(data_dir);
    if (!added) return Fail(added.error());
    std::cout << "added data key " << *added << " to " << auth::DataKeysPath(data_dir).string() << "\n";
    // Running servers re-read the key file every second; after this they seal with the new key,
    // so the records re-sealed below stay re-sealed.
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  auto keyring = auth::Keyring::Load(data_dir);
  if (!keyring) return Fail(keyring.error());
  auth::Keyring& ring = **keyring;
  const int current = ring.current_id();
  auto before = (*store)->CountSealedByKey();
  if (!before) return Fail(before.error());
  int total = 0;
  for (const auto& [id, n] : *before)
    if (id != current) total += n;
  std::cout << "re-sealing " << total << " records under key " << current << "\n";
  auto reseal = [&](store::SealedKind kind, std::int64_t user_id, const store::Sealed& old) -> Result<store::Sealed> {
    const std::string context = auth::SealedContext(kind, user_id);
    auto plain = ring.Open(old, context);
    if (!plain) return plain.error();
    return ring.Seal(*plain, context);
  };
  int done = 0;
  for (;;) {
    auto n = (*store)->ResealBatch(current, 200, reseal);
    if (!n) {
      std::cerr << "starprep: stopped after " << done << " records: " << n.error().message
                << " (records re-sealed so far stay re-sealed; run the command again to continue)\n";
      return 1;
    }
    if (*n == 0) break;
    done += *n;
    std::cout << "re-sealed " << done << " of " << std::max(done, total) << "\n";
  }
  PrintKeyCounts(**store, current);
  return 0;
}

int FeedbackExport(const fs::path& data_dir, const std::string& database_url, const std::string& format,
                   const std::string& public_url) {
  const auto origin = PublicUrlOrigin(public_url);  // "" keeps the links relative
  if (!origin) return 2;
  auto store = OpenStore(data_dir, DatabaseUrl(database_url));
  if (!store) return Fail(store.error());
  auto data = feedback::CollectExport(**store);
  if (!data) return Fail(data.error());
  if (format == "json") {
    std::cout << boost::json::serialize(feedback::ToJson(*data, *origin)) << "\n";
  } else {
    std::cout << feedback::ToCsv(*data, *origin);
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace starprep::app
