#pragma once

#include <chrono>
#include <string>

namespace scalelab::cli {

/// A one-line progress bar on stderr, with the simulated time done and an
/// estimate of the wall time left. Draws only when stderr is a terminal; a
/// no-op otherwise (pipes, files, the GUI). Writes with write(2) only, so a
/// thread may draw it while another forks.
class ProgressBar
{
public:
    /// `total`: simulated seconds to do over all runs; `runs`: how many runs share them.
    ProgressBar(double total, int runs);
    /// A part of longer work: `offset` simulated seconds were done before
    /// this bar, from `start`; `total` and `runs` are the whole's.
    ProgressBar(double total, int runs, double offset, std::chrono::steady_clock::time_point start);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    bool enabled() const { return m_enabled; }
    /// `done` simulated seconds so far; redraws at most ten times a second.
    void update(double done);
    /// Clears the line (also done by the destructor).
    void finish();

private:
    bool m_enabled = false;
    bool m_drawn = false;
    double m_total = 0.0;
    int m_runs = 1;
    double m_offset = 0.0;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

} // namespace scalelab::cli
