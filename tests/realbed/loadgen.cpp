// An open-loop Poisson load generator for the loopback test bed. The arrival
// times are drawn before the run (a piecewise-constant rate, seeded) and each
// request opens its own connection at its time, whatever the others are
// doing: a slow response never delays the next request. Latency is measured
// from the intended start, so queueing in front of the server is counted (no
// coordinated omission). One thread with epoll and a timerfd serves
// thousands of requests in flight.
//
//   realbed-loadgen --port P --rate AT:RPS[,AT:RPS...] --duration S
//                   --seed N --out FILE.csv [--drain S]
//
// FILE.csv: intended,sent,end,status per request, seconds from the run's
// start; status is the HTTP status, 0 for a connection refused or reset,
// -1 for a request still open --drain seconds after the last start. The
// run's start on CLOCK_MONOTONIC is printed on stdout ("t0 S") before the
// first request.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Options
{
    int port = 0;
    std::vector<std::pair<double, double>> rate; // (from s, requests/s)
    double duration = 10;
    double drain = 30;
    unsigned long seed = 1;
    std::string out;
};

[[noreturn]] void usage(const char *why)
{
    std::fprintf(stderr, "realbed-loadgen: %s\nusage: realbed-loadgen --port P --rate AT:RPS[,AT:RPS...] "
                         "--duration S --seed N --out FILE.csv [--drain S]\n", why);
    std::exit(2);
}

std::vector<std::pair<double, double>> parseRate(const std::string &text)
{
    std::vector<std::pair<double, double>> points;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t comma = std::min(text.find(',', pos), text.size());
        const std::string item = text.substr(pos, comma - pos);
        const size_t colon = item.find(':');
        if (colon == std::string::npos)
            usage("--rate items are AT:RPS");
        points.emplace_back(std::atof(item.substr(0, colon).c_str()), std::atof(item.substr(colon + 1).c_str()));
        pos = comma + 1;
    }
    if (points.empty() || points.front().first != 0)
        usage("--rate must start at 0");
    for (size_t i = 1; i < points.size(); ++i)
        if (points[i].first <= points[i - 1].first)
            usage("--rate points must increase in time");
    return points;
}

Options parse(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            usage(("missing value after " + a).c_str());
        const char *v = argv[++i];
        if (a == "--port")
            o.port = std::atoi(v);
        else if (a == "--rate")
            o.rate = parseRate(v);
        else if (a == "--duration")
            o.duration = std::atof(v);
        else if (a == "--drain")
            o.drain = std::atof(v);
        else if (a == "--seed")
            o.seed = std::strtoul(v, nullptr, 10);
        else if (a == "--out")
            o.out = v;
        else
            usage(("unknown option " + a).c_str());
    }
    if (o.port <= 0 || o.rate.empty() || o.duration <= 0 || o.out.empty())
        usage("--port, --rate, --duration and --out are required");
    return o;
}

// A Poisson process of piecewise-constant rate: memoryless, so at each change
// of rate the next gap is drawn again from the change.
std::vector<double> arrivals(const Options &o)
{
    std::mt19937_64 rng(o.seed);
    std::vector<double> times;
    double t = 0;
    size_t k = 0;
    while (t < o.duration) {
        const double end = k + 1 < o.rate.size() ? o.rate[k + 1].first : o.duration;
        const double rps = o.rate[k].second;
        const double next = rps > 0 ? t + std::exponential_distribution<double>(rps)(rng) : end;
        if (next >= end) {
            t = end;
            ++k;
            if (k >= o.rate.size())
                break;
            continue;
        }
        t = next;
        times.push_back(t);
    }
    return times;
}

double now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

timespec toTimespec(double t)
{
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(std::floor(t));
    ts.tv_nsec = static_cast<long>((t - std::floor(t)) * 1e9);
    return ts;
}

struct Request
{
    double sent = -1;
    double end = -1;
    int status = -1;
    int fd = -1;
    std::string head; // the first bytes of the response
};

constexpr uint64_t timerTag = UINT64_MAX;

class Generator
{
public:
    Generator(const Options &o, std::vector<double> intended)
        : m_o(o), m_intended(std::move(intended)), m_requests(m_intended.size())
    {
        m_epoll = epoll_create1(0);
        m_timer = timerfd_create(CLOCK_MONOTONIC, 0);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = timerTag;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timer, &ev);
        m_addr.sin_family = AF_INET;
        m_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_addr.sin_port = htons(static_cast<uint16_t>(o.port));
    }

    void run()
    {
        m_t0 = now() + 0.05;
        // CLOCK_MONOTONIC, as Python's time.monotonic(): a harness times faults by it.
        std::printf("t0 %.6f\n", m_t0);
        std::fflush(stdout);
        armTimer();
        const double last = m_t0 + m_o.duration;
        epoll_event events[256];
        while (m_next < m_intended.size() || m_open > 0) {
            int timeout = -1;
            if (m_next >= m_intended.size()) {
                const double left = last + m_o.drain - now();
                if (left <= 0)
                    break;
                timeout = static_cast<int>(left * 1000) + 1;
            }
            const int n = epoll_wait(m_epoll, events, 256, timeout);
            for (int i = 0; i < n; ++i) {
                if (events[i].data.u64 == timerTag)
                    startDue();
                else
                    onSocket(events[i].data.u64, events[i].events);
            }
        }
    }

    void write(FILE *out) const
    {
        std::fprintf(out, "intended,sent,end,status\n");
        for (size_t i = 0; i < m_requests.size(); ++i) {
            const Request &r = m_requests[i];
            if (r.end >= 0)
                std::fprintf(out, "%.6f,%.6f,%.6f,%d\n", m_intended[i], r.sent - m_t0, r.end - m_t0, r.status);
            else
                std::fprintf(out, "%.6f,%.6f,,-1\n", m_intended[i], r.sent >= 0 ? r.sent - m_t0 : -1.0);
        }
    }

    // Seconds each request's connect came after its intended start.
    std::vector<double> lateness() const
    {
        std::vector<double> late;
        for (size_t i = 0; i < m_requests.size(); ++i)
            if (m_requests[i].sent >= 0)
                late.push_back(m_requests[i].sent - m_t0 - m_intended[i]);
        return late;
    }

private:
    void armTimer()
    {
        if (m_next >= m_intended.size())
            return;
        itimerspec spec{};
        spec.it_value = toTimespec(m_t0 + m_intended[m_next]);
        timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &spec, nullptr);
    }

    void startDue()
    {
        uint64_t expirations = 0;
        [[maybe_unused]] const ssize_t got = read(m_timer, &expirations, sizeof expirations);
        const double t = now();
        while (m_next < m_intended.size() && m_t0 + m_intended[m_next] <= t)
            start(m_next++);
        armTimer();
    }

    void start(size_t i)
    {
        Request &r = m_requests[i];
        r.sent = now();
        r.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (r.fd < 0) {
            std::fprintf(stderr, "realbed-loadgen: socket: %s\n", std::strerror(errno));
            finish(i, 0);
            return;
        }
        const int one = 1;
        setsockopt(r.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ++m_open;
        if (connect(r.fd, reinterpret_cast<const sockaddr *>(&m_addr), sizeof m_addr) != 0 && errno != EINPROGRESS) {
            finish(i, 0);
            return;
        }
        epoll_event ev{};
        ev.events = EPOLLOUT;
        ev.data.u64 = i;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, r.fd, &ev);
    }

    void onSocket(uint64_t i, uint32_t what)
    {
        Request &r = m_requests[i];
        if (r.fd < 0)
            return;
        if (r.head.empty() && r.status == -1 && (what & EPOLLOUT)) {
            int error = 0;
            socklen_t len = sizeof error;
            getsockopt(r.fd, SOL_SOCKET, SO_ERROR, &error, &len);
            static const char request[] = "GET / HTTP/1.1\r\nHost: realbed\r\nConnection: close\r\n\r\n";
            if (error != 0 || send(r.fd, request, sizeof request - 1, MSG_NOSIGNAL) != sizeof request - 1) {
                finish(i, 0);
                return;
            }
            r.status = -2; // sent, awaiting the response
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.u64 = i;
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, r.fd, &ev);
            return;
        }
        char buf[4096];
        const ssize_t n = recv(r.fd, buf, sizeof buf, 0);
        if (n > 0) {
            if (r.head.size() < 32)
                r.head.append(buf, static_cast<size_t>(std::min<ssize_t>(n, 32)));
            return;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        // End of the response (or a reset): the status line says how it went.
        int status = 0;
        if (r.head.rfind("HTTP/1.", 0) == 0 && r.head.size() >= 12)
            status = std::atoi(r.head.c_str() + 9);
        finish(i, status);
    }

    void finish(size_t i, int status)
    {
        Request &r = m_requests[i];
        r.end = now();
        r.status = status;
        if (r.fd >= 0) {
            close(r.fd);
            --m_open;
        }
        r.fd = -1;
    }

    const Options &m_o;
    std::vector<double> m_intended;
    std::vector<Request> m_requests;
    int m_epoll = -1;
    int m_timer = -1;
    sockaddr_in m_addr{};
    double m_t0 = 0;
    size_t m_next = 0;
    size_t m_open = 0;
};

} // namespace

int main(int argc, char **argv)
{
    const Options o = parse(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    Generator generator(o, arrivals(o));
    generator.run();

    FILE *out = std::fopen(o.out.c_str(), "w");
    if (!out) {
        std::fprintf(stderr, "realbed-loadgen: cannot write %s: %s\n", o.out.c_str(), std::strerror(errno));
        return 1;
    }
    generator.write(out);
    std::fclose(out);

    std::vector<double> late = generator.lateness();
    std::sort(late.begin(), late.end());
    if (!late.empty())
        std::fprintf(stderr, "realbed-loadgen: %zu requests; start lateness p99 %.3f ms, max %.3f ms\n", late.size(),
                     late[static_cast<size_t>(0.99 * static_cast<double>(late.size() - 1))] * 1e3,
                     late.back() * 1e3);
    return 0;
}
