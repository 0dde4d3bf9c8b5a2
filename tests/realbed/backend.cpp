// A small HTTP backend for the loopback test bed: one FIFO queue of accepted
// connections and W worker threads. A worker takes the oldest connection,
// reads its request, holds itself for an exponential service time (a sleep:
// the worker is busy, the CPU is not, so the service time does not depend on
// the machine's load) and answers 200. One request per connection.
//
//   realbed-backend --port P --workers W --mean S [--mode normal|slow|zero]
//                   [--slow-mean S] [--seed N]
//
// --port 0 takes a free port; the port is printed on stdout ("port N") once
// the socket listens, so a harness can wait for it. Killed with SIGKILL and
// started again on the same port, it plays a crashed and restarted server.
// Stopped with SIGTERM or SIGINT, it prints "served N hold S": the requests
// answered and the mean time a worker held one (from taking it off the queue
// to closing its connection: the sleep plus the thread's own overheads), the
// service time a model of this server should use.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options
{
    int port = 0;
    int workers = 4;
    double mean = 0.010;     // s, normal mode
    double slowMean = 0.030; // s, slow mode
    std::string mode = "normal";
    unsigned long seed = 1;
};

[[noreturn]] void usage(const char *why)
{
    std::fprintf(stderr, "realbed-backend: %s\nusage: realbed-backend --port P --workers W --mean S "
                         "[--mode normal|slow|zero] [--slow-mean S] [--seed N]\n", why);
    std::exit(2);
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
        else if (a == "--workers")
            o.workers = std::atoi(v);
        else if (a == "--mean")
            o.mean = std::atof(v);
        else if (a == "--slow-mean")
            o.slowMean = std::atof(v);
        else if (a == "--mode")
            o.mode = v;
        else if (a == "--seed")
            o.seed = std::strtoul(v, nullptr, 10);
        else
            usage(("unknown option " + a).c_str());
    }
    if (o.workers < 1 || o.mean < 0 || o.slowMean < 0 || o.port < 0 || o.port > 65535)
        usage("bad value");
    if (o.mode != "normal" && o.mode != "slow" && o.mode != "zero")
        usage("--mode must be normal, slow or zero");
    return o;
}

class Fifo
{
public:
    void push(int fd)
    {
        {
            std::lock_guard lock(m_mutex);
            m_fds.push_back(fd);
        }
        m_ready.notify_one();
    }
    int pop()
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return !m_fds.empty(); });
        const int fd = m_fds.front();
        m_fds.pop_front();
        return fd;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<int> m_fds;
};

// Service times drawn in the order requests start service: the sequence is
// the same for a seed whatever the threads' timing.
class ServiceTimes
{
public:
    ServiceTimes(double mean, unsigned long seed) : m_mean(mean), m_rng(seed) {}
    double next()
    {
        if (m_mean <= 0)
            return 0;
        std::lock_guard lock(m_mutex);
        return std::exponential_distribution<double>(1.0 / m_mean)(m_rng);
    }

private:
    double m_mean;
    std::mutex m_mutex;
    std::mt19937_64 m_rng;
};

struct Served
{
    std::atomic<long long> requests{0};
    std::atomic<long long> holdNs{0};
};

volatile std::sig_atomic_t stopRequested = 0;

void onStop(int)
{
    stopRequested = 1;
}

long long monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

bool readRequest(int fd)
{
    std::string buf;
    char chunk[2048];
    while (buf.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        buf.append(chunk, static_cast<size_t>(n));
        if (buf.size() > 65536)
            return false;
    }
    return true;
}

void sleepFor(double seconds)
{
    if (seconds <= 0)
        return;
    timespec until{};
    clock_gettime(CLOCK_MONOTONIC, &until);
    const auto ns = static_cast<long long>(seconds * 1e9);
    until.tv_sec += static_cast<time_t>(ns / 1000000000LL);
    until.tv_nsec += static_cast<long>(ns % 1000000000LL);
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec += 1;
        until.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr) == EINTR) {
    }
}

void worker(Fifo &fifo, ServiceTimes &times, Served &served)
{
    // The default 50 us timer slack would lengthen every sleep.
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    static const char response[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
                                   "Connection: close\r\n\r\nok\n";
    for (;;) {
        const int fd = fifo.pop();
        const long long taken = monotonicNs();
        if (readRequest(fd)) {
            sleepFor(times.next());
            send(fd, response, sizeof response - 1, MSG_NOSIGNAL);
        }
        close(fd);
        served.holdNs += monotonicNs() - taken;
        ++served.requests;
    }
}

} // namespace

int main(int argc, char **argv)
{
    const Options o = parse(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    // No SA_RESTART: a stop request interrupts accept().
    struct sigaction stop{};
    stop.sa_handler = onStop;
    sigaction(SIGTERM, &stop, nullptr);
    sigaction(SIGINT, &stop, nullptr);
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(o.port));
    if (bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(listener, 4096) != 0) {
        std::fprintf(stderr, "realbed-backend: cannot listen on 127.0.0.1:%d: %s\n", o.port, std::strerror(errno));
        return 1;
    }
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len);
    std::printf("port %d\n", ntohs(addr.sin_port));
    std::fflush(stdout);

    const double mean = o.mode == "zero" ? 0.0 : (o.mode == "slow" ? o.slowMean : o.mean);
    Fifo fifo;
    ServiceTimes times(mean, o.seed);
    Served served;
    // The workers never take the stop signals: the accepting thread must.
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stops, nullptr);
    std::vector<std::thread> pool;
    for (int i = 0; i < o.workers; ++i)
        pool.emplace_back(worker, std::ref(fifo), std::ref(times), std::ref(served));
    pthread_sigmask(SIG_UNBLOCK, &stops, nullptr);

    for (;;) {
        const int fd = accept(listener, nullptr, nullptr);
        if (stopRequested) {
            const long long n = served.requests;
            std::printf("served %lld hold %.9f\n", n, n ? static_cast<double>(served.holdNs) * 1e-9 / static_cast<double>(n) : 0.0);
            std::fflush(stdout);
            std::_Exit(0); // the workers may be asleep in a service time
        }
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            std::fprintf(stderr, "realbed-backend: accept: %s\n", std::strerror(errno));
            return 1;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fifo.push(fd);
    }
}
