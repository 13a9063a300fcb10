// SPDX-License-Identifier: Apache-2.0
#include "http/too_many_requests.h"

#include "http/router.h"

namespace starprep::http {

Response TooManyRequests(int retry_after_seconds, std::string message) {
  Response r = ErrorReply(429, codes::kRateLimited, std::move(message));
  r.SetHeader("Retry-After", std::to_string(retry_after_seconds));
  return r;
}

}  // namespace starprep::http
