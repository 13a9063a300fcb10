// SPDX-License-Identifier: Apache-2.0
#pragma once
// Errors as values. A Result<T> holds either a T or an Error; callers must look.
// Error codes are transport-neutral; http/ maps them to status codes in one place.

#include <string>
#include <utility>
#include <variant>

namespace starprep {

enum class ErrorCode {
  kInvalidArgument,   // the caller's input is wrong (4xx)
  kNotFound,          // the thing asked for does not exist
  kConflict,          // the write collides with existing state
  kTooLarge,          // input over a documented limit
  kUnavailable,       // a dependency (database, disk) failed transiently
  kInternal,          // a bug or an impossible state
  kUnauthenticated,   // the caller must sign in (or the credentials are wrong)
  kPermissionDenied,  // signed in, but not allowed
  kRateLimited,       // too many attempts; retry after Error::retry_after seconds
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // safe to show to a client for all codes but kInternal/kUnavailable
  int retry_after = 0;  // seconds, for kRateLimited and kUnavailable (0: unspecified)
  // For kUnavailable: what the client is told instead of a generic "unavailable" (e.g. that the
  // server's disk is full and the change was not saved). Empty: the generic text.
  std::string client_message;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace starprep
