// SPDX-License-Identifier: Apache-2.0
#pragma once
// ReadPool: a bounded pool of read-only SQLite connections to one WAL database. Thread-safe.
// Connections are opened lazily, up to `max_size`; when all are leased, Acquire() waits for
// one to come back. WAL lets these readers run concurrently with each other and with the one
// writer, each seeing the last committed state when its statement or transaction starts.
// The pool must outlive every Lease it hands out.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite/db.h"

namespace starprep::store::sqlite {

class ReadPool {
 public:
  // `prepare` (optional) runs on each connection once, when it opens (registering functions);
  // its failure is Acquire's.
  ReadPool(std::string path, int max_size, std::function<Status(Connection&)> prepare = {});
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // Exclusive use of one connection until the Lease is destroyed.
  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Fails (kUnavailable/kInternal) only when a new connection cannot be opened.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> conn);

  const std::string path_;
  const int max_size_;
  const std::function<Status(Connection&)> prepare_;
  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_ = 0;                                   // guarded by mu_: idle + leased + opening
};

}  // namespace starprep::store::sqlite
