#include "chartstool.h"

#include "errors.h"

#include "scenarios/runner.h"
#include "scenarios/workloadbands.h"
#include "simcore/framejson.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace scalelab::cli {

std::string streamOf(const scenarios::Study& study, const scenarios::Variant& variant, const ReplicationResult& result)
{
    std::string lines = sim::toJson(scenarios::streamStart(study, variant)) + "\n";
    for (const sim::Frame& frame : result.bins)
        lines += sim::frameLines(frame);
    return lines;
}

nlohmann::ordered_json chartAnnotations(const scenarios::Study& study)
{
    nlohmann::ordered_json bands = nlohmann::ordered_json::array();
    for (const scenarios::WorkloadBand& b : scenarios::workloadBands(study.workload, study.run.duration))
        bands.push_back({{"from", b.from}, {"to", b.to}, {"label", b.label}, {"ramp", b.ramp}});
    nlohmann::ordered_json j;
    j["slo_p99"] = study.slo.p99.value_or(0.0);
    j["bands"] = std::move(bands);
    return j;
}

std::optional<std::string> siblingTool(const std::string& name, const std::string& purpose, bool quiet)
{
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path tool = self.parent_path() / name;
    if (ec || ::access(tool.c_str(), X_OK) != 0) {
        if (!quiet)
                printError("cannot " + purpose + ": '" + tool.string() + "' is missing or not executable",
                       "scalelab-cli runs " + name + " from its own folder: build it (target " + name +
                           ") or install it there");
        return std::nullopt;
    }
    return tool.string();
}

std::optional<std::string> chartsTool(bool quiet)
{
    return siblingTool("scalelab-charts", "render the charts", quiet);
}

int runProgram(const std::vector<std::string>& argv, const std::function<void(const std::string&)>& onLine)
{
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    // With onLine: the child's stdout through a pipe, read line by line.
    int pipeEnds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (onLine) {
        if (::pipe(pipeEnds) != 0) {
            printError(std::string("cannot start '") + argv[0] + "': " + std::strerror(errno));
            posix_spawn_file_actions_destroy(&actions);
            return -1;
        }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0]);
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1]);
    }
    pid_t pid = 0;
    const int error = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (onLine)
        ::close(pipeEnds[1]);
    if (error != 0) {
        if (onLine)
            ::close(pipeEnds[0]);
        printError("cannot start '" + argv[0] + "': " + std::strerror(error));
        return -1;
    }
    if (onLine) {
        std::string pending;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(pipeEnds[0], buffer, sizeof buffer);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            pending.append(buffer, std::size_t(n));
            for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
                onLine(pending.substr(0, end));
                pending.erase(0, end + 1);
            }
        }
        if (!pending.empty())
            onLine(pending);
        ::close(pipeEnds[0]);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            printError("lost '" + argv[0] + "': " + std::strerror(errno));
            return -1;
        }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    printError("'" + argv[0] + "' crashed (signal " + std::to_string(WTERMSIG(status)) + ")",
               "report it with the study attached");
    return -1;
}

std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> readManifest(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("charts") || !manifest["charts"].is_array()) {
        printError("cannot read the list of charts scalelab-charts wrote ('" + path + "')", kFailedRunHint);
        return std::nullopt;
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> charts;
    for (const nlohmann::json& chart : manifest["charts"])
        charts.emplace_back(chart.value("title", std::string()), chart.value("files", std::vector<std::string>()));
    return charts;
}

TemporaryDir::TemporaryDir()
{
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "scalelab-streams-XXXXXX").string();
    if (!ec && ::mkdtemp(pattern.data()))
        m_path = pattern;
}

TemporaryDir::~TemporaryDir()
{
    std::error_code ec;
    if (!m_path.empty())
        std::filesystem::remove_all(m_path, ec);
}

} // namespace scalelab::cli
