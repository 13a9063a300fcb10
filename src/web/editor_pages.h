// SPDX-License-Identifier: Apache-2.0
#pragma once
// The editors' inbox under /editor, for accounts with the editor or admin role (signed in with
// a session). Everyone else gets the same 404 as for a page that does not exist
// (http::NoSuchPage), for every method, before anything else is checked: the pages do not reveal
// that they exist.
//
//   GET  /editor             every live question per role with its votes, Wilson score, comment
//                            count and the votes since its text last changed; ?sort= reorders
//   GET  /editor/comments    the comment inbox, newest first; ?state=open|addressed|hidden|all,
//                            ?question=ID, ?page=N; a bulk form (checkboxes, optional note)
//   POST /editor/comments    marks the chosen comments addressed, hidden or open again (CSRF,
//                            then post/redirect/get back to the list it came from)
//   GET  /editor/audit       who did what to which comment, and when, newest first
//   GET  /editor/export.csv  every question's counts and every comment (feedback/export.h), the
//                            questions' links absolute when `origin` knows the site's origin
//
// Comments are untrusted reader text: the templates escape them, and no public page shows them.
// Every page is no-store. Thread-safe (references only).

#include <optional>
#include <string>

#include "auth/accounts.h"
#include "http/page_cache.h"
#include "http/public_origin.h"
#include "http/router.h"
#include "store/store.h"
#include "web/session_gate.h"

namespace starprep::web {

class EditorPages {
 public:
  // `origin` must outlive the pages.
  EditorPages(store::Store& store, const SessionGate& gate, http::PageCache& cache, const http::PublicOrigin& origin)
      : store_(store), gate_(gate), cache_(cache), origin_(origin) {}

  void Register(http::Router& router);

 private:
  http::Response Questions(http::Request& req);
  http::Response Comments(http::Request& req);
  http::Response Act(http::Request& req);
  http::Response Audit(http::Request& req);
  http::Response ExportCsv(http::Request& req);

  // Fills `user` and returns nullopt for a signed-in editor or admin; otherwise the reply to send
  // (http::NoSuchPage, or an error page when the store failed).
  std::optional<http::Response> RequireEditor(const http::Request& req, auth::Principal& user) const;
  // The inbox page for the request's filters, with `error` (if any) above the list.
  http::Response RenderComments(const http::Request& req, const std::string& error, int status);

  store::Store& store_;
  const SessionGate& gate_;
  http::PageCache& cache_;
  const http::PublicOrigin& origin_;
};

}  // namespace starprep::web
