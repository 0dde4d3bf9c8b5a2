#pragma once

// How the writer and the validator compare a field's value with its default.
#include "scenarios/fieldtext.h"

#include <concepts>
#include <optional>
#include <vector>

namespace scalelab::scenarios::detail {

template <typename T> struct IsOptional : std::false_type
{
};
template <typename T> struct IsOptional<std::optional<T>> : std::true_type
{
};
template <typename T> struct IsVector : std::false_type
{
};
template <typename T> struct IsVector<std::vector<T>> : std::true_type
{
};

/// A value the writer writes differently from `other`: set or not, another
/// number, another distribution, another list. Two nested parts that are both
/// set count as alike (a nested part is written whenever it is set).
template <typename T> bool differs(const T& a, const T& b)
{
    if constexpr (std::is_same_v<T, sim::Distribution>) {
        return !sameDistribution(a, b);
    } else if constexpr (IsOptional<T>::value) {
        return a.has_value() != b.has_value() || (a && differs(*a, *b));
    } else if constexpr (IsVector<T>::value) {
        if (a.size() != b.size())
            return true;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (differs(a[i], b[i]))
                return true;
        return false;
    } else if constexpr (std::equality_comparable<T>) {
        return a != b;
    } else {
        return false;
    }
}

/// The default of a struct's members, as a default-constructed struct holds them.
template <typename S> const S& defaultsOf()
{
    static const S defaults{};
    return defaults;
}

} // namespace scalelab::scenarios::detail
