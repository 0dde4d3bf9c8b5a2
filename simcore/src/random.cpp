#include "simcore/random.h"

#include <cmath>
#include <numbers>

namespace scalelab::sim {

namespace {

std::uint64_t splitmix64(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t s = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
    return splitmix64(s);
}

} // namespace

std::uint64_t stableHash(std::string_view text)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view componentId, std::uint32_t replication,
                           std::string_view substream)
    : RandomStream(mix(mix(mix(seed, stableHash(componentId)), replication), stableHash(substream)))
{
}

RandomStream::RandomStream(std::uint64_t rawKey)
{
    std::uint64_t state = rawKey;
    for (auto& s : m_s)
        s = splitmix64(state);
}

std::uint64_t RandomStream::nextU64()
{
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

double RandomStream::exponential(double mean) { return -mean * std::log(uniformOpen()); }

double RandomStream::normal()
{
    const double u1 = uniformOpen();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace scalelab::sim
