#include "document.h"

#include "autolayout.h"

#include "models/fields.h"
#include "models/kinds/kind.h"
#include "scenarios/faulttype.h"
#include "scenarios/quantities.h"
#include "scenarios/references.h"
#include "scenarios/studyreader.h"
#include "scenarios/studywriter.h"
#include "scenarios/sweep.h"
#include "scenarios/validator.h"

#include <QFile>
#include <QFileInfo>
#include <QUndoCommand>

#include <algorithm>
#include <functional>
#include <set>

namespace scalelab::gui {

using scenarios::Call;
using scenarios::Study;
using scenarios::Variant;

/// One edit: the study before and after (and the values set to their
/// default, which the study alone does not tell). Moves of the same components merge.
class StudyCommand : public QUndoCommand
{
public:
    using Explicit = QHash<QString, QString>;
    StudyCommand(Document* doc, Study before, Study after, Explicit explicitBefore, Explicit explicitAfter,
                 const QString& label, int mergeId, QStringList mergeKey)
        : QUndoCommand(label), m_doc(doc), m_before(std::move(before)), m_after(std::move(after)),
          m_explicitBefore(std::move(explicitBefore)), m_explicitAfter(std::move(explicitAfter)), m_id(mergeId),
          m_key(std::move(mergeKey))
    {
    }
    void redo() override
    {
        m_doc->m_explicit = m_explicitAfter;
        m_doc->apply(m_after);
    }
    void undo() override
    {
        m_doc->m_explicit = m_explicitBefore;
        m_doc->apply(m_before);
    }
    int id() const override { return m_id; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* o = static_cast<const StudyCommand*>(other);
        if (o->m_key != m_key)
            return false;
        m_after = o->m_after;
        m_explicitAfter = o->m_explicitAfter;
        return true;
    }

private:
    Document* m_doc;
    Study m_before;
    Study m_after;
    Explicit m_explicitBefore;
    Explicit m_explicitAfter;
    int m_id;
    QStringList m_key;
};

namespace {

constexpr int kMoveMergeId = 1;

QStringList componentNames(const Variant& v)
{
    QStringList names;
    for (const auto& c : v.components)
        names << QString::fromStdString(c.name);
    return names;
}

QString numbered(const QString& base, const QStringList& taken)
{
    for (int i = 1;; ++i) {
        const QString name = base + QString::number(i);
        if (!taken.contains(name))
            return name;
    }
}

void forEachCall(Call& c, const std::function<void(Call&)>& f)
{
    f(c);
    for (auto* list : {&c.calls, &c.parallel, &c.miss, &c.then})
        for (auto& child : *list)
            forEachCall(child, f);
}

// Each arrow of the call tree: a pipeline stage is called from the stage before.
void forEachCall(const Call& c, const std::function<void(const Call& parent, const Call& child)>& f)
{
    for (const auto* list : {&c.calls, &c.parallel, &c.miss})
        for (const auto& child : *list) {
            f(c, child);
            forEachCall(child, f);
        }
    const Call* from = &c;
    for (const auto& stage : c.then) {
        f(*from, stage);
        forEachCall(stage, f);
        from = &stage;
    }
}

// Removes the calls matching `drop(parent, child)` (with what they call; a
// pipeline's stages from the dropped one on).
void prune(Call& c, const std::function<bool(const Call&, const Call&)>& drop)
{
    for (auto* list : {&c.calls, &c.parallel, &c.miss}) {
        list->erase(std::remove_if(list->begin(), list->end(), [&](const Call& child) { return drop(c, child); }),
                    list->end());
        for (auto& child : *list)
            prune(child, drop);
    }
    for (std::size_t i = 0; i < c.then.size(); ++i)
        if (drop(i == 0 ? c : c.then[i - 1], c.then[i])) {
            c.then.resize(i);
            break;
        }
    for (auto& stage : c.then)
        prune(stage, drop);
}

std::set<std::string> errorKeys(const std::vector<scenarios::Diagnostic>& diagnostics)
{
    std::set<std::string> keys;
    for (const auto& d : diagnostics)
        if (d.severity == scenarios::Diagnostic::Severity::Error)
            keys.insert(d.path + "\n" + d.message);
    return keys;
}

// The validator on the study as edited: no marks (once edited, where the file
// had the values no longer holds), no round trip through the file's text.
std::vector<scenarios::Diagnostic> validate(const Study& study, const QString& path)
{
    const std::string name = path.isEmpty() ? std::string("untitled.yaml") : QFileInfo(path).fileName().toStdString();
    return scenarios::validateStudy(study, name, false);
}

} // namespace

namespace {

// Sets the layout positions of components (new centres).
void placeAt(Variant& v, const QHash<QString, QPointF>& positions)
{
    for (auto it = positions.begin(); it != positions.end(); ++it) {
        const std::string name = it.key().toStdString();
        auto p = std::find_if(v.layout.begin(), v.layout.end(), [&](const auto& x) { return x.component == name; });
        if (p == v.layout.end())
            v.layout.push_back({name, it.value().x(), it.value().y(), {}});
        else {
            p->x = it.value().x();
            p->y = it.value().y();
        }
    }
}

} // namespace

QString uniqueName(const QString& base, const QStringList& taken)
{
    return taken.contains(base) ? numbered(base, taken) : base;
}

Document::Document(QObject* parent) : QObject(parent)
{
    QObject::connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { emit dirtyChanged(!clean); });
    revalidate();
}

Document::~Document()
{
    // QUndoStack's destructor clears it, which would signal into a half-destroyed document.
    m_undo.blockSignals(true);
}

const Variant* Document::variant(const QString& name) const
{
    return m_study.findVariant(name.toStdString());
}

Variant* Document::mutableVariant(Study& study, const QString& name) const
{
    for (auto& v : study.variants)
        if (v.name == name.toStdString())
            return &v;
    return nullptr;
}

bool Document::load(const QString& path, std::vector<scenarios::Diagnostic>* problems,
                    const std::vector<scenarios::Override>& overrides)
{
    auto result = scenarios::readStudy(path.toStdString(), overrides);
    if (!result.ok()) {
        if (problems)
            *problems = result.diagnostics;
        return false;
    }
    if (problems)
        *problems = result.diagnostics; // warnings
    // The keys the file sets to their default: shown as set, not as the placeholder.
    QHash<QString, QString> explicitValues;
    if (QFile f(path); f.open(QIODevice::ReadOnly)) {
        const auto written = scenarios::valuesWritten(scenarios::writeStudy(*result.study));
        for (const auto& [key, text] : scenarios::valuesWritten(f.readAll().toStdString()))
            if (!written.count(key))
                explicitValues.insert(QString::fromStdString(key), QString::fromStdString(text));
    }
    reset(*result.study, QFileInfo(path).absoluteFilePath(), !overrides.empty(), explicitValues);
    return true;
}

void Document::reset(const Study& study, const QString& path, bool dirty, const QHash<QString, QString>& explicitValues)
{
    Study s = study;
    fillLayout(s);
    m_undo.clear();
    m_path = path;
    m_explicit = explicitValues;
    apply(s);
    if (dirty) {
        // A recovered autosave: one step that cannot be undone away.
        m_undo.push(new QUndoCommand(tr("Recover autosave")));
        m_undo.clear();
        m_undo.resetClean();
    } else {
        m_undo.setClean();
    }
    emit dirtyChanged(dirty);
    emit filePathChanged(m_path);
}

bool Document::saveAs(const QString& path, QString* error)
{
    std::string why;
    Study s = m_study;
    s.path = path.toStdString();
    if (!scenarios::saveStudy(s, path.toStdString(), &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    m_study.path = s.path;
    const QString abs = QFileInfo(path).absoluteFilePath();
    const bool renamed = abs != m_path;
    m_path = abs;
    m_undo.setClean();
    emit dirtyChanged(false);
    if (renamed)
        emit filePathChanged(m_path);
    return true;
}

QString Document::text() const
{
    return QString::fromStdString(scenarios::writeStudy(m_study));
}

QPointF Document::position(const QString& variantName, const QString& component) const
{
    const Variant* v = variant(variantName);
    if (!v)
        return {};
    for (const auto& p : v->layout)
        if (p.component == component.toStdString())
            return {p.x, p.y};
    const auto layout = autoLayout(m_study, *v);
    const auto it = layout.find(component.toStdString());
    return it == layout.end() ? QPointF() : QPointF(it->second.first, it->second.second);
}

void Document::fillLayout(Study& study) const
{
    for (auto& v : study.variants) {
        std::set<std::string> placed;
        for (const auto& p : v.layout)
            placed.insert(p.component);
        if (placed.size() == v.components.size())
            continue;
        const auto layout = autoLayout(study, v);
        for (const auto& c : v.components)
            if (!placed.count(c.name)) {
                const auto& xy = layout.at(c.name);
                v.layout.push_back({c.name, xy.first, xy.second, {}});
            }
    }
}

void Document::apply(const Study& study)
{
    m_study = study;
    revalidate();
    emit changed();
}

void Document::revalidate()
{
    m_diagnostics = validate(m_study, m_path);
}

void Document::commit(Study after, const QString& label, int mergeId, const QStringList& mergeKey,
                      std::optional<QHash<QString, QString>> explicitAfter)
{
    m_undo.push(new StudyCommand(this, m_study, std::move(after), m_explicit, explicitAfter.value_or(m_explicit), label,
                                 mergeId, mergeKey));
}

QString Document::addComponent(const QString& variantName, scenarios::ComponentKind kind, QPointF pos,
                               const QString& zone)
{
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v)
        return {};
    scenarios::Component c;
    c.kind = kind;
    const models::Kind& module = models::kindOf(kind);
    const QString name = numbered(QString::fromUtf8(module.baseName().data(), qsizetype(module.baseName().size())),
                                  componentNames(*v));
    c.name = name.toStdString();
    // Sensible defaults for the references the reader requires.
    const auto firstService = std::find_if(v->components.begin(), v->components.end(), [](const auto& x) {
        return models::kindOf(x.kind).hostsWork();
    });
    if (firstService != v->components.end())
        module.referTo(c, firstService->name);
    if (!zone.isEmpty() && (models::kindBit(kind) & (models::kindsWith(&models::Kind::hasMachines) | models::kEntry)))
        c.zones = {zone.toStdString()};
    v->components.push_back(c);
    v->layout.push_back({c.name, pos.x(), pos.y(), {}});
    commit(std::move(s), tr("Add %1").arg(name));
    return name;
}

QStringList Document::pasteComponents(const QString& variantName, const std::vector<scenarios::Component>& components,
                                      const QHash<QString, QPointF>& positions, QPointF offset)
{
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v || components.empty())
        return {};
    QStringList added;
    for (auto c : components) {
        const QString old = QString::fromStdString(c.name);
        const QString name = uniqueName(old, componentNames(*v));
        c.name = name.toStdString();
        const QPointF p = positions.value(old) + offset;
        v->components.push_back(c);
        v->layout.push_back({c.name, p.x(), p.y(), {}});
        added << name;
    }
    commit(std::move(s), tr("Paste %n component(s)", nullptr, int(added.size())));
    return added;
}

void Document::removeComponents(const QString& variantName, const QStringList& names)
{
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v || names.isEmpty())
        return;
    std::set<std::string> gone;
    for (const auto& n : names)
        gone.insert(n.toStdString());
    auto isGone = [&](const std::string& n) { return gone.count(n) > 0; };
    std::erase_if(v->components, [&](const auto& c) { return isGone(c.name); });
    std::erase_if(v->layout, [&](const auto& p) { return isGone(p.component); });
    std::erase_if(v->routes, [&](const auto& r) { return isGone(r.root.target); });
    for (auto& r : v->routes)
        prune(r.root, [&](const Call&, const Call& child) { return isGone(child.target); });
    commit(std::move(s), names.size() == 1 ? tr("Delete %1").arg(names.front()) : tr("Delete %n components", nullptr,
                                                                                         int(names.size())));
}

void Document::moveComponents(const QString& variantName, const QHash<QString, QPointF>& positions)
{
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v || positions.isEmpty())
        return;
    placeAt(*v, positions);
    QStringList key = positions.keys();
    key.sort();
    key.prepend(variantName);
    commit(std::move(s), tr("Move"), kMoveMergeId, key);
}

bool Document::connect(const QString& variantName, const QString& from, const QString& to, const QString& operation,
                       QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (from == to)
        return fail(tr("a component cannot call itself"));
    if (operation.isEmpty())
        return fail(tr("choose the operation whose route the connection joins"));
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v)
        return fail(tr("no variant '%1'").arg(variantName));
    const std::string op = operation.toStdString();
    auto route = std::find_if(v->routes.begin(), v->routes.end(), [&](const auto& r) { return r.operation == op; });
    if (route == v->routes.end()) {
        scenarios::Route r;
        r.operation = op;
        r.root.target = from.toStdString();
        Call c;
        c.target = to.toStdString();
        r.root.calls.push_back(c);
        // In the study's operation order, as the writer keeps them.
        v->routes.push_back(r);
        std::vector<scenarios::Route> ordered;
        for (const auto& o : s.operations)
            for (const auto& x : v->routes)
                if (x.operation == o.name)
                    ordered.push_back(x);
        v->routes = ordered;
    } else {
        int found = 0;
        forEachCall(route->root, [&](Call& c) {
            if (c.target == from.toStdString()) {
                Call call;
                call.target = to.toStdString();
                c.calls.push_back(call);
                ++found;
            }
        });
        if (found == 0)
            return fail(tr("%1 is not on the route of '%2': connect from a component on it (%3 starts at %4)")
                            .arg(from, operation, operation, QString::fromStdString(route->root.target)));
    }
    // A connection must not break the study (a call from a database, a cycle...).
    // Operations still without a route are no break: connecting is how they get one.
    const std::string routes = "variants." + variantName.toStdString() + ".routes";
    const auto before = errorKeys(m_diagnostics);
    for (const auto& d : validate(s, m_path))
        if (d.severity == scenarios::Diagnostic::Severity::Error && !before.count(d.path + "\n" + d.message) &&
            !(d.path == routes && d.message.find("no route for") != std::string::npos))
            return fail(QString::fromStdString(d.message + (d.hint.empty() ? "" : " (" + d.hint + ")")));
    commit(std::move(s), tr("Connect %1 to %2").arg(from, to));
    return true;
}

void Document::disconnect(const QString& variantName, const QString& from, const QString& to)
{
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v)
        return;
    for (auto& r : v->routes)
        prune(r.root, [&](const Call& parent, const Call& child) {
            return parent.target == from.toStdString() && child.target == to.toStdString();
        });
    commit(std::move(s), tr("Disconnect %1 from %2").arg(from, to));
}

namespace {

// The list a call sits in at its parent (nullptr: a pipeline stage, or not found).
std::vector<Call>* listHolding(Call& parent, const Call* child, CallPlacement* placement)
{
    const std::pair<std::vector<Call>*, CallPlacement> lists[] = {
        {&parent.calls, CallPlacement::Sequence}, {&parent.parallel, CallPlacement::Parallel},
        {&parent.miss, CallPlacement::Miss}};
    for (const auto& [list, kind] : lists)
        for (const Call& c : *list)
            if (&c == child) {
                if (placement)
                    *placement = kind;
                return list;
            }
    return nullptr;
}

} // namespace

bool Document::setCallPlacement(const QString& variantName, const QString& from, const QString& to,
                                CallPlacement placement, QString* error)
{
    const std::string a = from.toStdString();
    const std::string b = to.toStdString();
    static const char* const labels[] = {"in sequence", "in parallel", "on a miss", "as a stage"};
    return edit(tr("Call %1 from %2 %3").arg(to, from, tr(labels[int(placement)])), [&](Study& s) {
        Variant* v = mutableVariant(s, variantName);
        if (!v)
            return;
        for (auto& r : v->routes)
            forEachCall(r.root, [&](Call& parent) {
                if (parent.target != a)
                    return;
                auto* dest = placement == CallPlacement::Parallel ? &parent.parallel
                             : placement == CallPlacement::Miss   ? &parent.miss
                                                                  : &parent.calls;
                for (auto* list : {&parent.calls, &parent.parallel, &parent.miss}) {
                    if (list == dest)
                        continue;
                    for (auto it = list->begin(); it != list->end();)
                        if (it->target == b) {
                            dest->push_back(std::move(*it));
                            it = list->erase(it);
                        } else {
                            ++it;
                        }
                }
            });
    }, error);
}

bool Document::setCallPolicy(const QString& variantName, const QString& from, const QString& to,
                             const QString& policy, bool on, QString* error)
{
    const std::string a = from.toStdString();
    const std::string b = to.toStdString();
    const QString label = on ? tr("Add %1 to %2->%3").arg(policy, from, to) : tr("Remove %1 from %2->%3").arg(policy, from, to);
    return edit(label, [&](Study& s) {
        Variant* v = mutableVariant(s, variantName);
        if (!v)
            return;
        for (Call* c : scenarios::connectionCalls(*v, a, b)) {
            if (policy == "retries")
                c->retries = on ? std::optional(c->retries.value_or(models::RetryPolicy{})) : std::nullopt;
            else if (policy == "breaker")
                c->breaker = on ? std::optional(c->breaker.value_or(models::BreakerPolicy{})) : std::nullopt;
            else if (policy == "bulkhead")
                c->bulkhead = on ? std::optional(c->bulkhead.value_or(models::BulkheadPolicy{})) : std::nullopt;
        }
    }, error);
}

QString Document::addZone()
{
    QStringList taken;
    for (const auto& z : m_study.network.zones)
        taken << QString::fromStdString(z.name);
    const QString name = numbered("zone", taken);
    Study s = m_study;
    scenarios::Zone z;
    z.name = name.toStdString();
    if (!s.network.zones.empty())
        z.region = s.network.zones.back().region;
    s.network.zones.push_back(z);
    commit(std::move(s), tr("Add zone %1").arg(name));
    return name;
}

void Document::moveIntoZones(const QString& variantName, const QHash<QString, QPointF>& positions,
                             const QHash<QString, QString>& zones)
{
    if (zones.isEmpty()) {
        moveComponents(variantName, positions);
        return;
    }
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    if (!v)
        return;
    placeAt(*v, positions);
    QStringList names;
    for (auto it = zones.begin(); it != zones.end(); ++it)
        for (auto& c : v->components)
            if (c.name == it.key().toStdString()) {
                c.zones.clear();
                for (const QString& z : it.value().split(','))
                    c.zones.push_back(z.toStdString());
                names << it.key();
            }
    names.sort();
    commit(std::move(s), tr("Move %1 into %2").arg(names.join(", "), zones.value(names.value(0)).split(',').last()));
}

bool Document::addSweepParameter(const scenarios::DocPath& path, const QStringList& values, QString* error)
{
    scenarios::SweepParameter p;
    p.set = {scenarios::joinPath(path)};
    for (const QString& value : values)
        if (!value.trimmed().isEmpty())
            p.values.push_back(value.trimmed().toStdString());
    if (p.values.empty()) {
        if (error)
            *error = tr("give the values to sweep, separated by commas");
        return false;
    }
    return setSweepParameter(p, true, error);
}

QString Document::sweepParameterProblem(const scenarios::SweepParameter& parameter) const
{
    if (const std::string why = scenarios::sweepParameterProblem(parameter); !why.empty())
        return QString::fromStdString(why);
    // Each value as scalelab-cli sweep puts it: an override of the study's text
    // (list items by index, workload.rate.0.rps), read and validated.
    const std::string text = scenarios::writeStudy(m_study);
    const std::string file = m_path.toStdString();
    const auto before = errorKeys(scenarios::parseStudy(text, file).diagnostics);
    for (const std::string& value : scenarios::sweepValues(parameter))
        for (const std::string& path : parameter.set)
            for (const auto& d : scenarios::parseStudy(text, file, {{path, value}}).diagnostics)
                if (d.severity == scenarios::Diagnostic::Severity::Error && !before.count(d.path + "\n" + d.message))
                    return tr("%1: %2").arg(QString::fromStdString(value), QString::fromStdString(d.message));
    return {};
}

bool Document::setSweepParameter(const scenarios::SweepParameter& parameter, bool keepOthers, QString* error)
{
    if (const QString why = sweepParameterProblem(parameter); !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    Study after = m_study;
    if (!after.sweep)
        after.sweep.emplace();
    auto& list = after.sweep->parameters;
    const auto same = std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.set == parameter.set; });
    if (!keepOthers)
        list.clear();
    scenarios::SweepParameter p = parameter;
    p.mark = {};
    p.keyMarks = {};
    if (keepOthers && same != list.end())
        *same = std::move(p);
    else
        list.push_back(std::move(p));
    const std::string last = parameter.set.empty() ? std::string() : parameter.set.front();
    commit(std::move(after), tr("Sweep %1").arg(QString::fromStdString(last.substr(last.rfind('.') + 1))));
    return true;
}

bool Document::setValueText(const scenarios::DocPath& path, const QString& text, QString* error)
{
    return setValueTexts({{path, text.trimmed().toStdString()}},
                         tr("Set %1").arg(QString::fromStdString(path.empty() ? std::string() : path.back())), error);
}

bool Document::setValueTexts(const std::vector<std::pair<scenarios::DocPath, std::string>>& edits,
                             const QString& label, QString* error)
{
    const auto result = scenarios::withValueTexts(m_study, edits);
    if (!result.study) {
        // The error nearest an edited path (sharing the longest prefix), else the first error.
        const scenarios::Diagnostic* first = nullptr;
        std::size_t best = 0;
        for (const auto& d : result.diagnostics) {
            if (d.severity != scenarios::Diagnostic::Severity::Error)
                continue;
            std::size_t shared = 0;
            for (const auto& e : edits) {
                const std::string p = scenarios::joinPath(e.first);
                std::size_t n = 0;
                while (n < p.size() && n < d.path.size() && p[n] == d.path[n])
                    ++n;
                const bool whole = n == d.path.size() || n == p.size();
                shared = std::max(shared, whole ? n + 1 : 0);
            }
            if (!first || shared > best) {
                first = &d;
                best = shared;
            }
        }
        if (error)
            *error = first ? QString::fromStdString(first->message + (first->hint.empty() ? "" : " (" + first->hint + ")"))
                           : tr("invalid value");
        return false;
    }
    Study s = *result.study;
    if (s.path.empty())
        s.path = m_study.path;
    // A value typed equal to its default is set all the same: the writer
    // leaves it out, so the document remembers it to show it as set.
    QHash<QString, QString> explicitValues = m_explicit;
    for (const auto& [path, text] : edits) {
        const QString key = QString::fromStdString(scenarios::joinPath(path));
        if (!text.empty() && scenarios::valueText(s, path).empty())
            explicitValues.insert(key, QString::fromStdString(text));
        else
            explicitValues.remove(key);
    }
    commit(std::move(s), label, -1, {}, explicitValues);
    return true;
}

bool Document::edit(const QString& label, const std::function<void(Study&)>& change, QString* error)
{
    Study s = m_study;
    change(s);
    const auto before = errorKeys(m_diagnostics);
    for (const auto& d : validate(s, m_path))
        if (d.severity == scenarios::Diagnostic::Severity::Error && !before.count(d.path + "\n" + d.message)) {
            if (error)
                *error = QString::fromStdString(d.message + (d.hint.empty() ? "" : " (" + d.hint + ")"));
            return false;
        }
    commit(std::move(s), label);
    return true;
}

bool Document::renameComponent(const QString& variantName, const QString& from, const QString& to, QString* error)
{
    Study s = m_study;
    Variant* v = mutableVariant(s, variantName);
    const std::string a = from.toStdString();
    const std::string b = to.trimmed().toStdString();
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!v || !v->find(a))
        return fail(tr("no component '%1'").arg(from));
    if (b.empty() || b.find_first_of(" .:[]{},#") != std::string::npos)
        return fail(tr("a name is letters, digits, '-' and '_'"));
    if (v->find(b))
        return fail(tr("'%1' is taken").arg(to));
    scenarios::renameComponent(s, *v, a, b);
    const auto check = validate(s, m_path);
    const auto before = errorKeys(m_diagnostics);
    for (const auto& d : check)
        if (d.severity == scenarios::Diagnostic::Severity::Error && d.message.find(b) != std::string::npos &&
            !before.count(d.path + "\n" + d.message))
            return fail(QString::fromStdString(d.message));
    commit(std::move(s), tr("Rename %1 to %2").arg(from, to));
    return true;
}

QString Document::duplicateVariant(const QString& variantName)
{
    Study s = m_study;
    const Variant* v = s.findVariant(variantName.toStdString());
    if (!v)
        return {};
    QStringList taken;
    for (const auto& x : s.variants)
        taken << QString::fromStdString(x.name);
    Variant copy = *v;
    const QString name = numbered(variantName + "_alt", taken);
    copy.name = name.toStdString();
    const auto at = std::find_if(s.variants.begin(), s.variants.end(), [&](const auto& x) { return &x == v; });
    s.variants.insert(at + 1, copy);
    commit(std::move(s), tr("Duplicate variant %1").arg(variantName));
    return name;
}

QString Document::addVariant(const Variant& variant)
{
    Study s = m_study;
    QStringList taken;
    for (const auto& x : s.variants)
        taken << QString::fromStdString(x.name);
    Variant copy = variant;
    const QString name = uniqueName(QString::fromStdString(variant.name), taken);
    copy.name = name.toStdString();
    s.variants.push_back(copy);
    fillLayout(s);
    commit(std::move(s), tr("Add variant %1").arg(name));
    return name;
}

bool Document::removeVariant(const QString& variantName, QString* error)
{
    if (m_study.variants.size() <= 1) {
        if (error)
            *error = tr("a study needs at least one variant");
        return false;
    }
    Study s = m_study;
    std::erase_if(s.variants, [&](const auto& v) { return v.name == variantName.toStdString(); });
    commit(std::move(s), tr("Remove variant %1").arg(variantName));
    return true;
}

namespace {

/// A name the study file writes bare: no spaces, no YAML punctuation.
bool isPlainName(const std::string& name)
{
    return name.find_first_of(" .:[]{},#&*!|>'\"%@`") == std::string::npos;
}

} // namespace

namespace {

/// Why `to` cannot replace `from` as the name of a `what` (empty when it can,
/// or when the two are the same name).
template <class Exists>
QString renameProblem(const QString& what, const QString& from, const QString& to, Exists exists)
{
    const std::string a = from.toStdString(), b = to.trimmed().toStdString();
    if (!exists(a))
        return Document::tr("no %1 '%2'").arg(what, from);
    if (b == a)
        return {};
    if (b.empty())
        return Document::tr("a %1 needs a name").arg(what);
    if (!isPlainName(b))
        return Document::tr("a name is letters, digits, '-' and '_'");
    if (exists(b))
        return Document::tr("there is already a %1 '%2'").arg(what, to.trimmed());
    return {};
}

} // namespace

bool Document::renameVariant(const QString& from, const QString& to, QString* error)
{
    const QString why =
        renameProblem(tr("variant"), from, to, [&](const std::string& n) { return m_study.findVariant(n) != nullptr; });
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    if (to.trimmed() == from)
        return true;
    Study s = m_study;
    scenarios::renameVariant(s, from.toStdString(), to.trimmed().toStdString());
    commit(std::move(s), tr("Rename variant %1 to %2").arg(from, to.trimmed()));
    return true;
}

bool Document::renameZone(const QString& from, const QString& to, QString* error)
{
    const auto& zones = m_study.network.zones;
    const QString why = renameProblem(tr("zone"), from, to, [&](const std::string& n) {
        return std::any_of(zones.begin(), zones.end(), [&](const scenarios::Zone& z) { return z.name == n; });
    });
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    if (to.trimmed() == from)
        return true;
    Study s = m_study;
    scenarios::renameZone(s, from.toStdString(), to.trimmed().toStdString());
    commit(std::move(s), tr("Rename zone %1 to %2").arg(from, to.trimmed()));
    return true;
}

bool Document::removeZone(const QString& zone, QString* error)
{
    const std::string name = zone.toStdString();
    const auto& zones = m_study.network.zones;
    if (std::none_of(zones.begin(), zones.end(), [&](const scenarios::Zone& z) { return z.name == name; })) {
        if (error)
            *error = tr("no zone '%1'").arg(zone);
        return false;
    }
    if (const auto faults = scenarios::faultsNamingZone(m_study, name); !faults.empty()) {
        QStringList named;
        for (std::size_t i : faults)
            named << tr("fault %1 (%2 at %3)")
                         .arg(i + 1)
                         .arg(QString::fromStdString(scenarios::faultLabel(m_study.faults[i])),
                              QString::fromStdString(scenarios::formatDurationExact(m_study.faults[i].at)));
        if (error)
            *error = tr("zone %1 is named by %2: change or remove that fault first (Faults tab)")
                         .arg(zone, named.join(", "));
        return false;
    }
    Study s = m_study;
    scenarios::removeZone(s, name);
    commit(std::move(s), tr("Remove zone %1").arg(zone));
    return true;
}

QString Document::valueText(const scenarios::DocPath& path) const
{
    const QString text = QString::fromStdString(scenarios::valueText(m_study, path));
    return text.isEmpty() ? m_explicit.value(QString::fromStdString(scenarios::joinPath(path))) : text;
}

bool Document::isSetToDefault(const scenarios::DocPath& path) const
{
    // Set in the file (or by an edit) but equal to its default: the canonical text leaves it out.
    if (scenarios::valueText(m_study, path, scenarios::WrittenKeys::Canonical).empty() &&
        !scenarios::valueText(m_study, path).empty())
        return true;
    return scenarios::valueText(m_study, path).empty() &&
           m_explicit.contains(QString::fromStdString(scenarios::joinPath(path)));
}

std::vector<Connection> Document::connections(const Variant& variant)
{
    std::vector<Connection> out;
    for (const auto& [from, to] : edges(variant)) {
        Connection c;
        c.from = QString::fromStdString(from);
        c.to = QString::fromStdString(to);
        for (const auto& r : variant.routes)
            forEachCall(r.root, [&](const Call& parent, const Call& child) {
                if (parent.target != from || child.target != to)
                    return;
                if (c.calls++ > 0) {
                    if (!c.operations.contains(QString::fromStdString(r.operation)))
                        c.operations << QString::fromStdString(r.operation);
                    return;
                }
                c.operations << QString::fromStdString(r.operation);
                c.placement = CallPlacement::Pipeline;
                listHolding(const_cast<Call&>(parent), &child, &c.placement);
                c.timeout = child.timeout;
                c.retries = child.retries;
                c.breaker = child.breaker;
                c.bulkhead = child.bulkhead;
                c.probability = child.probability;
                const scenarios::Component* target = variant.find(to);
                c.async = c.placement == CallPlacement::Pipeline || (target && models::kindOf(target->kind).delivers());
            });
        out.push_back(std::move(c));
    }
    return out;
}

QString Document::zoneOf(const Study& study, const scenarios::Component& component)
{
    const unsigned zoned = models::kindsWith(&models::Kind::hasMachines) | models::kEntry;
    if (study.network.zones.empty() || !(models::kindBit(component.kind) & zoned))
        return {};
    return QString::fromStdString(component.zones.empty() ? study.network.zones.front().name : component.zones.front());
}

std::vector<std::pair<std::string, std::string>> Document::edges(const Variant& variant)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : variant.routes)
        forEachCall(r.root, [&](const Call& parent, const Call& child) {
            const std::pair<std::string, std::string> e{parent.target, child.target};
            if (std::find(out.begin(), out.end(), e) == out.end())
                out.push_back(e);
        });
    return out;
}

} // namespace scalelab::gui
