#pragma once

#include "replicator.h"

#include "scenarios/study.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scalelab::cli {

/// Replication 0 of a variant as stream lines (docs/stream.md): start, then
/// each bin's events and frame; what scalelab-charts reads.
std::string streamOf(const scenarios::Study& study, const scenarios::Variant& variant, const ReplicationResult& result);

/// What the charts mark beyond the frames (scalelab-charts --annotations):
/// the SLO's p99 and the workload's spikes and ramps.
nlohmann::ordered_json chartAnnotations(const scenarios::Study& study);

/// A Qt-linked tool installed next to this executable (scalelab-charts);
/// nullopt when it is not there (unless `quiet`, after printing why it cannot
/// be run).
std::optional<std::string> siblingTool(const std::string& name, const std::string& purpose, bool quiet = false);

/// scalelab-charts, the chart renderer, as siblingTool finds it.
std::optional<std::string> chartsTool(bool quiet = false);

/// Runs `argv` (argv[0]: the program's path) and waits for it; its exit code,
/// or -1 after printing why it did not exit normally. With `onLine`, the
/// program's stdout is read and handed over line by line (without '\n').
int runProgram(const std::vector<std::string>& argv, const std::function<void(const std::string&)>& onLine = {});

/// The charts scalelab-charts wrote, by title, from its --manifest file;
/// nullopt after printing why not.
std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> readManifest(const std::string& path);

/// A private temporary folder, removed with everything in it.
class TemporaryDir
{
public:
    TemporaryDir();
    ~TemporaryDir();
    TemporaryDir(const TemporaryDir&) = delete;
    TemporaryDir& operator=(const TemporaryDir&) = delete;

    /// Empty when it could not be created.
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace scalelab::cli
