#include "simcore/framefields.h"

#include "framevisit.h"

#include <type_traits>

namespace scalelab::sim {

namespace {

using detail::Presence;

template <class T>
const char* typeName()
{
    if constexpr (std::is_same_v<T, std::string>)
        return "string";
    else if constexpr (std::is_same_v<T, bool>)
        return "boolean";
    else if constexpr (std::is_floating_point_v<T>)
        return "number";
    else
        return "integer";
}

/// Lists the keys a visit names, nested ones as `list[].key`.
class Describer
{
public:
    explicit Describer(std::string prefix = {}) : m_prefix(std::move(prefix)) {}

    std::vector<FieldInfo> fields;

    template <class T>
    void field(const char* key, const T&, const char* unit, const char* help, Presence = Presence::Always)
    {
        add(key, typeName<T>(), unit, help);
    }
    void strings(const char* key, const std::vector<std::string>&, const char* help)
    {
        add(key, "array", "", help);
    }
    template <class T, class Visit>
    void list(const char* key, const std::vector<T>&, const char* help, Visit visit, Presence = Presence::Always)
    {
        const std::string name = std::string(key) + "[]";
        add(name.c_str(), "array", "", help);
        Describer nested(m_prefix + name + ".");
        const T item{};
        visit(nested, item);
        fields.insert(fields.end(), nested.fields.begin(), nested.fields.end());
    }
    template <class T, class Visit>
    void group(const std::optional<T>&, const char*, const char* help, Visit visit)
    {
        m_note = help;
        const T value{};
        visit(*this, value);
        m_note.clear();
    }
    void constant(const char* key, const char*, const char* help) { add(key, "string", "", help); }
    void version(const char* key, int, const char* help) { add(key, "integer", "", help); }
    void derived(const char* key, double, const char* unit, const char* help) { add(key, "number", unit, help); }

private:
    void add(const char* key, const char* type, const char* unit, const char* help)
    {
        std::string text = help;
        if (!m_note.empty())
            text += "; " + m_note;
        fields.push_back({m_prefix + key, type, unit, std::move(text)});
    }

    std::string m_prefix;
    std::string m_note; ///< said of every key of the group being visited
};

template <class T, class Visit>
std::vector<FieldInfo> describe(Visit visit)
{
    Describer d;
    const T value{};
    visit(d, value);
    return std::move(d.fields);
}

} // namespace

std::vector<FieldInfo> startFields()
{
    return describe<StreamStart>([](Describer& d, const StreamStart& s) { detail::visitStart(d, s); });
}

std::vector<FieldInfo> frameFields()
{
    return describe<Frame>([](Describer& d, const Frame& f) { detail::visitFrame(d, f); });
}

std::vector<FieldInfo> eventFields()
{
    return describe<RunEvent>([](Describer& d, const RunEvent& e) { detail::visitEvent(d, e); });
}

std::vector<FieldInfo> summaryFields()
{
    return describe<StreamSummary>([](Describer& d, const StreamSummary& s) { detail::visitSummaryEnvelope(d, s); });
}

std::vector<FieldInfo> errorFields()
{
    return describe<StreamError>([](Describer& d, const StreamError& e) { detail::visitError(d, e); });
}

std::string fieldTable(const std::vector<FieldInfo>& fields)
{
    std::string md = "| key | type | unit | meaning |\n|---|---|---|---|\n";
    for (const FieldInfo& f : fields)
        md += "| `" + f.key + "` | " + f.type + " | " + f.unit + " | " + f.help + " |\n";
    return md;
}

} // namespace scalelab::sim
