// SPDX-License-Identifier: Apache-2.0
#include "web/story_pages.h"

#include <algorithm>
#include <map>
#include <set>

#include "content/parser.h"
#include "core/dates.h"
#include "http/page_cache.h"
#include "web/pages.h"
#include "web/story_report.h"

namespace starprep::web {
namespace {

constexpr std::string_view kCompetencyField = "competency:";
constexpr std::string_view kQuestionField = "question:";

// The fields of a posted story form. Checkboxes are named "competency:<name>" and
// "question:<id>" (the form parser keeps one value per name); free-text competencies are comma
// separated. The journal trims, checks and de-duplicates.
practice::StoryFields FieldsFromForm(const Form& form) {
  practice::StoryFields f;
  f.title = FormText(form, "title");
  f.situation = FormText(form, "situation");
  f.task = FormText(form, "task");
  f.action = FormText(form, "action");
  f.result = FormText(form, "result");
  for (const auto& [name, value] : form) {
    if (name.starts_with(kCompetencyField)) f.competencies.push_back(name.substr(kCompetencyField.size()));
    if (name.starts_with(kQuestionField)) f.question_ids.push_back(name.substr(kQuestionField.size()));
  }
  for (auto& c : SplitCommaList(FormText(form, "competencies_other"))) f.competencies.push_back(std::move(c));
  return f;
}

std::map<std::string, std::string> QuestionTexts(const std::vector<content::Role>& roles) {
  std::map<std::string, std::string> out;
  for (const auto& r : roles)
    for (const auto& q : r.questions) out[q.id] = q.question;
  return out;
}

mus::data QuestionLinks(const std::vector<std::string>& ids, const std::map<std::string, std::string>& texts) {
  mus::data list{mus::data::type::list};
  for (const auto& id : ids) {
    mus::data item;
    auto it = texts.find(id);
    item.set("id", id);
    item.set("question", it == texts.end() ? id + " (no longer published)" : it->second);
    item.set("live", Flag(it != texts.end()));
    list.push_back(item);
  }
  return list;
}

mus::data Strings(const std::vector<std::string>& items) {
  mus::data list{mus::data::type::list};
  for (const auto& s : items) list.push_back(mus::data(s));
  return list;
}

// The four STAR parts, labelled as in model answers (letter, shape, colour and word).
mus::data StarParts(const practice::StoryFields& f) {
  static constexpr const char* kLetters[] = {"S", "T", "A", "R"};
  static constexpr const char* kClasses[] = {"s", "t", "a", "r"};
  static constexpr const char* kNames[] = {"Situation", "Task", "Action", "Result"};
  const std::string* texts[] = {&f.situation, &f.task, &f.action, &f.result};
  mus::data list{mus::data::type::list};
  for (int i = 0; i < 4; ++i) {
    mus::data p;
    p.set("letter", std::string(kLetters[i]));
    p.set("letter_lc", std::string(kClasses[i]));
    p.set("name", std::string(kNames[i]));
    p.set("text", *texts[i]);
    p.set("empty", Flag(texts[i]->empty()));
    list.push_back(p);
  }
  return list;
}

}  // namespace

void StoryPages::Register(http::Router& router) {
  auto bind = [this](http::Response (StoryPages::*fn)(http::Request&)) { return http::Bind(this, fn); };
  // Literal paths first: the router takes the first match.
  router.Get("/stories", bind(&StoryPages::List));
  router.Post("/stories", bind(&StoryPages::Create));
  router.Get("/stories/new", bind(&StoryPages::NewForm));
  router.Get("/stories/coverage", bind(&StoryPages::Coverage));
  router.Get("/stories/export.md", bind(&StoryPages::ExportMarkdown));
  router.Get("/stories/{id}", bind(&StoryPages::Show));
  router.Post("/stories/{id}", bind(&StoryPages::Update));
  router.Get("/stories/{id}/edit", bind(&StoryPages::EditForm));
  router.Get("/stories/{id}/delete", bind(&StoryPages::ConfirmDelete));
  router.Post("/stories/{id}/delete", bind(&StoryPages::Delete));
}

Result<practice::Story> StoryPages::Find(const auth::Principal& user, const std::string& raw_id) {
  auto id = ParsePositiveId(raw_id);
  if (!id) return Error{ErrorCode::kNotFound, "There is no story \"" + raw_id + "\"."};
  auto story = journal_.GetStory(user.user.id, *id);
  if (!story) return story.error();
  if (!*story) return Error{ErrorCode::kNotFound, "There is no story " + raw_id + " among yours."};
  return std::move(**story);
}

http::Response StoryPages::List(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto stories = journal_.ListStories(user.user.id);
  if (!stories) return http::ErrorReply(stories.error());
  auto roles = store_.ListLiveRoles();
  if (!roles) return http::ErrorReply(roles.error());
  const auto texts = QuestionTexts(*roles);
  mus::data items{mus::data::type::list};
  for (const auto& s : *stories) {
    mus::data item;
    item.set("id", std::to_string(s.id));
    item.set("title", s.fields.title);
    item.set("score", std::to_string(s.score));
    item.set("competencies", Strings(s.fields.competencies));
    item.set("has_competencies", Flag(!s.fields.competencies.empty()));
    item.set("questions", QuestionLinks(s.fields.question_ids, texts));
    item.set("has_questions", Flag(!s.fields.question_ids.empty()));
    item.set("updated", HumanDay(s.updated_at));
    item.set("updated_at", s.updated_at);
    items.push_back(item);
  }
  mus::data role_links{mus::data::type::list};
  for (const auto& r : *roles) {
    mus::data item;
    item.set("slug", r.slug);
    item.set("title", r.title);
    role_links.push_back(item);
  }
  mus::data d;
  d.set("stories", items);
  d.set("has_stories", Flag(!stories->empty()));
  d.set("role_links", role_links);
  return gate_.Serve(req, Layout({"Your STAR stories", "Your bank of STAR stories, linked to interview questions.",
                                  Render("stories", d), "", "", Nav::kSignedIn}));
}

http::Response StoryPages::StoryForm(const http::Request& req, std::int64_t id, const practice::StoryFields& fields,
                                     const FormFailure* failure) {
  auto roles = store_.ListLiveRoles();
  if (!roles) return http::ErrorReply(roles.error());
  // The competencies offered are those of the roles whose questions the story answers (all
  // roles' while it answers none). The others are rendered hidden, so the script can show them
  // when the questions ticked change; without it the form offers the linked roles' competencies,
  // and "Other competencies" takes any other.
  const std::set<std::string> linked(fields.question_ids.begin(), fields.question_ids.end());
  std::set<std::string> linked_roles;
  for (const auto& r : *roles)
    for (const auto& q : r.questions)
      if (linked.count(q.id)) linked_roles.insert(r.slug);
  const auto roles_of = CompetencyRoles(*roles);
  // A story's competency counts as the offered spelling with the same CompetencyKey ("api design"
  // saved before the packs were normalised ticks "api-design").
  std::map<std::string, std::string> offered_by_key;
  for (const auto& [name, slugs] : roles_of) offered_by_key.emplace(content::CompetencyKey(name), name);
  std::set<std::string> ticked;
  std::vector<std::string> other;
  for (const auto& c : fields.competencies) {
    const auto it = offered_by_key.find(content::CompetencyKey(c));
    if (it != offered_by_key.end())
      ticked.insert(it->second);
    else
      other.push_back(c);
  }
  mus::data competencies{mus::data::type::list};
  std::size_t index = 0;
  int shown = 0;
  for (const auto& [name, slugs] : roles_of) {
    const bool checked = ticked.count(name) > 0;
    bool in_linked_role = linked_roles.empty();
    std::string slug_list;
    for (const auto& slug : slugs) {
      slug_list += (slug_list.empty() ? "" : " ") + slug;
      in_linked_role |= linked_roles.count(slug) > 0;
    }
    mus::data item;
    item.set("name", name);
    item.set("field", std::string(kCompetencyField) + name);
    item.set("index", std::to_string(index++));
    item.set("roles", slug_list);
    item.set("checked", Flag(checked));
    item.set("hidden", Flag(!checked && !in_linked_role));
    shown += checked || in_linked_role;
    competencies.push_back(item);
  }
  std::string other_text;
  for (const auto& c : other) other_text += (other_text.empty() ? "" : ", ") + c;
  mus::data role_groups{mus::data::type::list};
  for (const auto& r : *roles) {
    mus::data group;
    group.set("title", r.title);
    group.set("slug", r.slug);
    mus::data questions{mus::data::type::list};
    bool any = false;
    for (const auto& q : r.questions) {
      mus::data item;
      item.set("id", q.id);
      item.set("field", std::string(kQuestionField) + q.id);
      item.set("question", q.question);
      item.set("checked", Flag(linked.count(q.id) > 0));
      any |= linked.count(q.id) > 0;
      questions.push_back(item);
    }
    group.set("questions", questions);
    group.set("open", Flag(any));
    role_groups.push_back(group);
  }
  std::string linked_titles;
  for (const auto& r : *roles)
    if (linked_roles.count(r.slug)) linked_titles += (linked_titles.empty() ? "" : ", ") + r.title;

  mus::data d;
  d.set("is_new", Flag(id == 0));
  d.set("action", id == 0 ? std::string("/stories") : "/stories/" + std::to_string(id));
  d.set("cancel", id == 0 ? std::string("/stories") : "/stories/" + std::to_string(id));
  d.set("title", fields.title);
  d.set("situation", fields.situation);
  d.set("task", fields.task);
  d.set("action_text", fields.action);
  d.set("result", fields.result);
  d.set("competency_options", competencies);
  d.set("competency_count", std::to_string(index));
  d.set("competency_shown", std::to_string(shown));
  if (!linked_titles.empty()) d.set("competency_roles", linked_titles);
  d.set("competencies_other", other_text);
  d.set("role_groups", role_groups);
  d.set("max_title", std::to_string(practice::kMaxStoryTitleChars));
  d.set("max_part", std::to_string(practice::kMaxStoryPartChars));
  d.set("csrf_slot", std::string(http::kTokenSlot));
  if (failure) d.set("error", failure->message);
  const std::string heading = id == 0 ? "New STAR story" : "Edit your story";
  http::Response r = gate_.Serve(req,
                                 Layout({heading, "Write a STAR story and link it to interview questions.",
                                         Render("story_form", d), "", "", Nav::kSignedIn}),
                                 failure ? failure->status : 200);
  if (failure) AddRetryAfter(r, *failure);
  return r;
}

http::Response StoryPages::NewForm(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  practice::StoryFields fields;
  // "/stories/new?question=<id>" starts a story linked to that question.
  if (auto q = req.Query("question"); q && !q->empty()) fields.question_ids.push_back(*q);
  return StoryForm(req, 0, fields, nullptr);
}

http::Response StoryPages::Create(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/stories/new")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  practice::StoryFields fields = FieldsFromForm(form);
  auto story = journal_.CreateStory(user.user.id, fields, dates::NowUtc());
  if (!story) {
    FormFailure failure = DescribeFailure(story.error());
    return StoryForm(req, 0, fields, &failure);
  }
  return http::Redirect(303, "/stories/" + std::to_string(story->id));
}

http::Response StoryPages::Show(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto story = Find(user, req.params["id"]);
  if (!story) return http::ErrorReply(story.error());
  auto roles = store_.ListLiveRoles();
  if (!roles) return http::ErrorReply(roles.error());
  const auto& f = story->fields;
  mus::data d;
  d.set("id", std::to_string(story->id));
  d.set("title", f.title);
  d.set("score", std::to_string(story->score));
  d.set("updated", HumanDay(story->updated_at));
  d.set("updated_at", story->updated_at);
  d.set("parts", StarParts(f));
  d.set("competencies", Strings(f.competencies));
  d.set("has_competencies", Flag(!f.competencies.empty()));
  d.set("questions", QuestionLinks(f.question_ids, QuestionTexts(*roles)));
  d.set("has_questions", Flag(!f.question_ids.empty()));
  auto report = journal_.CoachStory(f);
  d.set("coach_html",
        report ? RenderCoachResult(practice::Journal::StoryText(f), *report)
               : AlertHtml("The coach could not read this story: " + DescribeFailure(report.error()).message));
  return gate_.Serve(req, Layout({f.title, "One of your STAR stories with the coach's feedback.", Render("story", d),
                                  "", "", Nav::kSignedIn}));
}

http::Response StoryPages::EditForm(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto story = Find(user, req.params["id"]);
  if (!story) return http::ErrorReply(story.error());
  return StoryForm(req, story->id, story->fields, nullptr);
}

http::Response StoryPages::Update(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/stories/" + req.params["id"] + "/edit")) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto existing = Find(user, req.params["id"]);
  if (!existing) return http::ErrorReply(existing.error());
  practice::StoryFields fields = FieldsFromForm(form);
  auto story = journal_.UpdateStory(user.user.id, existing->id, fields, dates::NowUtc());
  if (!story) {
    FormFailure failure = DescribeFailure(story.error());
    return StoryForm(req, existing->id, fields, &failure);
  }
  return http::Redirect(303, "/stories/" + std::to_string(story->id));
}

http::Response StoryPages::ConfirmDelete(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto story = Find(user, req.params["id"]);
  if (!story) return http::ErrorReply(story.error());
  return gate_.Serve(
      req, ConfirmDeletePage("Delete this story?", "Confirm the deletion of a STAR story.",
                             "your story \"" + story->fields.title + "\"", "/stories/" + std::to_string(story->id)));
}

http::Response StoryPages::Delete(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user, "/stories/" + req.params["id"])) return *stop;
  Form form;
  if (auto bad = gate_.ReadForm(req, form)) return *bad;
  auto story = Find(user, req.params["id"]);
  if (!story) return http::ErrorReply(story.error());
  if (auto s = journal_.DeleteStory(user.user.id, story->id); !s) return http::ErrorReply(s.error());
  return http::Redirect(303, "/stories");
}

http::Response StoryPages::Coverage(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto roles = store_.ListLiveRoles();
  if (!roles) return http::ErrorReply(roles.error());
  if (roles->empty()) return http::ErrorReply(404, http::codes::kNotFound, "There are no roles yet.");
  const std::string slug = req.Query("role").value_or(roles->front().slug);
  auto role = std::find_if(roles->begin(), roles->end(), [&slug](const content::Role& r) { return r.slug == slug; });
  if (role == roles->end()) return http::ErrorReply(404, http::codes::kNotFound, "There is no role \"" + slug + "\".");
  auto stories = journal_.ListStories(user.user.id);
  if (!stories) return http::ErrorReply(stories.error());
  const StoryCoverage coverage = CoverStories(*role, *stories);
  mus::data rows{mus::data::type::list};
  for (const auto& row : coverage.rows) {
    mus::data item;
    item.set("id", row.question_id);
    item.set("question", row.question);
    mus::data linked{mus::data::type::list};
    for (const auto& s : row.stories) {
      mus::data link;
      link.set("id", std::to_string(s.id));
      link.set("title", s.title);
      linked.push_back(link);
    }
    item.set("stories", linked);
    item.set("covered", Flag(!row.stories.empty()));
    rows.push_back(item);
  }
  mus::data options{mus::data::type::list};
  for (const auto& r : *roles) {
    mus::data o;
    o.set("value", r.slug);
    o.set("label", r.title);
    o.set("selected", Flag(r.slug == role->slug));
    options.push_back(o);
  }
  mus::data d;
  d.set("role_title", role->title);
  d.set("role_slug", role->slug);
  d.set("role_options", options);
  d.set("rows", rows);
  d.set("covered", std::to_string(coverage.questions_covered) + " of " + std::to_string(coverage.rows.size()));
  d.set("uncovered", Strings(coverage.uncovered_competencies));
  d.set("has_uncovered", Flag(!coverage.uncovered_competencies.empty()));
  return gate_.Serve(req,
                     Layout({"Story coverage: " + role->title, "Which questions of a role your STAR stories answer.",
                             Render("story_coverage", d), "", "", Nav::kSignedIn}));
}

http::Response StoryPages::ExportMarkdown(http::Request& req) {
  auth::Principal user;
  if (auto stop = gate_.RequireUser(req, user)) return *stop;
  auto stories = journal_.ListStories(user.user.id);
  if (!stories) return http::ErrorReply(stories.error());
  auto roles = store_.ListLiveRoles();
  if (!roles) return http::ErrorReply(roles.error());
  http::Response r;
  r.SetBody(StoriesMarkdown(*stories, QuestionTexts(*roles)), "text/markdown; charset=utf-8");
  r.SetHeader("Content-Disposition", "attachment; filename=\"starprep-stories.md\"");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace starprep::web
