#include "scenarios/studywriter.h"

#include "faults/faultwriter.h"
#include "fieldvalues.h"

#include "scenarios/fieldtext.h"
#include "scenarios/quantities.h"
#include "scenarios/studyfields.h"

#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scalelab::scenarios {

namespace {

using YAML::BeginMap;
using YAML::BeginSeq;
using YAML::Emitter;
using YAML::EndMap;
using YAML::EndSeq;
using YAML::Key;
using YAML::Value;
using models::FieldInfo;
using models::FieldType;
using detail::defaultsOf;
using detail::differs;

// Collections whose flow form fits in this many columns are written on one line.
constexpr std::size_t kLineWidth = 100;

// Text that yaml-cpp reads back unchanged: a literal block only when the text
// ends with exactly one newline (block chomping would change anything else).
void emitText(Emitter& out, const std::string& text)
{
    if (text.find('\n') != std::string::npos) {
        const bool literalSafe = text.back() == '\n' && (text.size() < 2 || text[text.size() - 2] != '\n') &&
                                 text.front() != ' ' && text.front() != '\t' &&
                                 text.find('\r') == std::string::npos;
        out << (literalSafe ? YAML::Literal : YAML::DoubleQuoted);
    }
    out << text;
}

// Writes a collection in flow style when it fits on its line, else in block style.
template <typename Body> void emitFitted(Emitter& out, std::size_t prefix, Body body)
{
    Emitter probe;
    body(probe, true);
    body(out, prefix + probe.size() <= kLineWidth);
}

std::size_t prefixOf(int depth, std::string_view key)
{
    return static_cast<std::size_t>(depth) * 2 + key.size() + 2;
}

/// How a key is written: only when it differs from its default (unless it is
/// always written), or, for editors that show defaults, whenever it has a value.
enum class Keys { Changed, Valued };

/// The keys the reader met in the struct being written (its KeyMarks, under
/// `rel`): written even when they hold their default, so that a value the user
/// set stays set. No marks: the canonical text, defaults left out.
struct Explicit
{
    const KeyMarks* marks = nullptr;
    std::string rel;
    bool keep = false; ///< whether structs with marks of their own use them

    bool has(std::string_view key) const { return marks && marks->count(rel + std::string(key)); }
    Explicit below(std::string_view key) const { return {marks, rel + std::string(key) + ".", keep}; }
    /// The marks for `obj`: its own when it has some, else the ones it sits under.
    template <typename Obj> Explicit of(const Obj& obj) const
    {
        if constexpr (requires { obj.keyMarks; })
            return {keep ? &obj.keyMarks : nullptr, "", keep};
        else
            return *this;
    }
};

// Set by writeStudy for the text being written (the emitters below are reached
// through code that knows nothing of marks: faults, routes).
thread_local bool t_keepExplicit = false;

Explicit explicitOf()
{
    return {nullptr, "", t_keepExplicit};
}

/// Sets t_keepExplicit for one text.
struct KeepExplicit
{
    bool before = t_keepExplicit;
    explicit KeepExplicit(WrittenKeys keys) { t_keepExplicit = keys == WrittenKeys::AsRead; }
    ~KeepExplicit() { t_keepExplicit = before; }
    KeepExplicit(const KeepExplicit&) = delete;
    KeepExplicit& operator=(const KeepExplicit&) = delete;
};

template <typename Part, typename Obj>
void emitFields(Emitter& out, const Obj& obj, int depth, Keys keys = Keys::Changed, const Explicit& ex = explicitOf());
template <typename Part, typename Obj> bool anyWritten(const Obj& obj, const Explicit& ex);
template <typename Part, typename Obj> bool anyWritten(const Obj& obj)
{
    return anyWritten<Part>(obj, explicitOf().of(obj));
}

template <typename Part, typename Obj>
void emitPart(Emitter& out, const Obj& obj, int depth, Keys keys = Keys::Changed)
{
    out << (Part::part.flow ? YAML::Flow : YAML::Block) << BeginMap;
    emitFields<Part>(out, obj, depth + 1, keys, explicitOf().of(obj));
    out << EndMap;
}

template <typename Part, typename Obj>
void emitPartUnder(Emitter& out, const Obj& obj, int depth, Keys keys, const Explicit& ex)
{
    out << (Part::part.flow ? YAML::Flow : YAML::Block) << BeginMap;
    emitFields<Part>(out, obj, depth + 1, keys, ex);
    out << EndMap;
}

// A value as the file writes it (the key is already out).
template <typename M> void emitValue(Emitter& out, const FieldInfo& info, const M& v)
{
    if constexpr (std::is_enum_v<M>) {
        out << info.choices().at(static_cast<std::size_t>(v));
    } else if constexpr (std::is_same_v<M, std::string>) {
        if (info.type == FieldType::Text)
            emitText(out, v);
        else
            out << v;
    } else if constexpr (std::is_same_v<M, sim::Distribution>) {
        out << distributionText(v);
    } else if constexpr (std::is_integral_v<M>) {
        out << std::to_string(v);
    } else if constexpr (std::is_same_v<M, double>) {
        out << fieldText(info, v);
    } else if constexpr (detail::IsOptional<M>::value) {
        if (v)
            emitValue(out, info, *v);
        else
            out << std::string(info.none);
    } else {
        FieldInfo each = info;
        each.type = info.item.value_or(FieldType::Number);
        out << YAML::Flow << BeginSeq;
        for (const auto& x : v)
            emitValue(out, each, x);
        out << EndSeq;
    }
}

/// Whether a value is no value at all (unset, empty): nothing to write.
template <typename M> bool isEmpty(const M& v)
{
    if constexpr (detail::IsOptional<M>::value)
        return !v.has_value();
    else if constexpr (detail::IsVector<M>::value || std::is_same_v<M, std::string>)
        return v.empty();
    else
        return false;
}

// What a part writes by its own code: a custom key (and whether it would
// write anything). Parts without custom keys write none.
template <typename Part, typename Obj> void emitCustom(Part, const FieldInfo&, const Obj&, Emitter&) {}
template <typename Part, typename Obj> bool customWritten(Part, const FieldInfo&, const Obj&)
{
    return false;
}
void emitCustom(PricingFields, const FieldInfo& info, const Pricing& p, Emitter& out);
bool customWritten(PricingFields, const FieldInfo& info, const Pricing& p);
void emitCustom(models::VerticalFields, const FieldInfo& info, const models::VerticalScaleConfig& v, Emitter& out);
void emitCustom(StudyFields, const FieldInfo& info, const Study& study, Emitter& out);
void emitCustom(VariantFields, const FieldInfo& info, const Variant& v, Emitter& out);

template <typename Part, typename Obj> struct WriteVisitor
{
    Emitter& out;
    const Obj& obj;
    int depth;
    Keys keys;
    Explicit ex;

    bool skip(const FieldInfo& info, bool changed, bool empty) const
    {
        if (keys == Keys::Valued)
            return empty;
        return !changed && !ex.has(info.key) && !info.has(models::field::Always) &&
               !info.has(models::field::Required);
    }
    void operator()(const FieldInfo& info, Custom) const { emitCustom(Part{}, info, obj, out); }
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        const M& v = obj.*member;
        if (skip(info, differs(v, defaultsOf<S>().*member), isEmpty(v)))
            return;
        out << Key << std::string(info.key) << Value;
        emitValue(out, info, v);
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        const M& v = obj.*member;
        if constexpr (detail::IsOptional<M>::value) {
            if (v)
                emitNested<Sub>(info, *v, ex.below(info.key).of(*v));
        } else if constexpr (detail::IsVector<M>::value) {
            if (!v.empty())
                emitList<Sub>(info, v);
        } else {
            const Explicit sub = ex.below(info.key).of(v);
            if (!skip(info, anyWritten<Sub>(v, sub), false))
                emitNested<Sub>(info, v, sub);
        }
    }
    template <typename Sub> void operator()(const FieldInfo& info, Group<Sub>) const
    {
        if (!skip(info, anyWritten<Sub>(obj, ex.below(info.key)), false))
            emitNested<Sub>(info, obj, ex.below(info.key));
    }
    template <typename Sub, typename T> void emitNested(const FieldInfo& info, const T& v, const Explicit& sub) const
    {
        out << Key << std::string(info.key) << Value;
        emitPartUnder<Sub>(out, v, depth, keys, sub);
    }
    // A list of maps, or named maps (zones: {eu-1a: {...}}); on one line when it fits, if fitted.
    template <typename Sub, typename T> void emitList(const FieldInfo& info, const std::vector<T>& v) const
    {
        out << Key << std::string(info.key) << Value;
        const auto body = [&](Emitter& e, bool flow) {
            const bool named = info.type == FieldType::Map;
            e << (flow ? YAML::Flow : YAML::Block) << (named ? BeginMap : BeginSeq);
            for (const T& x : v) {
                if constexpr (requires { x.name; })
                    if (named)
                        e << Key << x.name << Value;
                emitPart<Sub>(e, x, depth + 1, keys);
            }
            e << (named ? EndMap : EndSeq);
        };
        if (info.has(models::field::Fitted))
            emitFitted(out, prefixOf(depth, info.key), body);
        else
            body(out, true);
    }
};

template <typename Part, typename Obj>
void emitFields(Emitter& out, const Obj& obj, int depth, Keys keys, const Explicit& ex)
{
    Part::fields(WriteVisitor<Part, Obj>{out, obj, depth, keys, ex});
}

/// Whether the part writes any key: a section whose keys all hold their defaults is left out.
template <typename Part, typename Obj> struct Probe
{
    const Obj& obj;
    bool& any;
    const Explicit& ex;
    void operator()(const FieldInfo& info, Custom) const { any = any || customWritten(Part{}, info, obj); }
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        any = any || differs(obj.*member, defaultsOf<S>().*member) || (ex.has(info.key) && !isEmpty(obj.*member));
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        if constexpr (detail::IsOptional<M>::value || detail::IsVector<M>::value)
            any = any || differs(obj.*member, defaultsOf<S>().*member);
        else
            any = any || anyWritten<Sub>(obj.*member, ex.below(info.key).of(obj.*member));
    }
    template <typename Sub> void operator()(const FieldInfo& info, Group<Sub>) const
    {
        any = any || anyWritten<Sub>(obj, ex.below(info.key));
    }
};

template <typename Part, typename Obj> bool anyWritten(const Obj& obj, const Explicit& ex)
{
    bool any = false;
    Part::fields(Probe<Part, Obj>{obj, any, ex});
    return any;
}

void emitStep(Emitter& out, const Call& c, std::size_t ownCalls);

void emitSteps(Emitter& out, const std::vector<Call>& steps)
{
    out << YAML::Flow << BeginSeq;
    for (const auto& s : steps)
        emitStep(out, s, s.calls.size());
    out << EndSeq;
}

// One step of a route: a bare name, or {name: {settings}}. `ownCalls` of its
// calls are written under `calls`; a route's chain continues with the rest.
void emitStep(Emitter& out, const Call& c, std::size_t ownCalls)
{
    const bool plain = !anyWritten<models::CallFields>(c) && ownCalls == 0 && c.parallel.empty() && c.miss.empty() &&
                       c.then.empty();
    if (plain) {
        out << c.target;
        return;
    }
    out << YAML::Flow << BeginMap << Key << c.target << Value << YAML::Flow << BeginMap;
    emitFields<models::CallFields>(out, c, 0, Keys::Changed, explicitOf().of(c));
    // The call tree after the settings: calls, parallel, miss, then.
    const std::vector<Call> own(c.calls.begin(), c.calls.begin() + static_cast<std::ptrdiff_t>(ownCalls));
    for (const auto& [key, list] :
         {std::pair{"calls", &own}, {"parallel", &c.parallel}, {"miss", &c.miss}, {"then", &c.then}}) {
        if (list->empty())
            continue;
        out << Key << key << Value;
        emitSteps(out, *list);
    }
    out << EndMap << EndMap;
}

// The tree back to the list form [a, b, c]: follow each step's last call.
void emitRoute(Emitter& out, const Route& r, bool flow)
{
    std::vector<const Call*> chain;
    for (const Call* c = &r.root;; c = &c->calls.back()) {
        chain.push_back(c);
        if (c->calls.empty())
            break;
    }
    out << (flow ? YAML::Flow : YAML::Block) << BeginSeq;
    for (std::size_t i = 0; i < chain.size(); ++i)
        emitStep(out, *chain[i], i + 1 < chain.size() ? chain[i]->calls.size() - 1 : 0);
    out << EndSeq;
}

// core_hour: the kinds whose price differs from the default.
void emitCustom(PricingFields, const FieldInfo& info, const Pricing& p, Emitter& out)
{
    if (!customWritten(PricingFields{}, info, p))
        return;
    const auto& d = defaultsOf<models::Pricing>().coreHour;
    out << Key << std::string(info.key) << Value << YAML::Flow << BeginMap;
    for (const auto& [kind, price] : p.coreHour)
        if (price != d.at(kind))
            out << Key << std::string(kindName(kind)) << Value << formatNumber(price);
    out << EndMap;
}

bool customWritten(PricingFields, const FieldInfo&, const Pricing& p)
{
    return p.coreHour != defaultsOf<models::Pricing>().coreHour;
}

// The ladder, a size as its cores alone where it has the reference speed and
// no price of its own; a scheduled resize names its size's cores (and speed).
void emitCustom(models::VerticalFields, const FieldInfo& info, const models::VerticalScaleConfig& v, Emitter& out)
{
    using Size = models::VerticalScaleConfig::Size;
    const Size plain{};
    if (info.key == "sizes") {
        out << Key << "sizes" << Value << YAML::Flow << BeginSeq;
        for (const auto& size : v.sizes)
            if (size.speed == plain.speed && !size.hourlyPrice)
                out << std::to_string(size.cores);
            else
                emitPart<models::SizeFields>(out, size, 0);
        out << EndSeq;
        return;
    }
    if (v.schedule.empty())
        return;
    out << Key << "schedule" << Value << YAML::Flow << BeginSeq;
    for (const auto& step : v.schedule) {
        const Size& size = v.sizes.at(step.size);
        out << YAML::Flow << BeginMap << Key << "at" << Value << formatDurationExact(step.at) << Key << "cores"
            << Value << std::to_string(size.cores);
        if (size.speed != plain.speed)
            out << Key << "speed" << Value << formatNumber(size.speed);
        out << EndMap;
    }
    out << EndSeq;
}

// A variant's roles, one line: {storefront: [app], orders-db: [db]}.
void emitCustom(VariantFields, const FieldInfo& info, const Variant& v, Emitter& out)
{
    if (info.key != "roles" || v.roles.empty())
        return;
    out << Key << "roles" << Value << YAML::Flow << BeginMap;
    for (const RoleMapping& m : v.roles) {
        out << Key << m.role << Value << YAML::Flow << BeginSeq;
        for (const std::string& c : m.components)
            out << c;
        out << EndSeq;
    }
    out << EndMap;
}

void emitVariant(Emitter& out, const Variant& v)
{
    out << Key << v.name << Value << YAML::Block << BeginMap;
    emitFields<VariantFields>(out, v, 2, Keys::Changed, explicitOf().of(v));
    out << Key << "components" << Value << YAML::Block << BeginMap;
    for (const auto& c : v.components) {
        out << Key << c.name << Value;
        emitFitted(out, prefixOf(3, c.name), [&](Emitter& e, bool flow) {
            e << (flow ? YAML::Flow : YAML::Block) << BeginMap;
            emitFields<models::ComponentFields>(e, c, 4, Keys::Changed, explicitOf().of(c));
            e << EndMap;
        });
    }
    out << EndMap;
    if (!v.routes.empty()) {
        out << Key << "routes" << Value << YAML::Block << BeginMap;
        for (const auto& r : v.routes) {
            out << Key << r.operation << Value;
            emitFitted(out, prefixOf(3, r.operation), [&](Emitter& e, bool flow) { emitRoute(e, r, flow); });
        }
        out << EndMap;
    }
    if (!v.layout.empty()) {
        out << Key << "layout" << Value << YAML::Block << BeginMap;
        for (const auto& p : v.layout)
            out << Key << p.component << Value << YAML::Flow << BeginSeq << formatNumber(p.x) << formatNumber(p.y)
                << EndSeq;
        out << EndMap;
    }
    out << EndMap;
}

// The top level's own keys: operations and faults in their place; variants
// come last, after the sections every variant shares.
void emitCustom(StudyFields, const FieldInfo& info, const Study& study, Emitter& out)
{
    if (info.key == "operations" && !study.operations.empty()) {
        out << Key << "operations" << Value << YAML::Block << BeginMap;
        for (const auto& op : study.operations) {
            out << Key << op.name << Value;
            emitPart<OperationFields>(out, op, 1);
        }
        out << EndMap;
    } else if (info.key == "roles" && !study.roles.empty()) {
        out << Key << "roles" << Value << YAML::Block << BeginMap;
        for (const Role& r : study.roles)
            out << Key << r.name << Value << r.description;
        out << EndMap;
    } else if (info.key == "faults" && !study.faults.empty()) {
        emitFaults(out, study.faults);
    }
}

std::string headerText(const std::string& comment)
{
    if (comment.empty())
        return {};
    std::string out;
    std::size_t start = 0;
    while (true) {
        const auto end = comment.find('\n', start);
        const std::string line = comment.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += line.empty() ? "#\n" : "# " + line + "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out + "\n";
}


// Finds one key of a part and writes its value alone.
template <typename Part, typename Obj> struct ValueText
{
    const Obj& obj;
    std::string_view key;
    std::string& text;

    void operator()(const FieldInfo&, Custom) const {}
    template <typename M, typename S> void operator()(const FieldInfo& info, M S::*member) const
    {
        if (info.key != key || isEmpty(obj.*member))
            return;
        Emitter out;
        emitValue(out, info, obj.*member);
        text = out.c_str();
    }
    template <typename M, typename S, typename Sub> void operator()(const FieldInfo& info, M S::*member, Sub) const
    {
        if constexpr (!detail::IsOptional<M>::value && !detail::IsVector<M>::value)
            if (info.key == key) {
                Emitter out;
                emitPart<Sub>(out, obj.*member, 0, Keys::Valued);
                text = out.c_str();
            }
    }
    template <typename Sub> void operator()(const FieldInfo& info, Group<Sub>) const
    {
        if (info.key != key)
            return;
        Emitter out;
        out << YAML::Flow;
        emitPart<Sub>(out, obj, 0, Keys::Valued);
        text = out.c_str();
    }
};

} // namespace

std::string defaultValueText(std::string_view part, std::string_view key, ComponentKind kind)
{
    std::string text;
    forEachPart([&](auto p) {
        using Part = decltype(p);
        if (Part::part.name != part)
            return;
        typename Part::Struct defaults{};
        if constexpr (requires { defaults.kind = kind; })
            defaults.kind = kind;
        Part::fields(ValueText<Part, typename Part::Struct>{defaults, key, text});
    });
    return text;
}

std::string writeStep(const Call& step, WrittenKeys keys)
{
    const KeepExplicit keep(keys);
    Emitter out;
    emitStep(out, step, step.calls.size());
    return out.c_str();
}

std::string writeStudy(const Study& study, WrittenKeys keys)
{
    const KeepExplicit keep(keys);
    Emitter out;
    out.SetIndent(2);
    out << YAML::Block << BeginMap;
    emitFields<StudyFields>(out, study, 0, Keys::Changed, explicitOf().of(study));
    if (!study.variants.empty()) {
        out << Key << "variants" << Value << YAML::Block << BeginMap;
        for (const auto& v : study.variants)
            emitVariant(out, v);
        out << EndMap;
    }
    out << EndMap;
    return headerText(study.headerComment) + out.c_str() + "\n";
}

bool saveStudy(const Study& study, const std::string& path, std::string* error)
{
    namespace fs = std::filesystem;
    auto fail = [&](const std::string& reason, int err) {
        if (error)
            *error = "cannot save '" + path + "': " + reason + (err ? std::string(": ") + std::strerror(err) : "");
        return false;
    };
    const std::string text = writeStudy(study);

    fs::path target(path);
    std::error_code ec;
    if (fs::is_symlink(target, ec)) {
        const fs::path resolved = fs::weakly_canonical(target, ec);
        if (!ec)
            target = resolved;
    }
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();

    // A fresh name next to the target, created exclusively; the kernel applies the umask.
    static std::atomic<unsigned> counter{0};
    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                      std::to_string(counter++)))
                  .string();
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return fail("cannot create a temporary file in '" + dir.string() + "'", errno);
    auto abandon = [&](const std::string& reason, int err) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(reason, err);
    };
    struct stat existing{};
    if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
        ::fchmod(fd, existing.st_mode & 07777); // keep the permissions of the file it replaces

    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return abandon("cannot write '" + tmp + "'", errno);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return abandon("cannot sync '" + tmp + "'", errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail("cannot close '" + tmp + "'", err);
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return fail("cannot replace it", err);
    }
    // Make the rename itself durable.
    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return true;
}

} // namespace scalelab::scenarios
