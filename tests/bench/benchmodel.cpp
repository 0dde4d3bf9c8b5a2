#include "benchmodel.h"

#include "simcore/subprocess.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace scalelab::bench {

double erlangC(int c, double a)
{
    // Terms a^k / k! built iteratively: no overflow for the c of a benchmark.
    double term = 1.0;
    double sum = 0.0;
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double top = term / (1.0 - a / c); // a^c / c! / (1 - rho)
    return top / (sum + top);
}

double QueueModel::exactMeanResponse() const
{
    const double a = lambda / mu;
    if (a >= servers)
        return std::numeric_limits<double>::infinity();
    const double perStation = erlangC(servers, a) / (servers * mu - lambda) + 1.0 / mu;
    return stations * perStation;
}

std::string QueueModel::stationName(int k)
{
    std::string name = "s";
    name += std::to_string(k);
    return name;
}

std::string RunResult::serialize() const
{
    std::ostringstream out;
    out.precision(17);
    out << requests << ' ' << completions << ' ' << visits << ' ' << wall << ' ' << simulated << ' ' << meanResponse
        << ' ' << backlog << ' ' << peakRssKiB << ' ' << errors << ' ' << stations << ' ' << startRssKiB;
    return out.str();
}

RunResult RunResult::parse(const std::string& text)
{
    std::istringstream in(text);
    RunResult r;
    in >> r.requests >> r.completions >> r.visits >> r.wall >> r.simulated >> r.meanResponse >> r.backlog >>
        r.peakRssKiB >> r.errors >> r.stations >> r.startRssKiB;
    return r;
}

long peakRssKiB()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

long currentRssKiB()
{
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

int repetitions(int fallback)
{
    if (const char* env = std::getenv("SCALELAB_BENCH_REPEAT")) {
        const int n = std::atoi(env);
        if (n >= 1)
            return n;
    }
    return fallback;
}

RunResult inChild(const std::function<RunResult()>& run)
{
    return RunResult::parse(sim::runInChild([&run] { return run().serialize(); }));
}

RunResult bestOf(int times, const std::function<RunResult()>& run, std::vector<RunResult>* all)
{
    RunResult best;
    for (int i = 0; i < times; ++i) {
        const RunResult r = run();
        if (all)
            all->push_back(r);
        if (i == 0 || r.wall < best.wall)
            best = r;
    }
    return best;
}

std::string machineLoad()
{
    double one = 0, five = 0, fifteen = 0;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf %lf %lf", &one, &five, &fifteen) != 3)
            one = five = fifteen = 0;
        std::fclose(f);
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "load average %.2f %.2f %.2f (1, 5, 15 min) on %u cores", one, five, fifteen,
                  sim::availableCores());
    return buf;
}

std::string humanCount(double x)
{
    char buf[32];
    if (x >= 1e6)
        std::snprintf(buf, sizeof buf, "%.2fM", x / 1e6);
    else if (x >= 1e4)
        std::snprintf(buf, sizeof buf, "%.0fk", x / 1e3);
    else if (x >= 1e3)
        std::snprintf(buf, sizeof buf, "%.1fk", x / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
}

} // namespace scalelab::bench
