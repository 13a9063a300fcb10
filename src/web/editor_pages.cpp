// SPDX-License-Identifier: Apache-2.0
#include "web/editor_pages.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <vector>

#include "core/dates.h"
#include "feedback/export.h"
#include "feedback/inbox.h"
#include "feedback/ranking.h"
#include "web/feedback_form.h"

namespace starprep::web {
namespace {

constexpr int kCommentsPerPage = 50;
constexpr int kAuditPerPage = 50;
constexpr const char* kInboxPath = "/editor/comments";

// The dashboard's sort orders: the query value, the column's label, and whether it sorts up.
struct SortKey {
  const char* key;
  const char* label;
  bool ascending;
};
constexpr SortKey kSortKeys[] = {
    {"position", "Question", true},        {"helpful", "Helpful", false},
    {"not_helpful", "Not helpful", false}, {"score", "Score (Wilson)", true},
    {"comments", "Comments", false},       {"since", "Since the text changed (yes / no)", false},
};

double Score(const store::QuestionFeedback& q) {
  return feedback::WilsonLowerBound(q.helpful, q.helpful + q.not_helpful);
}

std::string Fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Orders one role's questions by `key` (ties: by position).
void SortQuestions(std::vector<store::QuestionFeedback>& qs, const std::string& key) {
  auto value = [&key](const store::QuestionFeedback& q) -> double {
    if (key == "helpful") return q.helpful;
    if (key == "not_helpful") return q.not_helpful;
    if (key == "score") return Score(q);
    if (key == "comments") return q.open_comments * 1e6 + q.comments;  // open ones first
    if (key == "since") return q.helpful_since + q.not_helpful_since;
    return q.position;
  };
  const bool ascending = std::find_if(std::begin(kSortKeys), std::end(kSortKeys), [&](const SortKey& s) {
                           return key == s.key;
                         })->ascending;
  std::stable_sort(qs.begin(), qs.end(),
                   [&](const auto& a, const auto& b) { return ascending ? value(a) < value(b) : value(a) > value(b); });
}

std::string StateLabel(const std::string& state) {
  if (state == store::kCommentAddressed) return "Addressed";
  if (state == store::kCommentHidden) return "Hidden";
  return "Open";
}

// The inbox URL for these filters (page 1 when `page` is 1).
std::string InboxUrl(const std::string& state, const std::string& question, int page = 1) {
  std::string url = std::string(kInboxPath) + "?state=" + state;
  if (!question.empty()) url += "&question=" + QueryEscape(question);
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

// The ids of the comments ticked in the bulk form: fields "c<id>".
std::vector<std::int64_t> ChosenIds(const Form& form) {
  std::vector<std::int64_t> ids;
  for (const auto& [name, value] : form) {
    if (name.size() < 2 || name[0] != 'c' || value.empty()) continue;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), id);
    if (ec == std::errc() && end == name.data() + name.size() && id > 0) ids.push_back(id);
  }
  return ids;
}

int ParseCount(const std::optional<std::string>& text) {
  int n = 0;
  if (!text) return 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  return ec == std::errc() && end == text->data() + text->size() && n > 0 && n <= 1000 ? n : 0;
}

// The editor pages' tab bar (template editor_tabs) with `current` ("tab_questions", ...) marked.
std::string Tabs(const char* current) {
  mus::data tabs;
  tabs.set(current, true);
  return Render("editor_tabs", tabs);
}

}  // namespace

void EditorPages::Register(http::Router& router) {
  router.Get("/editor", [this](http::Request& r) { return Questions(r); });
  router.Get(kInboxPath, [this](http::Request& r) { return Comments(r); });
  router.Post(kInboxPath, [this](http::Request& r) { return Act(r); });
  router.Get("/editor/audit", [this](http::Request& r) { return Audit(r); });
  router.Get("/editor/export.csv", [this](http::Request& r) { return ExportCsv(r); });
  // Every other method: the router would answer 405 and so reveal the path; a non-editor gets the
  // 404 here too, an editor the 405.
  auto refuse = [this](const std::string& allow) {
    return [this, allow](http::Request& r) -> http::Response {
      auth::Principal user;
      if (auto stop = RequireEditor(r, user)) return *stop;
      http::Response resp =
          http::ErrorReply(405, http::codes::kMethodNotAllowed,
                           std::string(http::MethodName(r.method)) + " is not allowed here; use " + allow + ".");
      resp.SetHeader("Allow", allow);
      return resp;
    };
  };
  using http::Method;
  for (Method m : {Method::kPut, Method::kPatch, Method::kDelete, Method::kOptions, Method::kOther}) {
    for (const char* path : {"/editor", "/editor/audit", "/editor/export.csv"})
      router.Add(m, path, refuse("GET, HEAD"));
    router.Add(m, kInboxPath, refuse("GET, HEAD, POST"));
  }
  for (const char* path : {"/editor", "/editor/audit", "/editor/export.csv"})
    router.Add(Method::kPost, path, refuse("GET, HEAD"));
}

std::optional<http::Response> EditorPages::RequireEditor(const http::Request& req, auth::Principal& user) const {
  auto who = gate_.CurrentUser(req);
  if (!who) return http::ErrorReply(who.error());
  if (!*who || !auth::Accounts::IsEditorRole((*who)->user.role)) return http::NoSuchPage(req);
  user = std::move(**who);
  return std::nullopt;
}

http::Response EditorPages::Questions(http::Request& req) {
  auth::Principal user;
  if (auto stop = RequireEditor(req, user)) return *stop;
  std::string sort = req.Query("sort").value_or("position");
  if (std::none_of(std::begin(kSortKeys), std::end(kSortKeys), [&](const SortKey& s) { return sort == s.key; }))
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Query parameter \"sort\" must be position, helpful, not_helpful, score, comments or "
                            "since.");
  auto questions = store_.ListQuestionFeedback("");
  if (!questions) return http::ErrorReply(questions.error());
  auto roles = store_.ListRoles();
  if (!roles) return http::ErrorReply(roles.error());

  std::map<std::string, std::vector<store::QuestionFeedback>> by_role;
  int open_total = 0;
  for (auto& q : *questions) {
    open_total += q.open_comments;
    by_role[q.role_slug].push_back(std::move(q));
  }
  mus::data columns{mus::data::type::list};
  for (const auto& s : kSortKeys) {
    mus::data c;
    c.set("label", std::string(s.label));
    if (sort == s.key) {
      c.set("sorted", std::string(s.ascending ? "ascending" : "descending"));
    } else {
      c.set("href", std::string("/editor?sort=") + s.key);
    }
    columns.push_back(c);
  }
  mus::data role_list{mus::data::type::list};
  for (const auto& r : *roles) {
    auto it = by_role.find(r.slug);
    if (it == by_role.end()) continue;
    SortQuestions(it->second, sort);
    mus::data rows{mus::data::type::list};
    for (const auto& q : it->second) {
      mus::data row;
      row.set("id", q.question_id);
      row.set("position", std::to_string(q.position));
      row.set("question", q.question);
      row.set("helpful", std::to_string(q.helpful));
      row.set("not_helpful", std::to_string(q.not_helpful));
      row.set("score", Fixed2(Score(q)));
      row.set("comments", std::to_string(q.comments));
      if (q.open_comments > 0) row.set("open", std::to_string(q.open_comments));
      row.set("helpful_since", std::to_string(q.helpful_since));
      row.set("not_helpful_since", std::to_string(q.not_helpful_since));
      if (q.revision > 0) {
        row.set("revised_at", q.revised_at);
        row.set("revised_human", HumanDay(q.revised_at));
      }
      rows.push_back(row);
    }
    mus::data role;
    role.set("slug", r.slug);
    role.set("title", r.title);
    role.set("columns", columns);
    role.set("questions", rows);
    role_list.push_back(role);
  }
  mus::data d;
  d.set("roles", role_list);
  d.set("has_roles", Flag(!role_list.is_empty_list()));
  d.set("open_total", std::to_string(open_total));
  d.set("tabs_html", Tabs("tab_questions"));
  return gate_.Serve(req, Layout({"Editor inbox", "Readers' votes and comments on every answer, for editors.",
                                  Render("editor", d), "", "", Nav::kSignedIn}));
}

http::Response EditorPages::Comments(http::Request& req) {
  auth::Principal user;
  if (auto stop = RequireEditor(req, user)) return *stop;
  return RenderComments(req, "", 200);
}

http::Response EditorPages::RenderComments(const http::Request& req, const std::string& error, int status) {
  const std::string state = req.Query("state").value_or(store::kCommentOpen);
  if (state != "all" && state != store::kCommentOpen && state != store::kCommentAddressed &&
      state != store::kCommentHidden)
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Query parameter \"state\" must be open, addressed, hidden or all.");
  const std::string question = req.Query("question").value_or("");
  auto page = ParsePageNumber(req);
  if (!page)
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Query parameter \"page\" must be a number from 1 to 10000.");
  auto questions = store_.ListQuestionFeedback(question);
  if (!questions) return http::ErrorReply(questions.error());
  if (!question.empty() && questions->empty())
    return http::ErrorReply(404, http::codes::kNotFound, "There is no question \"" + question + "\".");
  std::map<std::string, const store::QuestionFeedback*> by_id;
  for (const auto& q : *questions) by_id[q.question_id] = &q;

  const std::string filter = state == "all" ? "" : state;
  auto list = store_.ListEditorComments({question, filter, kCommentsPerPage, (*page - 1) * kCommentsPerPage});
  if (!list) return http::ErrorReply(list.error());

  mus::data d;
  if (!question.empty()) {
    d.set("question", questions->front().question);
    d.set("question_id", question);
  }
  mus::data filters{mus::data::type::list};
  for (const char* f : {"open", "addressed", "hidden", "all"}) {
    auto count = store_.ListEditorComments({question, f == std::string("all") ? "" : f, 0, 0});
    if (!count) return http::ErrorReply(count.error());
    mus::data item;
    item.set("label", f == std::string("all") ? std::string("All") : StateLabel(f));
    item.set("href", InboxUrl(f, question));
    item.set("count", std::to_string(count->total));
    if (state == f) item.set("current", true);
    filters.push_back(item);
  }
  d.set("filters", filters);

  mus::data comments{mus::data::type::list};
  for (const auto& c : list->items) {
    mus::data item;
    item.set("id", std::to_string(c.id));
    item.set("question_id", c.question_id);
    auto q = by_id.find(c.question_id);
    item.set("question", q == by_id.end() ? c.question_id : q->second->question);
    if (q != by_id.end() && c.revision < q->second->revision) item.set("older", true);
    item.set("vote", std::string(c.helpful ? "helpful" : "not helpful"));
    item.set("comment", c.comment);
    item.set("written_at", c.written_at);
    item.set("when", HumanTime(c.written_at));
    item.set("state", c.state);
    item.set("state_label", StateLabel(c.state));
    if (!c.note.empty()) item.set("note", c.note);
    comments.push_back(item);
  }
  d.set("comments", comments);
  d.set("has_comments", Flag(!list->items.empty()));
  d.set("total", std::to_string(list->total));
  d.set("filter_word", state == "all" ? std::string("") : state);
  d.set("return", InboxUrl(state, question, *page));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  const int pages = std::max(1, (list->total + kCommentsPerPage - 1) / kCommentsPerPage);
  if (pages > 1) {
    d.set("paged", true);
    d.set("page", std::to_string(*page));
    d.set("pages", std::to_string(pages));
    if (*page > 1) d.set("prev", InboxUrl(state, question, *page - 1));
    if (*page < pages) d.set("next", InboxUrl(state, question, *page + 1));
  }
  if (const int done = ParseCount(req.Query("done")); done > 0 && error.empty()) {
    const std::string as = req.Query("as").value_or("");
    const std::string what = as == store::kCommentAddressed ? "marked addressed"
                             : as == store::kCommentHidden  ? "hidden"
                                                            : "reopened";
    d.set("notice", std::to_string(done) + (done == 1 ? " comment " : " comments ") + what + ".");
  }
  if (!error.empty()) d.set("error", error);
  d.set("tabs_html", Tabs("tab_comments"));
  return gate_.Serve(req,
                     Layout({"Comments · Editor inbox", "Readers' comments on the model answers, for editors.",
                             Render("editor_comments", d), "", "", Nav::kSignedIn}),
                     status);
}

http::Response EditorPages::Act(http::Request& req) {
  auth::Principal user;
  if (auto stop = RequireEditor(req, user)) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  std::string back = SafeReturnPath(FormText(form, "return"), InboxUrl(store::kCommentOpen, ""));
  if (!back.starts_with(kInboxPath)) back = InboxUrl(store::kCommentOpen, "");
  const std::string state = FormText(form, "state");
  feedback::CommentAction action{ChosenIds(form), state,           FormText(form, "note"),
                                 user.user.id,    user.user.email, dates::NowUtc()};
  auto done = feedback::ActOnComments(store_, action);
  if (!done) {
    const Error& e = done.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kNotFound) return http::ErrorReply(e);
    // The list comes back as it was, with the reason above it.
    http::Request again = req;
    const auto q = back.find('?');
    again.query = q == std::string::npos ? "" : back.substr(q + 1);
    return RenderComments(again, e.message, 400);
  }
  for (const auto& path : done->invalidate) cache_.Invalidate(path);
  return http::Redirect(303, back + (back.find('?') == std::string::npos ? "?" : "&") +
                                 "done=" + std::to_string(done->changed) + "&as=" + state);
}

http::Response EditorPages::Audit(http::Request& req) {
  auth::Principal user;
  if (auto stop = RequireEditor(req, user)) return *stop;
  auto page = ParsePageNumber(req);
  if (!page)
    return http::ErrorReply(400, http::codes::kInvalidArgument,
                            "Query parameter \"page\" must be a number from 1 to 10000.");
  auto records = store_.ListAudit(kAuditPerPage + 1, (*page - 1) * kAuditPerPage);
  if (!records) return http::ErrorReply(records.error());
  const bool more = records->size() > static_cast<std::size_t>(kAuditPerPage);
  if (more) records->pop_back();
  mus::data rows{mus::data::type::list};
  for (const auto& r : *records) {
    mus::data row;
    row.set("at", r.at);
    row.set("when", HumanTime(r.at));
    row.set("actor", r.actor);
    const std::string state = r.action.starts_with("comment.") ? r.action.substr(8) : r.action;
    row.set("action", state == store::kCommentAddressed ? std::string("Marked addressed")
                      : state == store::kCommentHidden  ? std::string("Hidden")
                      : state == store::kCommentOpen    ? std::string("Reopened")
                                                        : r.action);
    row.set("comment_id", std::to_string(r.comment_id));
    row.set("question_id", r.question_id);
    row.set("note", r.note);
    rows.push_back(row);
  }
  mus::data d;
  d.set("records", rows);
  d.set("has_records", Flag(!records->empty()));
  if (*page > 1) d.set("prev", "/editor/audit?page=" + std::to_string(*page - 1));
  if (more) d.set("next", "/editor/audit?page=" + std::to_string(*page + 1));
  d.set("has_pager", Flag(*page > 1 || more));
  d.set("tabs_html", Tabs("tab_audit"));
  return gate_.Serve(req, Layout({"Audit · Editor inbox", "Who changed which comment's state, and when.",
                                  Render("editor_audit", d), "", "", Nav::kSignedIn}));
}

http::Response EditorPages::ExportCsv(http::Request& req) {
  auth::Principal user;
  if (auto stop = RequireEditor(req, user)) return *stop;
  auto data = feedback::CollectExport(store_);
  if (!data) return http::ErrorReply(data.error());
  http::Response r;
  r.SetBody(feedback::ToCsv(*data, origin_.For(req)), "text/csv; charset=utf-8");
  r.SetHeader("Content-Disposition", "attachment; filename=\"starprep-feedback.csv\"");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace starprep::web
