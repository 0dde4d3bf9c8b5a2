#pragma once

// A study written inline and one run of its first variant, as the CLI runs it
// (scenarios::runVariant, in a child process: one simulation per process).

#include "scenarios/runner.h"
#include "scenarios/studyreader.h"
#include "simcore/subprocess.h"

#include <QtGlobal>

#include <string>

namespace scalelab::testing {

/// The study in `yaml`; a study the reader refuses ends the test program.
inline scenarios::Study study(const std::string& yaml)
{
    const auto r = scenarios::parseStudy(yaml, "case.yaml");
    if (!r.ok())
        qFatal("%s", r.report().c_str());
    return *r.study;
}

/// The measured figures of the station (instance) `name` ("app/0") of a run.
inline const sim::StationMetrics& station(const scenarios::VariantRun& r, const std::string& name)
{
    for (const auto& s : r.summary.stations)
        if (s.name == name)
            return s;
    qFatal("no station %s", name.c_str());
    return r.summary.stations.front();
}

/// Replication 0 of the study's first variant, with the study's seed.
inline scenarios::VariantRun run(const scenarios::Study& s)
{
    const std::string text = sim::runInChild(
        [&] { return scenarios::variantRunToJson(scenarios::runVariant(s, s.variants.front(), s.run.seed, 0)); });
    return scenarios::variantRunFromJson(text);
}

} // namespace scalelab::testing
