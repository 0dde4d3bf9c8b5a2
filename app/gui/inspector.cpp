#include "inspector.h"

#include "analyticpanel.h"
#include "document.h"
#include "palette.h"
#include "rateprofileview.h"
#include "valueform.h"

#include "cli/parityreport.h"
#include "scenarios/studyedit.h"
#include "scenarios/studyreader.h"
#include "simcore/arrivals.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace scalelab::gui {

namespace {

QWidget* scrolled(QWidget* content)
{
    auto* area = new QScrollArea;
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace

QString Inspector::componentDefault(scenarios::ComponentKind kind, const QString& key)
{
    return QString::fromStdString(scenarios::defaultText("component", key.toStdString(), kind));
}

Inspector::Inspector(Document* document, QWidget* parent) : QTabWidget(parent), m_doc(document)
{
    // Component.
    auto* component = new QWidget;
    auto* cv = new QVBoxLayout(component);
    m_title = new QLabel(tr("Select a component on the canvas."));
    m_title->setWordWrap(true);
    m_name = new QLineEdit;
    m_name->setObjectName("name");
    m_name->setPlaceholderText(tr("name"));
    m_name->hide();
    m_componentForm = new ValueForm(m_doc);
    m_analytic = new AnalyticPanel(m_doc);
    m_componentBox = new QWidget;
    auto* cbox = new QVBoxLayout(m_componentBox);
    cbox->setContentsMargins(0, 0, 0, 0);
    cbox->addWidget(m_title);
    cbox->addWidget(m_name);
    cbox->addWidget(m_analytic);
    cbox->addWidget(m_componentForm);
    cv->addWidget(m_componentBox);
    // An arrow's calls: how they are made and their policy (the route steps' keys).
    m_connectionBox = new QWidget;
    m_connectionBox->setObjectName("connection");
    auto* ebox = new QVBoxLayout(m_connectionBox);
    ebox->setContentsMargins(0, 0, 0, 0);
    m_connectionTitle = new QLabel;
    m_connectionTitle->setWordWrap(true);
    ebox->addWidget(m_connectionTitle);
    auto* placementRow = new QHBoxLayout;
    placementRow->addWidget(new QLabel(tr("Called")));
    m_placement = new QComboBox;
    m_placement->setObjectName("placement");
    m_placement->addItem(tr("in sequence"), int(CallPlacement::Sequence));
    m_placement->addItem(tr("in parallel (fan-out)"), int(CallPlacement::Parallel));
    m_placement->addItem(tr("on a cache miss"), int(CallPlacement::Miss));
    m_placement->addItem(tr("as the next pipeline stage"), int(CallPlacement::Pipeline));
    m_placement->setToolTip(tr("In sequence: after the calls before it. In parallel: at once with the other parallel "
                               "calls, waiting for all. On a cache miss: only the requests the cache at the tail "
                               "misses make it (cache-aside), drawn dashed."));
    placementRow->addWidget(m_placement, 1);
    ebox->addLayout(placementRow);
    auto* policies = new QHBoxLayout;
    m_retries = new QCheckBox(tr("Retries"));
    m_retries->setObjectName("retriesOn");
    m_breaker = new QCheckBox(tr("Circuit breaker"));
    m_breaker->setObjectName("breakerOn");
    m_bulkhead = new QCheckBox(tr("Bulkhead"));
    m_bulkhead->setObjectName("bulkheadOn");
    for (QCheckBox* box : {m_retries, m_breaker, m_bulkhead})
        policies->addWidget(box);
    policies->addStretch();
    ebox->addLayout(policies);
    m_connectionForm = new ValueForm(m_doc);
    ebox->addWidget(m_connectionForm);
    m_connectionBox->hide();
    cv->addWidget(m_connectionBox);
    cv->addStretch();
    addTab(scrolled(component), tr("Component"));
    connect(m_placement, &QComboBox::activated, this, [this](int index) {
        QString why;
        const auto placement = CallPlacement(m_placement->itemData(index).toInt());
        if (!m_doc->setCallPlacement(m_variant, m_from, m_to, placement, &why)) {
            emit message(tr("Cannot call %1 %2: %3").arg(m_to, m_placement->itemText(index), why));
            rebuildConnection();
        }
    });
    for (const auto& [box, policy] : {std::pair{m_retries, "retries"}, {m_breaker, "breaker"}, {m_bulkhead, "bulkhead"}})
        connect(box, &QCheckBox::toggled, this, [this, policy = QString(policy)](bool on) {
            QString why;
            if (!m_doc->setCallPolicy(m_variant, m_from, m_to, policy, on, &why)) {
                emit message(tr("Cannot change the %1 of %2->%3: %4").arg(policy, m_from, m_to, why));
                rebuildConnection();
            }
        });
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        const QString to = m_name->text().trimmed();
        if (m_shownComponent.isEmpty() || to == m_shownComponent)
            return;
        QString why;
        if (!m_doc->renameComponent(m_variant, m_shownComponent, to, &why)) {
            emit message(tr("Cannot rename %1: %2").arg(m_shownComponent, why));
            m_name->setText(m_shownComponent);
        }
    });

    // Routes.
    auto* routes = new QWidget;
    auto* rv = new QVBoxLayout(routes);
    auto* routesHelp = new QLabel(tr("Each operation's call chain, as [a, b, {c: {cpu: 8ms}}]. On the canvas, "
                                     "Connect mode adds a call to the operation chosen in the toolbar."));
    routesHelp->setWordWrap(true);
    m_routesForm = new ValueForm(m_doc);
    rv->addWidget(routesHelp);
    rv->addWidget(m_routesForm);
    rv->addStretch();
    addTab(scrolled(routes), tr("Routes"));

    // Workload.
    auto* workload = new QWidget;
    auto* wv = new QVBoxLayout(workload);
    m_timeline = new RateProfileView;
    m_timeline->setEditable(true);
    m_timeline->setToolTip(tr("Drag a point: a rate point (circle) up and down and along the run, a ramp's start "
                              "(square) along the run, a spike (diamond) to change its factor and time."));
    wv->addWidget(m_timeline);
    connect(m_timeline, &RateProfileView::workloadEdited, this,
            [this](const scenarios::Workload& edited, const QString& label) {
                QString why;
                if (!m_doc->edit(label, [&](scenarios::Study& s) { s.workload = edited; }, &why)) {
                    emit message(tr("Cannot move the point: %1").arg(why));
                    m_timeline->setStudy(m_doc->study());
                }
            });
    auto* buttons = new QHBoxLayout;
    auto* phase = new QPushButton(tr("Add phase"));
    auto* spike = new QPushButton(tr("Add spike"));
    auto* trace = new QPushButton(tr("Import CSV trace…"));
    trace->setObjectName("importTrace");
    buttons->addWidget(phase);
    buttons->addWidget(spike);
    buttons->addWidget(trace);
    wv->addLayout(buttons);
    m_workloadForm = new ValueForm(m_doc);
    std::vector<ValueRow> wrows;
    for (const auto& key : scenarios::knownKeys("workload"))
        wrows.push_back(describedRow(QString::fromStdString(key), {"workload", key}, "workload", key));
    m_workloadForm->setRows(wrows);
    wv->addWidget(m_workloadForm);
    wv->addStretch();
    addTab(scrolled(workload), tr("Workload"));
    connect(phase, &QPushButton::clicked, this, &Inspector::addPhase);
    connect(spike, &QPushButton::clicked, this, &Inspector::addSpike);
    connect(trace, &QPushButton::clicked, this, &Inspector::importTraceRequested);

    // Faults.
    auto* faults = new QWidget;
    auto* fv = new QVBoxLayout(faults);
    m_faultsTimeline = new RateProfileView;
    fv->addWidget(m_faultsTimeline);
    auto* addFault = new QPushButton(tr("Kill the selected component…"));
    fv->addWidget(addFault);
    m_faultsForm = new ValueForm(m_doc);
    m_faultsForm->setRows({{"faults", {"faults"}, tr("none, e.g. [{at: 200s, kill: app, instances: 1, restart: 60s}]"),
                            tr("kill: <component> (instances, restart) or zone_outage: <zone> (for)"), {}}});
    fv->addWidget(m_faultsForm);
    // The fault parity, as validate, run and compare print it: a fault hitting
    // nothing in a variant is an error the Diagnostics list, one taking uneven
    // shares a warning; here is what each one takes in each variant.
    m_parityTitle = new QLabel(tr("What each fault hits in each variant (instances hit/instances = share of the "
                                  "role's capacity):"));
    m_parityTitle->setWordWrap(true);
    fv->addWidget(m_parityTitle);
    m_parity = new QTableWidget;
    m_parity->setObjectName("faultParity");
    m_parity->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_parity->verticalHeader()->hide();
    m_parity->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    fv->addWidget(m_parity);
    fv->addStretch();
    addTab(scrolled(faults), tr("Faults"));
    connect(addFault, &QPushButton::clicked, this, &Inspector::addFault);

    // Study.
    m_studyForm = new ValueForm(m_doc);
    std::vector<ValueRow> srows;
    for (const char* key : {"name", "description", "operations"})
        srows.push_back(describedRow(key, {key}, "study", key));
    for (const auto& part : {"run", "slo", "network"})
        for (const auto& key : scenarios::knownKeys(part))
            srows.push_back(describedRow(QStringLiteral("%1.%2").arg(part, QString::fromStdString(key)), {part, key},
                                         part, key));
    m_studyForm->setRows(srows);
    addTab(scrolled(m_studyForm), tr("Study"));

    connect(m_doc, &Document::changed, this, &Inspector::refresh);
    refresh();
}

void Inspector::setSelection(const QString& variant, const QStringList& components)
{
    const bool variantChanged = variant != m_variant;
    m_variant = variant;
    m_selection = components;
    rebuildComponent();
    if (variantChanged)
        m_routeOps.clear();
    rebuildRoutes();
}

void Inspector::setConnection(const QString& from, const QString& to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    m_shownPolicies.clear();
    rebuildConnection();
}

void Inspector::rebuildConnection()
{
    const scenarios::Variant* v = m_doc->variant(m_variant);
    std::optional<Connection> shown;
    if (v && !m_from.isEmpty())
        for (const Connection& c : Document::connections(*v))
            if (c.from == m_from && c.to == m_to)
                shown = c;
    m_connectionBox->setVisible(shown.has_value());
    m_componentBox->setVisible(!shown);
    setTabText(0, shown ? tr("Connection") : tr("Component"));
    if (!shown) {
        m_connectionForm->setRows({});
        m_shownPolicies.clear();
        return;
    }
    const scenarios::Component* tail = v->find(m_from.toStdString());
    const scenarios::Component* head = v->find(m_to.toStdString());
    m_connectionTitle->setText((shown->calls == 1 ? tr("<b>%1 → %2</b> — one call, in %3")
                                                  : tr("<b>%1 → %2</b> — %4 calls, in %3"))
                                   .arg(m_from.toHtmlEscaped(), m_to.toHtmlEscaped(), shown->operations.join(", "),
                                        QString::number(shown->calls)));
    {
        const QSignalBlocker quiet(m_placement);
        m_placement->setCurrentIndex(m_placement->findData(int(shown->placement)));
        // A miss path starts at a cache that the caller reads aside; a pipeline stage stays one.
        const auto missKinds = scenarios::kindsForStepKey("miss");
        const bool cacheAside =
            tail && std::find(missKinds.begin(), missKinds.end(), tail->kind) != missKinds.end();
        auto* model = qobject_cast<QStandardItemModel*>(m_placement->model());
        for (int i = 0; i < m_placement->count(); ++i) {
            const auto p = CallPlacement(m_placement->itemData(i).toInt());
            const bool enabled = shown->placement == CallPlacement::Pipeline
                                     ? p == CallPlacement::Pipeline
                                     : p != CallPlacement::Pipeline && (p != CallPlacement::Miss || cacheAside);
            if (model)
                model->item(i)->setEnabled(enabled);
        }
    }
    for (const auto& [box, on] :
         {std::pair{m_retries, bool(shown->retries)}, {m_breaker, bool(shown->breaker)}, {m_bulkhead, bool(shown->bulkhead)}}) {
        const QSignalBlocker quiet(box);
        box->setChecked(on);
    }
    const QString policies = QStringLiteral("%1%2%3%4").arg(int(bool(shown->retries))).arg(int(bool(shown->breaker)))
                                 .arg(int(bool(shown->bulkhead))).arg(m_from + "->" + m_to);
    if (policies == m_shownPolicies)
        return; // the form refreshes itself
    m_shownPolicies = policies;
    const scenarios::DocPath at{"variants", m_variant.toStdString(), "connections", (m_from + "->" + m_to).toStdString()};
    const scenarios::ComponentKind kind = head ? head->kind : scenarios::ComponentKind::Service;
    auto row = [&](const QString& label, std::string_view part, const std::string& key, scenarios::DocPath path) {
        ValueRow r = describedRow(label, path, part, key, kind);
        r.sweepable = false;
        return r;
    };
    std::vector<ValueRow> rows;
    // The work the calls ask of their target, then how the caller makes them.
    for (const char* key : {"cpu", "wait", "read", "write", "disk", "timeout", "probability", "request", "response"}) {
        const auto kinds = scenarios::kindsForStepKey(key);
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
            continue;
        scenarios::DocPath path = at;
        path.push_back(key);
        rows.push_back(row(key, "step", key, path));
    }
    for (const auto& [on, policy] :
         {std::pair{bool(shown->retries), "retries"}, {bool(shown->breaker), "breaker"}, {bool(shown->bulkhead), "bulkhead"}}) {
        if (!on)
            continue;
        for (const auto& key : scenarios::knownKeys(policy)) {
            scenarios::DocPath path = at;
            path.push_back(policy);
            path.push_back(key);
            rows.push_back(row(QStringLiteral("%1.%2").arg(policy, QString::fromStdString(key)), policy, key, path));
        }
    }
    m_connectionForm->setRows(rows);
}

void Inspector::refresh()
{
    rebuildConnection();
    rebuildComponent();
    rebuildRoutes();
    m_timeline->setStudy(m_doc->study());
    m_faultsTimeline->setStudy(m_doc->study());
    rebuildParity();
}

void Inspector::rebuildParity()
{
    const std::vector<std::vector<std::string>> rows = cli::parityRows(m_doc->study());
    m_parityTitle->setVisible(!rows.empty());
    m_parity->setVisible(!rows.empty());
    m_parity->clear();
    m_parity->setRowCount(rows.empty() ? 0 : int(rows.size()) - 1);
    m_parity->setColumnCount(rows.empty() ? 0 : int(rows.front().size()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size() && c < rows.front().size(); ++c) {
            const QString text = QString::fromStdString(rows[r][c]);
            if (r == 0)
                m_parity->setHorizontalHeaderItem(int(c), new QTableWidgetItem(text));
            else
                m_parity->setItem(int(r) - 1, int(c), new QTableWidgetItem(text));
        }
    m_parity->resizeColumnsToContents();
}

void Inspector::rebuildComponent()
{
    const scenarios::Variant* v = m_doc->variant(m_variant);
    const scenarios::Component* c =
        v && m_selection.size() == 1 ? v->find(m_selection.front().toStdString()) : nullptr;
    m_analytic->setSelection(m_variant, c ? QString::fromStdString(c->name) : QString());
    if (!c) {
        m_shownComponent.clear();
        m_shownKind.clear();
        m_name->hide();
        m_componentForm->setRows({});
        m_title->setText(m_selection.size() > 1 ? tr("%n components selected.", nullptr, int(m_selection.size()))
                                                : tr("Select a component on the canvas."));
        return;
    }
    const QString name = QString::fromStdString(c->name);
    const QString kind = QString::fromUtf8(scenarios::kindName(c->kind).data());
    m_title->setText(tr("<b>%1</b> — %2").arg(name.toHtmlEscaped(), kindLabel(c->kind)));
    m_name->show();
    if (!m_name->hasFocus())
        m_name->setText(name);
    if (name == m_shownComponent && kind == m_shownKind)
        return; // the form refreshes itself
    m_shownComponent = name;
    m_shownKind = kind;
    std::vector<ValueRow> rows;
    for (const auto& key : scenarios::knownKeys("component")) {
        const auto kinds = scenarios::kindsForComponentKey(key);
        if (key != "kind" && std::find(kinds.begin(), kinds.end(), c->kind) == kinds.end())
            continue;
        rows.push_back(describedRow(QString::fromStdString(key), {"variants", m_variant.toStdString(), "components",
                                                                  c->name, key},
                                    "component", key, c->kind));
        if (key == "instances" && !c->groups.empty()) // the groups say how many
            rows.back().placeholder = tr("the groups' (%1)").arg(c->instanceTotal());
    }
    m_componentForm->setRows(rows);
}

void Inspector::rebuildRoutes()
{
    QStringList ops;
    for (const auto& o : m_doc->study().operations)
        ops << QString::fromStdString(o.name);
    if (ops == m_routeOps)
        return;
    m_routeOps = ops;
    std::vector<ValueRow> rows;
    for (const auto& o : m_doc->study().operations)
        rows.push_back({QString::fromStdString(o.name), {"variants", m_variant.toStdString(), "routes", o.name},
                        tr("required: [entry, service, {db: {read: 2ms}}]"), {}, {}});
    m_routesForm->setRows(rows);
}

void Inspector::addPhase()
{
    QString why;
    const bool ok = m_doc->edit(tr("Add rate phase"), [](scenarios::Study& s) {
        auto& rate = s.workload.rate;
        const double end = s.run.duration;
        scenarios::RatePoint p;
        if (rate.empty()) {
            p.at = 0;
            p.rps = 100;
        } else {
            p.at = std::min(end, rate.back().at + std::max(end - rate.back().at, 0.0) / 2);
            p.rps = rate.back().rps * 2;
            p.ramp = std::round(std::max(end - rate.back().at, 0.0) / 10);
        }
        rate.push_back(p);
    }, &why);
    if (!ok)
        emit message(tr("Cannot add a phase: %1").arg(why));
}

std::optional<double> Inspector::freeSpikeStart(const scenarios::Workload& workload, double duration, double length)
{
    const double third = std::round(duration / 3);
    std::vector<double> later{third}, earlier{0.0};
    for (const auto& s : workload.spikes)
        (s.at + s.duration >= third ? later : earlier).push_back(s.at + s.duration);
    std::sort(later.begin(), later.end());
    std::sort(earlier.begin(), earlier.end());
    later.insert(later.end(), earlier.begin(), earlier.end());
    for (double start : later) {
        if (start + length > duration)
            continue;
        const bool overlaps = std::any_of(workload.spikes.begin(), workload.spikes.end(), [&](const auto& s) {
            return s.at < start + length && start < s.at + s.duration;
        });
        if (!overlaps)
            return start;
    }
    return std::nullopt;
}

void Inspector::addSpike()
{
    const scenarios::Study& study = m_doc->study();
    const double length = std::max(1.0, std::round(study.run.duration / 6));
    const auto start = freeSpikeStart(study.workload, study.run.duration, length);
    if (!start) {
        emit message(tr("Cannot add a spike: the run has no free %1 s without one; move or shorten a spike")
                         .arg(length));
        return;
    }
    QString why;
    const bool ok = m_doc->edit(tr("Add spike"), [&](scenarios::Study& s) {
        scenarios::Spike spike;
        spike.at = *start;
        spike.duration = length;
        spike.factor = 3;
        spike.ramp = std::round(s.run.duration / 60);
        s.workload.spikes.push_back(spike);
    }, &why);
    if (!ok)
        emit message(tr("Cannot add a spike: %1").arg(why));
}

void Inspector::addFault()
{
    if (m_selection.size() != 1) {
        emit message(tr("Select the component to kill on the canvas first."));
        return;
    }
    const std::string target = m_selection.front().toStdString();
    const std::string variant = m_variant.toStdString();
    QString why;
    const bool ok = m_doc->edit(tr("Add fault"), [&](scenarios::Study& s) {
        scenarios::Fault f;
        f.type = "kill";
        f.at = std::round(s.run.duration / 2);
        f.target = target;
        // A component's name means this variant's component: the fault is for it alone.
        if (s.variants.size() > 1 && !s.findRole(target))
            f.only = {variant};
        f.settings["restart"] = std::round(s.run.duration / 10);
        s.faults.push_back(f);
        std::stable_sort(s.faults.begin(), s.faults.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    }, &why);
    if (!ok)
        emit message(tr("Cannot add the fault: %1").arg(why));
}

void Inspector::importTrace(const QString& path)
{
    const auto trace = sim::loadRateTrace(path.toStdString());
    if (!trace.ok()) {
        emit message(tr("Cannot import %1: %2").arg(path, QString::fromStdString(trace.errors.front().format())));
        return;
    }
    // Relative to the study's folder when it has one, as the reader resolves it.
    QString written = QFileInfo(path).absoluteFilePath();
    if (!m_doc->filePath().isEmpty())
        written = QFileInfo(m_doc->filePath()).absoluteDir().relativeFilePath(written);
    QString why;
    const bool ok = m_doc->edit(tr("Import trace"), [&](scenarios::Study& s) {
        s.workload.rate.clear();
        s.workload.replayTimestamps.clear();
        s.workload.replay = written.toStdString();
    }, &why);
    if (!ok)
        emit message(tr("Cannot import %1: %2").arg(path, why));
}

} // namespace scalelab::gui
