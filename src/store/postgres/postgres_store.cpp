// SPDX-License-Identifier: Apache-2.0
// OpenPostgresStore: connect, migrate or check the schema, hand out the store.
#include "store/postgres/postgres_store.h"

#include "store/postgres/migrations.h"

namespace starprep::store {

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const PostgresOptions& options) {
  if (options.pool_size < 1)
    return Error{ErrorCode::kInvalidArgument, "the connection pool needs at least 1 connection"};
  auto conn = postgres::Conn::Open(url);
  if (!conn) return conn.error();
  if (options.migrate) {
    if (auto s = postgres::Migrate(**conn); !s) return s.error();
  } else if (auto s = postgres::CheckSchema(**conn); !s) {
    return s.error();
  }
  return std::unique_ptr<Store>(std::make_unique<postgres::PostgresStore>(url, options.pool_size));
}

}  // namespace starprep::store
