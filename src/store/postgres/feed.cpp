// SPDX-License-Identifier: Apache-2.0
#include "store/postgres/feed.h"

#include <poll.h>

#include <chrono>
#include <random>

#include "core/log.h"
#include "store/postgres/pg.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/queries.h"

namespace starprep::store::postgres {

ChangeFeed::ChangeFeed(std::string url, std::string instance, std::function<void(const std::string&)> fn)
    : url_(std::move(url)), prefix_(std::move(instance) + "|"), fn_(std::move(fn)), thread_([this] { Run(); }) {}

ChangeFeed::~ChangeFeed() {
  stop_ = true;
  thread_.join();
}

void ChangeFeed::Pause(int ms) const {
  for (int waited = 0; waited < ms && !stop_; waited += 50) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

void ChangeFeed::Run() {
  bool flush_on_connect = false;  // false only for a first connection made at once
  while (!stop_) {
    auto conn = Conn::Open(url_);
    Status listening = conn ? (*conn)->Run(sql::kListenChanges) : Status(conn.error());
    if (!listening) {
      log::Warn("change_feed_down", {{"message", listening.error().message}});
      flush_on_connect = true;
      Pause(1000);
      continue;
    }
    if (flush_on_connect) fn_("*");
    flush_on_connect = true;
    PGconn* h = (*conn)->handle();
    while (!stop_) {
      pollfd fd{PQsocket(h), POLLIN, 0};
      if (::poll(&fd, 1, 500) < 0) continue;  // EINTR: look again
      if (PQconsumeInput(h) == 0 || PQstatus(h) != CONNECTION_OK) break;
      while (PGnotify* n = PQnotifies(h)) {
        const std::string payload = n->extra ? n->extra : "";
        PQfreemem(n);
        if (!payload.starts_with(prefix_)) fn_(payload.substr(payload.find('|') + 1));
      }
    }
    if (!stop_) log::Warn("change_feed_lost", {{"message", "reconnecting; caches will be cleared"}});
  }
}

std::string NewInstanceId() {
  std::random_device random;
  return std::to_string(random()) + std::to_string(random());
}

void PostgresStore::Announce(const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  Status sent = pool_.Read([&](Conn& c) -> Status {
    for (const std::string& key : keys)
      if (auto r = c.Exec(sql::kNotifyChange, instance_ + "|" + key); !r) return r.error();
    return {};
  });
  if (!sent) log::Warn("change_not_announced", {{"message", sent.error().message}});
}

void PostgresStore::OnRemoteChange(std::function<void(const std::string&)> fn) {
  feed_.reset();  // joins the old feed's thread
  if (fn) feed_ = std::make_unique<ChangeFeed>(pool_.url(), instance_, std::move(fn));
}

}  // namespace starprep::store::postgres
