// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small content pack for tests that need live questions in a store: role "backend" with
// questions "be-outage", "be-review", "be-deadline" and role "frontend" with "fe-a11y".

#include <string>
#include <vector>

#include "content/model.h"

namespace starprep::testing {

inline content::Question SampleQuestion(const std::string& id, const std::string& role, int position,
                                        const std::string& topic) {
  content::Question q;
  q.id = id;
  q.role_slug = role;
  q.position = position;
  q.slug = id;
  q.question = "Tell me about a time you handled " + topic + ".";
  q.competencies = {"ownership", "communication"};
  q.kind = "behavioral";
  q.updated = "2026-01-01";
  q.why_md = "They want to see how you handle " + topic + ".";
  q.dos = {"Be specific"};
  q.donts = {"Blame others"};
  q.answer = {"Our service had " + topic + ".", "I had to resolve " + topic + ".",
              "I analysed the logs and fixed the cause.", "Errors fell by 90% within a day."};
  return q;
}

inline content::Pack SamplePack() {
  content::Role backend;
  backend.slug = "backend";
  backend.title = "Back-end Developer";
  backend.summary = "Builds services.";
  backend.updated = "2026-01-01";
  backend.skills = {"SQL", "incident response"};
  backend.intro_md = "# Back-end";
  backend.questions = {SampleQuestion("be-outage", "backend", 1, "a production outage"),
                       SampleQuestion("be-review", "backend", 2, "a difficult code review"),
                       SampleQuestion("be-deadline", "backend", 3, "a tight deadline")};
  content::Role frontend;
  frontend.slug = "frontend";
  frontend.title = "Front-end Developer";
  frontend.summary = "Builds interfaces.";
  frontend.updated = "2026-01-01";
  frontend.skills = {"accessibility"};
  frontend.intro_md = "# Front-end";
  frontend.questions = {SampleQuestion("fe-a11y", "frontend", 1, "an accessibility bug")};
  content::Pack pack;
  pack.roles = {backend, frontend};
  return pack;
}

}  // namespace starprep::testing
