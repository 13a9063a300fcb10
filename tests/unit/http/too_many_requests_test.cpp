// SPDX-License-Identifier: Apache-2.0
#include "http/too_many_requests.h"

#include <gtest/gtest.h>

namespace starprep::http {
namespace {

TEST(TooManyRequests, Is429WithRetryAfter) {
  const Response r = TooManyRequests(7, "slow down");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.GetHeader("Retry-After"), "7");
}

}  // namespace
}  // namespace starprep::http
