// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/read_pool.h"

#include <utility>

namespace starprep::store::sqlite {

ReadPool::ReadPool(std::string path, int max_size, std::function<Status(Connection&)> prepare)
    : path_(std::move(path)), max_size_(max_size < 1 ? 1 : max_size), prepare_(std::move(prepare)) {}

Result<ReadPool::Lease> ReadPool::Acquire() {
  {
    std::unique_lock lock(mu_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // reserve a slot, then open without holding the lock
  }
  auto conn = Connection::Open(path_, OpenMode::kReadOnly);
  Status prepared;
  if (conn && prepare_) prepared = prepare_(*conn);
  if (!conn || !prepared) {
    std::lock_guard lock(mu_);
    --open_;
    returned_.notify_one();
    if (!conn) return conn.error();
    return prepared.error();
  }
  return Lease(this, std::make_unique<Connection>(std::move(*conn)));
}

void ReadPool::Release(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

}  // namespace starprep::store::sqlite
