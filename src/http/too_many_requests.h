// SPDX-License-Identifier: Apache-2.0
#pragma once
// The answer to a client whose RateLimiter (core/rate_limit.h) bucket is empty.

#include <string>

#include "http/message.h"

namespace starprep::http {

// A 429 with `Retry-After: retry_after_seconds` and `message` (rendered as JSON or HTML by the
// router, like every ErrorReply).
Response TooManyRequests(int retry_after_seconds, std::string message);

}  // namespace starprep::http
