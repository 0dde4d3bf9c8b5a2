#include "progressbar.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace scalelab::cli {

namespace {

void writeStderr(const char* text, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(STDERR_FILENO, text, size);
        if (n <= 0)
            return;
        text += n;
        size -= std::size_t(n);
    }
}

std::string clock(double seconds)
{
    const long s = long(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

} // namespace

ProgressBar::ProgressBar(double total, int runs)
    : m_enabled(::isatty(STDERR_FILENO) == 1), m_total(total), m_runs(std::max(1, runs)),
      m_start(std::chrono::steady_clock::now())
{
}

ProgressBar::ProgressBar(double total, int runs, double offset, std::chrono::steady_clock::time_point start)
    : ProgressBar(total, runs)
{
    m_offset = offset;
    m_start = start;
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double done)
{
    if (!m_enabled || m_total <= 0.0)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDraw = now;
    m_drawn = true;
    done += m_offset;
    const double fraction = std::clamp(done / m_total, 0.0, 1.0);
    constexpr int width = 24;
    const int filled = int(fraction * width);
    std::string bar(std::size_t(filled), '#');
    bar.resize(width, '-');
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const std::string eta = fraction > 0.0 ? clock(elapsed * (1.0 - fraction) / fraction) : "--:--";
    char line[160];
    const int n = m_runs > 1
                      ? std::snprintf(line, sizeof line, "\r[%s] %3d%%  simulated %.0f s of %.0f s in %d runs  ETA %s\033[K",
                                      bar.c_str(), int(fraction * 100.0), done, m_total, m_runs, eta.c_str())
                      : std::snprintf(line, sizeof line, "\r[%s] %3d%%  simulated %.0f s of %.0f s  ETA %s\033[K",
                                      bar.c_str(), int(fraction * 100.0), done, m_total, eta.c_str());
    if (n > 0)
        writeStderr(line, std::min(std::size_t(n), sizeof line - 1));
}

void ProgressBar::finish()
{
    if (!m_drawn)
        return;
    m_drawn = false;
    writeStderr("\r\033[K", 4);
}

} // namespace scalelab::cli
