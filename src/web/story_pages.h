// SPDX-License-Identifier: Apache-2.0
#pragma once
// The story bank: a signed-in candidate's STAR stories (list, create, view with the coach's
// feedback, edit, delete), the coverage matrix of a role's questions, and a Markdown export.

#include "http/router.h"
#include "practice/journal.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

class StoryPages {
 public:
  StoryPages(store::Store& store, const SessionGate& gate, practice::Journal& journal)
      : store_(store), gate_(gate), journal_(journal) {}

  void Register(http::Router& router);

 private:
  http::Response List(http::Request& req);
  http::Response NewForm(http::Request& req);
  http::Response Create(http::Request& req);
  http::Response Show(http::Request& req);
  http::Response EditForm(http::Request& req);
  http::Response Update(http::Request& req);
  http::Response ConfirmDelete(http::Request& req);
  http::Response Delete(http::Request& req);
  http::Response Coverage(http::Request& req);
  http::Response ExportMarkdown(http::Request& req);

  // The story form (new when `id` is 0) filled with `fields`, with `error` if the last save failed.
  http::Response StoryForm(const http::Request& req, std::int64_t id, const practice::StoryFields& fields,
                           const FormFailure* failure);
  // The story `raw_id` of `user`, or the error (404 for anything not theirs).
  Result<practice::Story> Find(const auth::Principal& user, const std::string& raw_id);

  store::Store& store_;
  const SessionGate& gate_;
  practice::Journal& journal_;
};

}  // namespace starprep::web
