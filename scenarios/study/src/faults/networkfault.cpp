#include "networkfault.h"

#include "faultentry.h"

#include "scenarios/quantities.h"

#include "models/system.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace scalelab::scenarios::detail {

namespace {

using T = FaultSetting::Type;

constexpr FaultSetting kSettings[] = {
    {"latency", T::Duration, 0.0, {}, "seconds added to each message between the two, each way (duration >= 0)."},
    {"jitter", T::Duration, 0.0, {},
     "the added delay varies uniformly by up to +- this much per message; at most latency (duration >= 0)."},
    {"loss", T::Fraction, 0.0, {},
     "share of packets lost (0..1); a message is ceil(bytes / 1460) packets, a lost one is resent after TCP's "
     "retransmission timeout (200 ms, doubling up to 120 s); after 15 resends the call fails."},
    {"bandwidth", T::Bandwidth, std::nullopt, {},
     "a cap between the two, per direction: messages queue first in, first out at this rate."},
    lastingFor("how long the network is degraded, e.g. for: 60s"),
};

constexpr double kPacketBytes = 1460.0; // TCP's usual segment payload (1500-byte MTU)
constexpr double kMinRto = 0.2;         // s, Linux TCP_RTO_MIN
constexpr double kMaxRto = 120.0;       // s, Linux TCP_RTO_MAX
constexpr int kResends = 15;            // Linux tcp_retries2: then the connection is given up

/// s a packet waits for its `failures` lost sends: the retransmission timeouts, doubling.
double resendWait(int failures)
{
    double wait = 0.0;
    for (int i = 0; i < failures; ++i)
        wait += std::min(kMinRto * std::ldexp(1.0, i), kMaxRto);
    return wait;
}

/// Shapes the messages between two components or two zones, each way.
class NetworkShaper final : public models::HopShaper
{
public:
    explicit NetworkShaper(const Fault& f)
        : m_a(f.target), m_b(f.peer), m_zones(f.zonePair), m_latency(f.value("latency")),
          m_jitter(f.value("jitter")), m_loss(f.value("loss")), m_bandwidth(f.setting("bandwidth"))
    {
    }

    bool concerns(const models::HopEnds& e) const override { return direction(e) >= 0; }

    models::HopEffect shape(const models::HopEnds& e, double bytes, double now, sim::RandomStream& rng) override
    {
        models::HopEffect effect;
        if (m_bandwidth) {
            // First in, first out through the cap: the wait behind earlier messages, then its own transfer.
            double& freeAt = m_freeAt[direction(e)];
            freeAt = std::max(freeAt, now) + bytes / *m_bandwidth;
            effect.delay = freeAt - now;
        }
        effect.delay += m_latency;
        if (m_jitter > 0)
            effect.delay += m_jitter * (2.0 * rng.uniform() - 1.0);
        if (m_loss > 0) {
            // Each packet is resent until it gets through; resends overlap, so the
            // message waits for its unluckiest packet: P(max failures <= n) = (1 - loss^(n+1))^packets.
            const double packets = std::max(1.0, std::ceil(bytes / kPacketBytes));
            const double u = rng.uniform();
            int failures = 0;
            while (failures <= kResends && u >= std::pow(1.0 - std::pow(m_loss, failures + 1), packets))
                ++failures;
            effect.lost = failures > kResends;
            effect.delay += resendWait(std::min(failures, kResends + 1));
        }
        return effect;
    }

private:
    /// 0: from a to b, 1: from b to a, -1: not between the two.
    int direction(const models::HopEnds& e) const
    {
        const std::string_view from = m_zones ? e.fromZone : e.fromComponent;
        const std::string_view to = m_zones ? e.toZone : e.toComponent;
        if (from == m_a && to == m_b)
            return 0;
        if (from == m_b && to == m_a)
            return 1;
        return -1;
    }

    std::string m_a, m_b;
    bool m_zones;
    double m_latency, m_jitter, m_loss;
    std::optional<double> m_bandwidth; // bytes/s
    double m_freeAt[2] = {0.0, 0.0};   // s, when each direction's cap has sent what it holds
};

} // namespace

std::string_view NetworkFault::help() const
{
    return "Degraded network between two components, or two zones of network.zones: [a, b]. Every message between "
           "them, either way, gets latency +- jitter more, loses packets, and queues through a bandwidth cap.";
}

std::span<const FaultSetting> NetworkFault::settings() const { return kSettings; }

void NetworkFault::readSettings(FaultEntry& entry, Fault& fault) const
{
    FaultType::readSettings(entry, fault);
    if (!entry.has("latency") && !entry.has("jitter") && !entry.has("loss") && !entry.has("bandwidth"))
        entry.error({}, entry.path(),
                    entry.path() + " needs latency, jitter, loss or bandwidth (e.g. latency: 100ms, loss: 1%)");
    const auto jitter = fault.settings.find("jitter");
    if (jitter != fault.settings.end() && jitter->second > fault.value("latency"))
        entry.error({"jitter"}, entry.pathOf("jitter"),
                    entry.pathOf("jitter") + " (" + formatDurationExact(jitter->second) +
                        ") must not exceed latency (" + formatDurationExact(fault.value("latency")) +
                        "): a message cannot arrive early",
                    "raise latency to at least the jitter");
}

bool NetworkFault::apply(models::System& system, const Fault& fault) const
{
    std::string detail = "network";
    if (fault.value("latency") > 0)
        detail += " latency " + formatDurationExact(fault.value("latency"));
    if (fault.value("jitter") > 0)
        detail += " jitter " + formatDurationExact(fault.value("jitter"));
    if (fault.value("loss") > 0)
        detail += " loss " + formatPercent(fault.value("loss"));
    if (const auto cap = fault.setting("bandwidth"))
        detail += " bandwidth " + formatBitRate(*cap);
    return system.shapeHops(std::make_unique<NetworkShaper>(fault), fault.value("for"),
                            fault.target + "~" + fault.peer, detail);
}

std::string NetworkFault::inertAtRunTime(const Fault& fault) const
{
    return "no call crosses " + fault.target + "~" + fault.peer + " in this variant";
}

} // namespace scalelab::scenarios::detail
