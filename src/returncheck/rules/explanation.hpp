// What a finding is to the people following a return night after night: new since the last
// check, still open, or explained (the DfE's "notepad": a query explained once is not raised
// again while its figure stays the same).
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "returncheck/rules/finding.hpp"

namespace returncheck::rules {

// A person's explanation of one finding.
struct explanation {
  std::string fingerprint;
  std::string text;
  std::optional<double> value;  // the finding's figure (actual) explained; unset: whatever it is
  std::string given;            // who and when, as given ("A. Officer, 2026-11-30"); may be empty
};

// Sets each finding's status and explanation. With `previous` (the fingerprints of the last
// check of the same return), a finding is "new" or "open"; without, the status stays empty. A
// query or info whose fingerprint has an explanation for its current figure is "explained" and
// carries the text; errors must be fixed and cannot be explained away (the text is still shown
// in the cause). An explanation given for another figure has lapsed: the cause says so.
void apply_history(std::vector<finding>& findings, const std::set<std::string>* previous,
                   std::span<const explanation> explanations);

}  // namespace returncheck::rules
