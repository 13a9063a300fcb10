// SPDX-License-Identifier: Apache-2.0
#include "web/account_pages.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/dates.h"
#include "core/log.h"
#include "http/page_cache.h"
#include "practice/target_roles.h"
#include "web/feedback_form.h"

namespace starprep::web {
namespace {

// Where to go after signing in: a local path from the form or query, else the progress page.
std::string NextPath(const std::string& candidate) {
  const std::string next = SafeReturnPath(candidate, "/progress");
  // Never back to the sign-in pages themselves.
  return next.starts_with("/signin") || next.starts_with("/signup") ? std::string("/progress") : next;
}

// Fixed notices shown after a redirect (?done=...): the query never carries free text.
std::string NoticeFor(const std::optional<std::string>& done) {
  if (!done) return {};
  if (*done == "password") return "Your password is changed. Other devices were signed out; this one stays signed in.";
  if (*done == "token-revoked") return "The API token is revoked. Programs using it can no longer sign in with it.";
  if (*done == "signed-out") return "You are signed out.";
  if (*done == "everywhere") return "You are signed out on every device and browser, including this one.";
  return {};
}

// The target-roles section's own notice (it sits next to the form the redirect scrolls to).
std::string TargetNoticeFor(const std::optional<std::string>& done) {
  if (done && *done == "target-roles")
    return "Your target roles are saved. Your progress page's coverage and \"Next up\" card now follow them.";
  return {};
}

std::string RoleLabel(const std::string& role) {
  if (role == "admin") return "Administrator";
  if (role == "editor") return "Editor";
  return "Member";
}

// The flash cookie that carries a new API token from its POST to the account page.
constexpr std::string_view kNewTokenFlash = "sp_new_token";
constexpr std::string_view kNewTokenFlashPath = "/account";
constexpr int kNewTokenFlashSeconds = 120;

// The flash's plain text: scope, token, name, one per line (a token name has no line breaks).
std::string PackNewToken(const auth::NewApiToken& t) {
  return std::string(auth::ScopeName(t.scope)) + "\n" + t.token + "\n" + t.name;
}

}  // namespace

void AccountPages::Register(http::Router& router) {
  auto bind = [this](http::Response (AccountPages::*fn)(http::Request&)) { return http::Bind(this, fn); };
  router.Get("/signup", bind(&AccountPages::SignUpForm));
  router.Post("/signup", bind(&AccountPages::SignUp), http::Runs::kBlocking);  // argon2id: off the I/O thread
  router.Get("/signin", bind(&AccountPages::SignInForm));
  router.Post("/signin", bind(&AccountPages::SignIn), http::Runs::kBlocking);
  router.Post("/mock/guest/keep", bind(&AccountPages::KeepGuestMock));
  router.Post("/signout", bind(&AccountPages::SignOut));
  router.Get("/account", bind(&AccountPages::Account));
  router.Post("/account/password", bind(&AccountPages::ChangePassword), http::Runs::kBlocking);
  router.Post("/account/signout-everywhere", bind(&AccountPages::SignOutEverywhere));
  router.Post("/account/target-roles", bind(&AccountPages::SaveTargetRoles));
  router.Post("/account/tokens", bind(&AccountPages::CreateToken));
  router.Get("/account/tokens/{id}/delete", bind(&AccountPages::ConfirmRevokeToken));
  router.Post("/account/tokens/{id}/delete", bind(&AccountPages::RevokeToken));
  router.Get("/account/export", bind(&AccountPages::Export));
  router.Get("/account/delete", bind(&AccountPages::DeleteForm));
  router.Post("/account/delete", bind(&AccountPages::Delete), http::Runs::kBlocking);
  router.Get("/account/deleted", bind(&AccountPages::Deleted));
}

http::Response AccountPages::CredentialsForm(const http::Request& req, bool signup, const std::string& email,
                                             const std::string& name, const std::string& next,
                                             const FormFailure* failure, const std::string& notice,
                                             const std::string& keep_mock) {
  mus::data d;
  d.set("signup", Flag(signup));
  if (!keep_mock.empty()) d.set("keep_mock", keep_mock);
  d.set("email", email);
  d.set("display_name", name);
  d.set("next", next);
  d.set("next_query", next == "/progress" ? std::string() : "?next=" + QueryEscape(next));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  if (failure) d.set("error", failure->message);
  if (!notice.empty()) d.set("notice", notice);
  const std::string title = signup ? "Create your account" : "Sign in";
  http::Response r =
      gate_.Serve(req,
                  Layout({title,
                          signup ? "Create a starprep account to save your practice attempts and STAR stories."
                                 : "Sign in to starprep to see your progress and your STAR stories.",
                          Render("credentials", d), "", "", Nav::kAnonymous}),
                  failure ? failure->status : 200);
  if (failure) AddRetryAfter(r, *failure);
  return r;
}

http::Response AccountPages::StartSession(const auth::NewSession& session, const std::string& next) {
  http::Response r = http::Redirect(303, next);
  r.AddHeader("Set-Cookie", gate_.csrf().SessionCookie(session.token, session.max_age_seconds));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response AccountPages::SignUpForm(http::Request& req) {
  const std::string next = NextPath(req.Query("next").value_or(""));
  auto who = gate_.CurrentUser(req);
  if (who.ok() && who->has_value()) return http::Redirect(303, next);
  return CredentialsForm(req, true, "", "", next, nullptr, "");
}

http::Response AccountPages::SignUp(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::string email = FormText(form, "email"), name = FormText(form, "display_name");
  const std::string next = NextPath(FormText(form, "next"));
  auto session = accounts_.SignUp(email, FormText(form, "password"), name, req.remote_addr);
  if (!session) {
    FormFailure failure = DescribeFailure(session.error());
    return CredentialsForm(req, true, email, name, next, &failure, "", FormText(form, "keep_mock"));
  }
  // A session the browser still held (another account) ends with the new one's start.
  if (auto old = gate_.csrf().SessionOf(req); !old.empty()) (void)accounts_.SignOut(old);
  return StartSession(*session, KeepAfterSignIn(form, session->user.id, next));
}

http::Response AccountPages::SignInForm(http::Request& req) {
  const std::string next = NextPath(req.Query("next").value_or(""));
  auto who = gate_.CurrentUser(req);
  if (who.ok() && who->has_value()) return http::Redirect(303, next);
  return CredentialsForm(req, false, "", "", next, nullptr, NoticeFor(req.Query("done")));
}

http::Response AccountPages::SignIn(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::string email = FormText(form, "email");
  const std::string next = NextPath(FormText(form, "next"));
  auto session = accounts_.SignIn(email, FormText(form, "password"), req.remote_addr);
  if (!session) {
    FormFailure failure = DescribeFailure(session.error());
    return CredentialsForm(req, false, email, "", next, &failure, "", FormText(form, "keep_mock"));
  }
  if (auto old = gate_.csrf().SessionOf(req); !old.empty()) (void)accounts_.SignOut(old);
  return StartSession(*session, KeepAfterSignIn(form, session->user.id, next));
}

std::string AccountPages::KeepAfterSignIn(const Form& form, std::int64_t user_id, const std::string& next) {
  const std::string token = FormText(form, "keep_mock");
  if (token.empty()) return next;
  auto kept = mocks_.KeepGuest(user_id, token, now_());
  if (!kept) {
    log::Warn("guest_mock_not_kept", {{"user", user_id}, {"error", kept.error().message}});
    return next;
  }
  return "/mock/" + std::to_string(*kept) + "?kept=1";
}

http::Response AccountPages::KeepGuestMock(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::string token = FormText(form, "state");
  auto who = gate_.CurrentUser(req);
  if (!who) return http::ErrorReply(who.error());
  const std::int64_t now = now_();
  if (*who) {
    auto kept = mocks_.KeepGuest((*who)->user.id, token, now);
    if (!kept) return http::ErrorReply(kept.error());
    return http::Redirect(303, "/mock/" + std::to_string(*kept) + "?kept=1");
  }
  if (auto run = mocks_.OpenGuest(token, now); !run) return http::ErrorReply(run.error());
  const bool signin = FormText(form, "as") == "signin";
  return CredentialsForm(req, !signin, "", "", "/mock", nullptr,
                         "Your mock interview report is kept as soon as you " +
                             std::string(signin ? "sign in" : "create your account") + ": nothing to retype.",
                         token);
}

http::Response AccountPages::SignOut(http::Request& req) {
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  if (auto s = accounts_.SignOut(gate_.csrf().SessionOf(req)); !s) return http::ErrorReply(s.error());
  http::Response r = http::Redirect(303, "/signin?done=signed-out");
  r.AddHeader("Set-Cookie", gate_.csrf().ClearSessionCookie());
  return r;
}

http::Response AccountPages::AccountPage(const http::Request& req, const auth::Principal& user, const AccountView& view,
                                         int status) {
  auto tokens = store_.ListApiTokens(user.user.id);
  if (!tokens) return http::ErrorReply(tokens.error());
  mus::data d;
  d.set("email", user.user.email);
  d.set("display_name", user.user.display_name);
  d.set("has_name", Flag(!user.user.display_name.empty()));
  d.set("account_type", RoleLabel(user.user.role));
  d.set("is_editor", Flag(auth::Accounts::IsEditorRole(user.user.role)));
  d.set("created_human", HumanDay(user.user.created_at));
  d.set("created_at", user.user.created_at);
  d.set("csrf_slot", std::string(http::kTokenSlot));
  if (!view.notice.empty()) d.set("notice", view.notice);
  if (!view.password_error.empty()) d.set("password_error", view.password_error);
  if (!view.token_error.empty()) d.set("token_error", view.token_error);
  if (!view.new_token.empty()) {
    d.set("new_token", view.new_token);
    d.set("new_token_name", view.new_token_name);
    d.set("new_token_scope", view.new_token_scope);
  }
  mus::data list{mus::data::type::list};
  for (const auto& t : *tokens) {
    mus::data item;
    item.set("id", std::to_string(t.id));
    item.set("name", t.name);
    item.set("scope", t.scope);
    item.set("created_human", HumanDay(t.created_at));
    item.set("created_at", t.created_at);
    if (!t.last_used_at.empty()) {
      item.set("last_used", HumanDay(t.last_used_at));
      item.set("last_used_at", t.last_used_at);
    }
    list.push_back(item);
  }
  d.set("tokens", list);
  d.set("has_tokens", Flag(!tokens->empty()));
  auto roles = store_.ListRoles();
  if (!roles) return http::ErrorReply(roles.error());
  std::vector<std::string> chosen;
  if (view.target_chosen) {
    chosen = *view.target_chosen;
  } else {
    auto targets = store_.ListTargetRoles(user.user.id);
    if (!targets) return http::ErrorReply(targets.error());
    chosen = std::move(*targets);
  }
  mus::data options{mus::data::type::list};
  for (const auto& r : *roles) {
    mus::data item;
    item.set("slug", r.slug);
    item.set("title", r.title);
    item.set("checked", Flag(std::find(chosen.begin(), chosen.end(), r.slug) != chosen.end()));
    options.push_back(item);
  }
  d.set("target_options", options);
  d.set("max_targets", std::to_string(practice::kMaxTargetRoles));
  if (!view.target_error.empty()) d.set("target_error", view.target_error);
  if (!view.target_notice.empty()) d.set("target_notice", view.target_notice);
  d.set("max_name", std::to_string(auth::kMaxTokenNameChars));
  return gate_.Serve(req,
                     Layout({"Your account", "Your starprep account: password, sessions, API tokens and your data.",
                             Render("account", d), "", "", Nav::kSignedIn}),
                     status);
}

http::Response AccountPages::Account(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  AccountView view;
  view.notice = NoticeFor(req.Query("done"));
  view.target_notice = TargetNoticeFor(req.Query("done"));
  const bool has_flash = req.Cookie(kNewTokenFlash).has_value();
  if (auto flash = gate_.csrf().OpenFlash(req, kNewTokenFlash)) {
    const auto first = flash->find('\n'), second = flash->find('\n', first + 1);
    if (first != std::string::npos && second != std::string::npos) {
      view.new_token_scope = flash->substr(0, first);
      view.new_token = flash->substr(first + 1, second - first - 1);
      view.new_token_name = flash->substr(second + 1);
    }
    sodium_memzero(flash->data(), flash->size());
  }
  http::Response r = AccountPage(req, user, view);
  // Shown once: this response removes the cookie, so a reload or another tab does not show it.
  if (has_flash) r.AddHeader("Set-Cookie", gate_.csrf().ClearFlashCookie(kNewTokenFlash, kNewTokenFlashPath));
  return r;
}

http::Response AccountPages::ChangePassword(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/account")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto session = accounts_.ChangePassword(user.user, FormText(form, "current_password"), FormText(form, "new_password"),
                                          req.remote_addr);
  if (!session) {
    FormFailure failure = DescribeFailure(session.error());
    http::Response r = AccountPage(req, user, {"", failure.message, "", "", ""}, failure.status);
    AddRetryAfter(r, failure);
    return r;
  }
  return StartSession(*session, "/account?done=password");
}

http::Response AccountPages::SignOutEverywhere(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/account")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  if (auto n = accounts_.SignOutEverywhere(user.user.id); !n) return http::ErrorReply(n.error());
  http::Response r = http::Redirect(303, "/signin?done=everywhere");
  r.AddHeader("Set-Cookie", gate_.csrf().ClearSessionCookie());
  return r;
}

http::Response AccountPages::SaveTargetRoles(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/account")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  // Checkboxes are named "role:<slug>" (the form parser keeps one value per name).
  constexpr std::string_view kRoleField = "role:";
  std::vector<std::string> chosen;
  for (const auto& [name, value] : form)
    if (name.starts_with(kRoleField)) chosen.push_back(name.substr(kRoleField.size()));
  // In the page's order (by title) rather than the form's (by name).
  auto roles = store_.ListRoles();
  if (!roles) return http::ErrorReply(roles.error());
  std::vector<std::string> ordered;
  for (const auto& r : *roles)
    if (std::find(chosen.begin(), chosen.end(), r.slug) != chosen.end()) ordered.push_back(r.slug);
  for (const auto& slug : chosen)
    if (std::find(ordered.begin(), ordered.end(), slug) == ordered.end()) ordered.push_back(slug);  // refused below
  auto saved = practice::SaveTargetRoles(store_, user.user.id, ordered);
  if (!saved) {
    FormFailure failure = DescribeFailure(saved.error());
    AccountView view;
    view.target_error = failure.message;
    view.target_chosen = ordered;
    return AccountPage(req, user, view, failure.status);
  }
  http::Response r = http::Redirect(303, "/account?done=target-roles#target-roles");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response AccountPages::CreateToken(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/account")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  const std::string name = FormText(form, "name");
  const std::string scope_name = FormText(form, "scope");
  const auto scope = scope_name.empty() ? std::optional(auth::kDefaultTokenScope) : auth::ParseScope(scope_name);
  if (!scope)
    return AccountPage(req, user, {"", "", "Choose the scope \"read\" or \"write\" for the token.", "", "", ""}, 400);
  auto token = accounts_.CreateApiToken(user.user.id, name, *scope);
  if (!token) {
    FormFailure failure = DescribeFailure(token.error());
    return AccountPage(req, user, {"", "", failure.message, "", "", ""}, failure.status);
  }
  // Post/redirect/get: the token travels to the account page in a sealed one-shot cookie (never
  // in the URL), so reloading that page neither re-creates nor shows it again.
  http::Response r = http::Redirect(303, "/account#tokens");
  std::string packed = PackNewToken(*token);
  r.AddHeader("Set-Cookie", gate_.csrf().FlashCookie(kNewTokenFlash, packed, gate_.csrf().SessionOf(req),
                                                     kNewTokenFlashPath, kNewTokenFlashSeconds));
  sodium_memzero(packed.data(), packed.size());
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response AccountPages::ConfirmRevokeToken(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto id = ParsePositiveId(req.params["id"]);
  auto tokens = store_.ListApiTokens(user.user.id);
  if (!tokens) return http::ErrorReply(tokens.error());
  const auto it =
      std::find_if(tokens->begin(), tokens->end(), [&](const store::ApiTokenInfo& t) { return id && t.id == *id; });
  if (it == tokens->end())
    return http::ErrorReply(404, http::codes::kNotFound, "There is no API token \"" + req.params["id"] + "\".");
  return gate_.Serve(
      req, ConfirmDeletePage(
               "Revoke this API token?", "Confirm that an API token is revoked.",
               "the " + it->scope + " token \"" + it->name + "\"", "/account/tokens/" + std::to_string(it->id),
               {"/account#tokens", "Revoke the token", "Keep it", "Programs using it can no longer sign in with it."}));
}

http::Response AccountPages::RevokeToken(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/account")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto id = ParsePositiveId(req.params["id"]);
  if (!id) return http::ErrorReply(404, http::codes::kNotFound, "There is no API token \"" + req.params["id"] + "\".");
  if (auto s = store_.DeleteApiToken(user.user.id, *id); !s) return http::ErrorReply(s.error());
  return http::Redirect(303, "/account?done=token-revoked#tokens");
}

http::Response AccountPages::Export(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto data = practice::ExportUserData(store_, journal_, corrections_, mocks_, user.user, dates::NowUtc());
  if (!data) return http::ErrorReply(data.error());
  http::Response r;
  r.SetBody(boost::json::serialize(*data), "application/json");
  r.SetHeader("Content-Disposition", "attachment; filename=\"starprep-export.json\"");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response AccountPages::DeleteForm(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  mus::data d;
  d.set("email", user.user.email);
  d.set("csrf_slot", std::string(http::kTokenSlot));
  return gate_.Serve(req, Layout({"Delete your account", "Delete your starprep account and everything in it.",
                                  Render("account_delete", d), "", "", Nav::kSignedIn}));
}

http::Response AccountPages::Delete(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/account/delete")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto fail = [&](const FormFailure& failure) {
    mus::data d;
    d.set("email", user.user.email);
    d.set("csrf_slot", std::string(http::kTokenSlot));
    d.set("error", failure.message);
    http::Response r = gate_.Serve(req,
                                   Layout({"Delete your account", "Delete your starprep account and everything in it.",
                                           Render("account_delete", d), "", "", Nav::kSignedIn}),
                                   failure.status);
    AddRetryAfter(r, failure);
    return r;
  };
  if (FormText(form, "confirm") != "delete")
    return fail({400, "Tick the box to confirm that you want your account and everything in it deleted.", 0});
  if (auto s = accounts_.DeleteAccount(user.user, FormText(form, "password"), req.remote_addr); !s) {
    FormFailure failure = DescribeFailure(s.error());
    if (s.error().code == ErrorCode::kUnauthenticated)
      failure = {400, "That password is not right; nothing was deleted.", 0};
    return fail(failure);
  }
  http::Response r = http::Redirect(303, "/account/deleted");
  r.AddHeader("Set-Cookie", gate_.csrf().ClearSessionCookie());
  return r;
}

http::Response AccountPages::Deleted(http::Request& req) {
  mus::data d;
  return gate_.Serve(req, Layout({"Account deleted", "Your starprep account has been deleted.",
                                  Render("account_deleted", d), "", "", gate_.NavFor(req)}));
}

}  // namespace starprep::web
