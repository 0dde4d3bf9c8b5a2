#include "streamcontrol.h"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <poll.h>
#include <thread>
#include <unistd.h>

namespace scalelab::cli {

namespace {

std::string_view trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

} // namespace

std::optional<StreamCommand> parseStreamCommand(std::string_view line, std::string& error)
{
    const std::string_view text = trim(line);
    if (text == "pause")
        return StreamCommand{StreamCommand::Kind::Pause, 0.0};
    if (text == "resume")
        return StreamCommand{StreamCommand::Kind::Resume, 0.0};
    if (text == "stop")
        return StreamCommand{StreamCommand::Kind::Stop, 0.0};
    if (text.substr(0, 6) == "speed " || text.substr(0, 6) == "speed\t") {
        std::string_view arg = trim(text.substr(6));
        if (arg == "max")
            return StreamCommand{StreamCommand::Kind::Speed, 0.0};
        if (!arg.empty() && (arg.back() == 'x' || arg.back() == 'X'))
            arg.remove_suffix(1);
        double x = 0.0;
        const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), x);
        if (ec == std::errc() && end == arg.data() + arg.size() && !arg.empty() && std::isfinite(x) && x >= 0.0)
            return StreamCommand{StreamCommand::Kind::Speed, x};
        error = "speed needs a number >= 0 of simulated seconds per second, or max (got '" + std::string(trim(text.substr(6))) +
                "')";
        return std::nullopt;
    }
    error = "unknown command '" + std::string(text) + "'; known: pause, resume, speed X, stop";
    return std::nullopt;
}

std::vector<std::string> CommandReader::poll(int timeoutMs)
{
    std::vector<std::string> lines;
    if (m_closed) {
        if (timeoutMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(timeoutMs));
        return lines;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeoutMs, 0));
    int wait = timeoutMs;
    while (true) {
        pollfd p{m_fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, wait);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break;
        char buf[4096];
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0) {
            m_closed = true;
            if (!m_partial.empty())
                lines.push_back(std::move(m_partial));
            m_partial.clear();
            break;
        }
        m_partial.append(buf, std::size_t(n));
        for (std::size_t nl; (nl = m_partial.find('\n')) != std::string::npos;) {
            lines.push_back(m_partial.substr(0, nl));
            m_partial.erase(0, nl + 1);
        }
        if (!lines.empty())
            break;
        // Only part of a line so far: keep waiting for the rest within the timeout.
        if (timeoutMs >= 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                                    std::chrono::steady_clock::now());
            wait = int(std::max<long long>(0, left.count()));
        }
    }
    return lines;
}

} // namespace scalelab::cli
