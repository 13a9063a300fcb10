// SPDX-License-Identifier: Apache-2.0
#pragma once
// A personal record's texts sealed as one JSON object (auth/keyring.h), with the record's table
// and owner as associated data: the one way attempts, stories and coach corrections seal and open
// what they keep private.

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/keyring.h"
#include "core/result.h"
#include "store/store.h"

namespace starprep::practice {

// `payload`, serialised and sealed under the current key for `user_id`'s record of `kind`.
store::Sealed SealJson(const auth::Keyring& keyring, store::SealedKind kind, std::int64_t user_id,
                       const boost::json::object& payload);

// The object that `sealed` holds. The keyring's error when it does not open; kInternal naming
// `record` ("attempt 12") when it holds something other than a JSON object.
Result<boost::json::object> OpenJson(auth::Keyring& keyring, store::SealedKind kind, std::int64_t user_id,
                                     const store::Sealed& sealed, std::string_view record);

// A string member of `o`; "" when it is absent or not a string.
std::string StringMember(const boost::json::object& o, std::string_view key);

}  // namespace starprep::practice
