// SPDX-License-Identifier: Apache-2.0
#pragma once
// The content model: what a content pack holds once parsed. Plain values, no I/O.
// Markdown fields hold the author's Markdown source; rendering happens in web/.

#include <string>
#include <vector>

namespace starprep::content {

struct StarAnswer {
  std::string situation;  // Markdown, one to three sentences each
  std::string task;
  std::string action;
  std::string result;
};

struct Question {
  std::string id;                         // stable id from front matter: [a-z0-9-]+, unique across the pack
  std::string role_slug;                  // slug of the role folder it lives in
  int position = 0;                       // NN from the file name "NN-<slug>.md"; orders the role's questions
  std::string slug;                       // <slug> from the file name
  std::string question;                   // the question as an interviewer asks it (plain text)
  std::vector<std::string> competencies;  // e.g. "debugging", "communication"
  std::string kind;                       // "behavioral" | "technical" | "situational"
  std::string updated;                    // ISO date YYYY-MM-DD
  std::string why_md;                     // "## Why interviewers ask" section
  std::vector<std::string> dos;           // "Do:" bullets of "## Dos and don'ts" (Markdown inline)
  std::vector<std::string> donts;         // "Don't:" bullets
  StarAnswer answer;                      // "## Suggested answer" with ### Situation/Task/Action/Result
};

struct Role {
  std::string slug;  // folder name under content/roles: [a-z0-9-]+
  std::string title;
  std::string summary;  // one or two sentences, plain text
  std::string updated;  // ISO date YYYY-MM-DD
  std::vector<std::string> skills;
  std::string intro_md;             // body of role.md
  std::vector<Question> questions;  // ordered by position
};

struct Pack {
  std::vector<Role> roles;  // ordered by slug
};

}  // namespace starprep::content
