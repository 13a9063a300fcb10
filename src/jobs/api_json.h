// SPDX-License-Identifier: Apache-2.0
#pragma once
// The JSON API's representation of a job (GET /api/v1/jobs, POST/PUT bodies), documented in
// docs/openapi.json as Job and JobInput. Pure.

#include <boost/json/object.hpp>

#include <string_view>
#include <vector>

#include "core/result.h"
#include "jobs/model.h"
#include "jobs/roles.h"

namespace starprep::jobs {

// {"id","title","company":{name,url,logo},"roles","remote","applicant_locations","offices",
//  "employment_type","salary":{min,max,currency,unit}|null,"description","apply_url",
//  "date_posted","valid_through","source","source_id","skills","expired","url"}
boost::json::object ToApiJson(const Job& job, std::string_view now_utc);

// A JobInput body -> a validated Job. Required: title, company.name, description, apply_url,
// date_posted, remote. Optional: everything else; "roles" omitted means MapRoles(title, skills);
// roles must be slugs of `roles` (kInvalidArgument names an unknown one). valid_through may be a
// date (end of that day, UTC) or a date-time. source defaults to "editor"; source_id to
// `default_source_id`. Unknown fields are rejected.
Result<Job> FromApiJson(const boost::json::value& body, const std::vector<RoleInfo>& roles,
                        const std::string& default_source_id);

}  // namespace starprep::jobs
