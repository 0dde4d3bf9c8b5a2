#pragma once

#include "simcore/random.h"

#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace scalelab::sim {

/// Request rate over time (requests/s), piecewise linear: between two points the
/// rate ramps linearly when the later point is a ramp, and holds otherwise. The
/// rate before the first point is 0; after the last one it holds.
class RateProfile
{
public:
    struct Point
    {
        double time = 0.0; ///< s
        double rate = 0.0; ///< requests/s, >= 0
        bool ramp = false; ///< reach `rate` linearly from the previous point
    };

    RateProfile() = default;
    static RateProfile constant(double rate);
    /// Points must be in increasing time order.
    explicit RateProfile(std::vector<Point> points);

    double rateAt(double t) const;
    /// Highest rate on [from, to].
    double maxRate(double from, double to) const;
    /// Time of the next breakpoint after t (+inf if none).
    double nextBreak(double t) const;
    /// Expected number of arrivals on [from, to] (integral of the rate).
    double expectedArrivals(double from, double to) const;
    const std::vector<Point>& points() const { return m_points; }

private:
    std::vector<Point> m_points;
    std::size_t segmentAt(double t) const;
};

/// Where the next arrival falls: a stateful generator of arrival times.
class ArrivalProcess
{
public:
    virtual ~ArrivalProcess() = default;
    /// Absolute time of the next arrival after `now` (+inf when there are no more).
    virtual double next(double now) = 0;
};

/// Poisson arrivals with a time-varying rate, by thinning (Lewis-Shedler) on each
/// segment of the profile against that segment's highest rate.
std::unique_ptr<ArrivalProcess> makePoissonArrivals(RateProfile profile, RandomStream rng);
/// One arrival every 1/rate(t) seconds.
std::unique_ptr<ArrivalProcess> makeDeterministicArrivals(RateProfile profile);
/// Replays recorded timestamps (s, increasing).
std::unique_ptr<ArrivalProcess> makeTraceArrivals(std::vector<double> timestamps);

/// A problem in a trace file, compiler style.
struct TraceError
{
    std::string file;
    int line = 0;
    int column = 0;
    std::string message;
    std::string format() const;
};

template <typename T> struct TraceResult
{
    T value{};
    std::vector<TraceError> errors;
    bool ok() const { return errors.empty(); }
};

/// Reads a CSV of "time_s,rps" rows (an optional header line is skipped) into a
/// piecewise-constant profile.
TraceResult<RateProfile> loadRateTrace(const std::string& path);
/// Reads a CSV whose first column is a request timestamp in seconds.
TraceResult<std::vector<double>> loadTimestampTrace(const std::string& path);

} // namespace scalelab::sim
