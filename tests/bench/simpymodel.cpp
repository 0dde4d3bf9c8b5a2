#include "simpymodel.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace scalelab::bench {

namespace {

/// Runs a shell command and returns its standard output; throws when it exits non-zero.
std::string capture(const std::string& command)
{
    std::fflush(nullptr);
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run: " + command);
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe))
        out.append(buf, n);
    const int status = ::pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("failed (status " + std::to_string(status) + "): " + command + "\n" + out);
    return out;
}

} // namespace

std::string simPyProblem()
{
    try {
        capture(std::string(kPython) + " -c 'import SimPy.Simulation' 2>&1");
        return {};
    } catch (const std::runtime_error& e) {
        return std::string("SimPy 2.3 is not importable by ") + kPython +
               " (Debian package python3-simpy): " + e.what();
    }
}

RunResult runSimPy(const QueueModel& model, std::uint64_t seed)
{
    std::ostringstream cmd;
    cmd.precision(17);
    cmd << kPython << " '" << SCALELAB_BENCH_SIMPY_SCRIPT << "' " << model.stations << ' ' << model.servers << ' '
        << model.lambda << ' ' << model.mu << ' ' << model.requests << ' ' << seed;
    const std::string out = capture(cmd.str());
    std::istringstream in(out);
    RunResult r;
    if (!(in >> r.requests >> r.completions >> r.visits >> r.wall >> r.simulated >> r.meanResponse >> r.peakRssKiB))
        throw std::runtime_error("unexpected output from " + cmd.str() + ": " + out);
    return r;
}

} // namespace scalelab::bench
