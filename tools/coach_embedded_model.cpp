// SPDX-License-Identifier: Apache-2.0
// The coach model trained at build time (tools/coach_train), linked into the binary as bytes.
// COACH_MODEL_PATH is set by CMake; ccache does not cache files using .incbin, so a retrained
// model is always picked up.

#include <cstdio>
#include <cstdlib>

#include "coach/coach.h"

#ifndef COACH_MODEL_PATH
#error "COACH_MODEL_PATH must name the trained model file"
#endif

asm(".section .rodata\n"
    ".balign 16\n"
    ".global starprep_coach_model_begin\n"
    "starprep_coach_model_begin:\n"
    ".incbin \"" COACH_MODEL_PATH
    "\"\n"
    ".global starprep_coach_model_end\n"
    "starprep_coach_model_end:\n"
    ".previous\n");
extern "C" const char starprep_coach_model_begin[];
extern "C" const char starprep_coach_model_end[];

namespace starprep::coach {

const Model& EmbeddedModel() {
  static const Model model = [] {
    Model m;
    std::string error;
    const std::string_view bytes(starprep_coach_model_begin,
                                 static_cast<std::size_t>(starprep_coach_model_end - starprep_coach_model_begin));
    if (!Model::Deserialize(bytes, m, error)) {
      std::fprintf(stderr, "starprep: the embedded coach model is corrupt: %s\n", error.c_str());
      std::abort();  // a build defect, not a runtime condition
    }
    return m;
  }();
  return model;
}

}  // namespace starprep::coach
