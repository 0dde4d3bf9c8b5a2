#pragma once

#include "models/fields.h"
#include "simcore/distribution.h"

#include <string>
#include <string_view>

namespace scalelab::scenarios {

// Field values as the study file writes them, and the words its messages use
// about them: shared by the reader, the writer, the validator, the docs and
// the GUI inspector.

/// A real value of the field's type as the file writes it: "8ms" (duration),
/// "60%" (a fraction written as a percentage), "10Gbps" or "500MB/s"
/// (bandwidth), "2KB" (bytes), "0.75" (number).
std::string fieldText(const models::FieldInfo& field, double value);

/// A distribution as the file writes it: a constant as a bare duration ("8ms"),
/// else its describe() text, with the mean and cv exact where describe() rounds.
std::string distributionText(const sim::Distribution& d);

/// Two distributions the writer cannot tell apart.
bool sameDistribution(const sim::Distribution& a, const sim::Distribution& b);

/// The field's range in words ("> 0", ">= 1", "between 0 and 1"); empty when it has none.
std::string rangeText(const models::FieldInfo& field);

/// What is wrong with `value` for the field, quoting `text` as the value
/// written: "must be > 0 (got 0s)"; empty when the value is within range.
std::string rangeError(const models::FieldInfo& field, double value, const std::string& text);

/// What a key of this type holds, for the reader's messages ("a duration such as 250ms").
std::string expectedText(const models::FieldInfo& field);

/// The type as the docs name it: "duration", "whole number", "list of names",
/// "`round_robin`, `random`, ..." (an enum's choices).
std::string typeText(const models::FieldInfo& field);

} // namespace scalelab::scenarios
