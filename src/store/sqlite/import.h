// SPDX-License-Identifier: Apache-2.0
#pragma once
// ImportPack: the body of SqliteStore::ReplaceContent, run on the write connection.

#include "content/model.h"
#include "core/result.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace starprep::store::sqlite {

// Makes `pack` the live content in one IMMEDIATE transaction; on any error (including a pack
// that names a role slug or question id twice: kInvalidArgument) nothing changes.
// Roles and questions are upserted by key. A live question whose ContentHash is unchanged is not
// written. Questions and roles absent from the pack get live = 0; a retired question that comes
// back is live again and counted as added. A question's role is the role that contains it.
// The caller serialises use of `writer`.
Result<ImportStats> ImportPack(Connection& writer, const content::Pack& pack);

}  // namespace starprep::store::sqlite
