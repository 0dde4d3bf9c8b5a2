#include "canvasscene.h"

#include "document.h"
#include "edgeitem.h"

#include <QFileInfo>
#include <QGraphicsSceneContextMenuEvent>
#include <QMenu>
#include <QGraphicsLineItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMimeData>
#include <QPainter>
#include <QSvgRenderer>
#include <QUrl>

#include "scenarios/quantities.h"
#include "scenarios/studywriter.h"

#include <algorithm>
#include <cmath>

namespace scalelab::gui {

CanvasScene::CanvasScene(Document* document, QObject* parent) : QGraphicsScene(parent), m_doc(document)
{
    for (std::size_t i = 0; i < scenarios::kindNames().size(); ++i) {
        const QString name = QString::fromStdString(scenarios::kindNames()[i]);
        m_icons.insert(int(i), new QSvgRenderer(QStringLiteral(":/icons/%1.svg").arg(name), this));
    }
    setSceneRect(-200, -200, 2400, 1600);
    connect(m_doc, &Document::changed, this, &CanvasScene::rebuild);
    connect(m_doc, &Document::changed, this, &CanvasScene::forgetRunIfEdited);
}

namespace {

/// The study as a run sees it: its text without the canvas layout.
std::string designOf(const scenarios::Study& study)
{
    scenarios::Study s = study;
    for (auto& v : s.variants)
        v.layout.clear();
    return scenarios::writeStudy(s, scenarios::WrittenKeys::Canonical);
}

/// The badges of a connection's policy, as the file would write its values.
EdgeLook edgeLook(const Connection& c)
{
    EdgeLook look;
    look.miss = c.placement == CallPlacement::Miss;
    if (look.miss)
        look.badges << QObject::tr("on miss");
    if (c.placement == CallPlacement::Parallel)
        look.badges << QObject::tr("parallel");
    if (c.async)
        look.badges << QObject::tr("async");
    if (c.probability < 1.0)
        look.badges << QString::fromStdString(scenarios::formatPercent(c.probability));
    if (c.timeout)
        look.badges << QObject::tr("timeout %1").arg(QString::fromStdString(scenarios::formatDurationExact(*c.timeout)));
    if (c.retries)
        look.badges << QObject::tr("retries %1").arg(c.retries->max);
    if (c.breaker)
        look.badges << QObject::tr("breaker");
    if (c.bulkhead)
        look.badges << QObject::tr("bulkhead %1").arg(c.bulkhead->max);
    return look;
}

} // namespace

void CanvasScene::rebuildZones()
{
    const scenarios::Variant* v = m_doc->variant(m_variant);
    if (!v)
        return;
    QHash<QString, QRectF> boxes;
    for (auto it = m_items.begin(); it != m_items.end(); ++it)
        boxes.insert(it.key(), it.value()->mapRectToScene(QRectF(-ComponentItem::kWidth / 2, -ComponentItem::kHeight / 2,
                                                                 ComponentItem::kWidth, ComponentItem::kHeight)));
    for (const ZoneArea& area : zoneAreas(m_doc->study(), *v, boxes)) {
        auto* zone = new ZoneItem(area.level, area.name, area.label, area.rect, area.labelAtBottom);
        zone->setZValue(area.z);
        zone->setOutage(area.level == ZoneItem::Level::Zone && m_outages.contains(area.name));
        addItem(zone);
        m_zones << zone;
    }
    QList<QRectF> labels;
    for (const ZoneItem* z : std::as_const(m_zones))
        labels << z->labelRect();
    for (EdgeItem* e : std::as_const(m_edges))
        e->setAvoid(labels);
}

ZoneItem* CanvasScene::zoneLabelAt(QPointF pos) const
{
    for (ZoneItem* z : m_zones)
        if (z->level() == ZoneItem::Level::Zone && z->labelRect().contains(pos))
            return z;
    return nullptr;
}

void CanvasScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !componentAt(event->scenePos()))
        if (const ZoneItem* z = zoneLabelAt(event->scenePos())) {
            emit zoneRenameRequested(z->name());
            event->accept();
            return;
        }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

QString CanvasScene::zoneAt(QPointF pos) const
{
    const ZoneItem* best = nullptr;
    for (const ZoneItem* z : m_zones)
        if (z->level() == ZoneItem::Level::Zone && z->rect().contains(pos) &&
            (!best || z->rect().width() * z->rect().height() < best->rect().width() * best->rect().height()))
            best = z;
    return best ? best->name() : QString();
}

void CanvasScene::setZoneOutages(const QStringList& zones)
{
    m_outages = zones;
    for (ZoneItem* z : std::as_const(m_zones))
        z->setOutage(z->level() == ZoneItem::Level::Zone && zones.contains(z->name()));
}

void CanvasScene::faultEvent(const QString& kind, const QString& subject)
{
    const auto& zones = m_doc->study().network.zones;
    if (std::none_of(zones.begin(), zones.end(), [&](const auto& z) { return z.name == subject.toStdString(); }))
        return;
    QStringList outages = m_outages;
    if (kind == "fault_start" && !outages.contains(subject))
        outages << subject;
    else if (kind == "fault_end")
        outages.removeAll(subject);
    setZoneOutages(outages);
}

void CanvasScene::setEstimate(const std::optional<models::analytic::Estimate>& estimate)
{
    m_model.clear();
    if (estimate)
        for (const auto& c : estimate->components) {
            // Past saturation a queue's occupancy is unbounded: the load, linear
            // in the rate, is the rate over the component's saturation rate.
            const double load = c.saturation > 0 && std::isfinite(c.saturation) ? estimate->rate / c.saturation : 0.0;
            m_model.insert(QString::fromStdString(c.name), ModelState{c.utilization, load, c.hitRatio});
        }
    applyModel();
}

void CanvasScene::applyModel()
{
    for (auto it = m_items.begin(); it != m_items.end(); ++it)
        it.value()->setModel(m_model.contains(it.key()) ? std::optional<ModelState>(m_model.value(it.key()))
                                                       : std::nullopt);
}

void CanvasScene::forgetRunIfEdited()
{
    if ((m_live.isEmpty() && m_traffic.isEmpty()) || designOf(m_doc->study()) == m_design)
        return;
    setLiveStates({});
    setLiveTraffic({});
}

void CanvasScene::setVariant(const QString& variant)
{
    if (variant == m_variant)
        return;
    m_variant = variant;
    m_live.clear();
    m_traffic.clear();
    m_design.clear();
    m_faulty.clear();
    m_outages.clear();
    m_model.clear();
    clearSelection();
    rebuild();
}

void CanvasScene::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    for (auto* item : std::as_const(m_items))
        item->setFlag(QGraphicsItem::ItemIsMovable, mode == Mode::Select);
    emit modeChanged(mode);
}

QPointF CanvasScene::snapped(QPointF p) const
{
    if (!m_snap)
        return p;
    return {std::round(p.x() / kGrid) * kGrid, std::round(p.y() / kGrid) * kGrid};
}

void CanvasScene::rebuild()
{
    const QStringList selected = selectedComponents();
    const auto edgesSelected = selectedEdges();
    m_rubber = nullptr;
    clear();
    m_items.clear();
    m_edges.clear();
    m_zones.clear();
    const scenarios::Variant* v = m_doc->variant(m_variant);
    if (!v)
        return;
    for (const auto& c : v->components) {
        auto* item = new ComponentItem(c, icon(c.kind));
        const QString name = QString::fromStdString(c.name);
        item->setPos(m_doc->position(m_variant, name));
        item->setFlag(QGraphicsItem::ItemIsMovable, m_mode == Mode::Select);
        if (m_live.contains(name))
            item->setLive(m_live.value(name));
        item->setFaulty(m_faulty.contains(name));
        if (m_model.contains(name))
            item->setModel(m_model.value(name));
        addItem(item);
        m_items.insert(name, item);
        item->setSelected(selected.contains(name));
    }
    for (const Connection& c : Document::connections(*v)) {
        auto* a = m_items.value(c.from);
        auto* b = m_items.value(c.to);
        if (!a || !b)
            continue;
        auto* e = new EdgeItem(a, b);
        e->setLook(edgeLook(c));
        addItem(e);
        m_edges << e;
        e->setSelected(edgesSelected.contains({a->name(), b->name()}));
    }
    rebuildZones();
    if (!m_traffic.isEmpty())
        setLiveTraffic(m_traffic);
    // Keep the canvas large enough for what it holds.
    setSceneRect(sceneRect().united(itemsBoundingRect().adjusted(-400, -300, 400, 300)));
}

QStringList CanvasScene::selectedComponents() const
{
    QStringList names;
    for (auto* i : selectedItems())
        if (i->type() == ComponentItem::Type)
            names << static_cast<ComponentItem*>(i)->name();
    names.sort();
    return names;
}

void CanvasScene::selectComponents(const QStringList& names)
{
    clearSelection();
    for (const auto& n : names)
        if (auto* item = m_items.value(n))
            item->setSelected(true);
}

QList<QPair<QString, QString>> CanvasScene::selectedEdges() const
{
    QList<QPair<QString, QString>> out;
    for (auto* i : selectedItems())
        if (i->type() == EdgeItem::Type) {
            auto* e = static_cast<EdgeItem*>(i);
            out.append({e->from()->name(), e->to()->name()});
        }
    return out;
}

LiveState CanvasScene::moduleState(const QString& module, LiveState state,
                                   const QHash<QString, LiveState>& states) const
{
    const scenarios::Variant* v = m_doc->variant(m_variant);
    if (!v)
        return state;
    const auto it = std::find_if(v->components.begin(), v->components.end(),
                                 [&](const scenarios::Component& c) { return c.name == module.toStdString(); });
    if (it == v->components.end() || it->host.empty())
        return state;
    const auto host = std::find_if(v->components.begin(), v->components.end(),
                                   [&](const scenarios::Component& c) { return c.name == it->host; });
    state.host = QString::fromStdString(it->host);
    const LiveState hostState = states.value(state.host);
    // The host's capacity now: its cores on each serving instance.
    const int instances = hostState.instances > 0 ? hostState.instances : (host != v->components.end() ? host->instanceTotal() : 1);
    const int cores = host != v->components.end() ? host->cores : 1;
    state.utilization = std::clamp(state.moduleCores / double(std::max(1, cores * instances)), 0.0, 1.0);
    state.failed = hostState.failed;
    return state;
}

void CanvasScene::setLiveStates(const QHash<QString, LiveState>& states)
{
    m_live = states;
    for (auto it = m_live.begin(); it != m_live.end(); ++it)
        if (it->moduleCores >= 0)
            *it = moduleState(it.key(), *it, states);
    if (!states.isEmpty() && m_design.empty())
        m_design = designOf(m_doc->study());
    if (m_live.isEmpty() && m_traffic.isEmpty())
        m_design.clear();
    for (auto it = m_items.begin(); it != m_items.end(); ++it)
        it.value()->setLive(m_live.contains(it.key()) ? std::optional<LiveState>(m_live.value(it.key()))
                                                      : std::nullopt);
}

void CanvasScene::setLiveTraffic(const QHash<QString, EdgeTraffic>& traffic)
{
    m_traffic = traffic;
    if (!traffic.isEmpty() && m_design.empty())
        m_design = designOf(m_doc->study());
    if (m_live.isEmpty() && m_traffic.isEmpty())
        m_design.clear();
    // Widths are relative to the busiest connection drawn on this canvas.
    double busiest = 0.0;
    for (EdgeItem* e : std::as_const(m_edges))
        busiest = std::max(busiest, traffic.value(e->from()->name() + "->" + e->to()->name()).calls);
    for (EdgeItem* e : std::as_const(m_edges)) {
        const QString key = e->from()->name() + "->" + e->to()->name();
        if (!traffic.contains(key)) {
            e->setTraffic(std::nullopt);
            continue;
        }
        EdgeTraffic t = traffic.value(key);
        t.busiest = busiest;
        e->setTraffic(t);
    }
}

EdgeItem* CanvasScene::edge(const QString& from, const QString& to) const
{
    for (EdgeItem* e : m_edges)
        if (e->from()->name() == from && e->to()->name() == to)
            return e;
    return nullptr;
}

void CanvasScene::setFaulty(const QStringList& names)
{
    m_faulty = names;
    for (auto it = m_items.begin(); it != m_items.end(); ++it)
        it.value()->setFaulty(names.contains(it.key()));
}

ComponentItem* CanvasScene::componentAt(QPointF pos) const
{
    for (auto* i : items(pos))
        if (i->type() == ComponentItem::Type)
            return static_cast<ComponentItem*>(i);
    return nullptr;
}

void CanvasScene::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    if (m_mode == Mode::Connect && event->button() == Qt::LeftButton) {
        if (auto* from = componentAt(event->scenePos())) {
            m_connectFrom = from->name();
            m_rubber = new QGraphicsLineItem(QLineF(from->pos(), event->scenePos()));
            m_rubber->setPen(QPen(QColor(0x19, 0x76, 0xd2), 2, Qt::DashLine));
            m_rubber->setZValue(2);
            addItem(m_rubber);
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
}

void CanvasScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event)
{
    if (m_rubber) {
        m_rubber->setLine(QLineF(m_rubber->line().p1(), event->scenePos()));
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void CanvasScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    if (m_rubber) {
        removeItem(m_rubber);
        delete m_rubber;
        m_rubber = nullptr;
        const QString from = m_connectFrom;
        m_connectFrom.clear();
        auto* to = componentAt(event->scenePos());
        if (to && to->name() != from) {
            QString why;
            if (!m_doc->connect(m_variant, from, to->name(), m_operation, &why))
                emit message(tr("Cannot connect %1 to %2: %3").arg(from, to->name(), why));
        }
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (m_mode != Mode::Select)
        return;
    QHash<QString, QPointF> moved;
    QHash<QString, QString> zones; // components dropped into another zone's area
    const scenarios::Variant* v = m_doc->variant(m_variant);
    for (auto it = m_items.begin(); it != m_items.end(); ++it) {
        const QPointF now = it.value()->pos();
        if (now == m_doc->position(m_variant, it.key()))
            continue;
        moved.insert(it.key(), snapped(now));
        const scenarios::Component* c = v ? v->find(it.key().toStdString()) : nullptr;
        const QString zone = zoneAt(now);
        const QString current = c ? Document::zoneOf(m_doc->study(), *c) : QString();
        if (current.isEmpty() || zone.isEmpty() || zone == current ||
            std::find(c->zones.begin(), c->zones.end(), zone.toStdString()) != c->zones.end())
            continue;
        // Shift held: the zone is added, the instances spread over the zones.
        QStringList list;
        if (event->modifiers() & Qt::ShiftModifier) {
            for (const auto& z : c->zones)
                list << QString::fromStdString(z);
            if (list.isEmpty())
                list << current;
        }
        zones.insert(it.key(), (list << zone).join(','));
    }
    if (!moved.isEmpty())
        m_doc->moveIntoZones(m_variant, moved, zones);
}

void CanvasScene::dragEnterEvent(QGraphicsSceneDragDropEvent* event)
{
    const bool ours = event->mimeData()->hasFormat(kKindMime) || event->mimeData()->hasUrls();
    event->setAccepted(ours);
    if (ours)
        event->acceptProposedAction();
}

void CanvasScene::dragMoveEvent(QGraphicsSceneDragDropEvent* event)
{
    dragEnterEvent(event);
}

void CanvasScene::dropEvent(QGraphicsSceneDragDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (mime->hasFormat(kKindMime)) {
        const std::string kind = QString::fromUtf8(mime->data(kKindMime)).toStdString();
        const auto& names = scenarios::kindNames();
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == kind) {
                const QString added = m_doc->addComponent(m_variant, scenarios::ComponentKind(i),
                                                          snapped(event->scenePos()), zoneAt(event->scenePos()));
                selectComponents({added});
            }
        event->acceptProposedAction();
        return;
    }
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) {
            emit fileDropped(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
}

void CanvasScene::contextMenuEvent(QGraphicsSceneContextMenuEvent* event)
{
    // Over a zone's area (or its label): rename or remove that zone too.
    const ZoneItem* label = zoneLabelAt(event->scenePos());
    const QString zone = label ? label->name() : componentAt(event->scenePos()) ? QString() : zoneAt(event->scenePos());
    QMenu menu;
    menu.setObjectName("canvasMenu");
    QAction* addZone = menu.addAction(tr("Add zone"));
    addZone->setObjectName("addZone");
    addZone->setToolTip(tr("A new availability zone (network.zones); drag components into its area"));
    QAction* rename = nullptr;
    QAction* remove = nullptr;
    if (!zone.isEmpty()) {
        menu.addSeparator();
        rename = menu.addAction(tr("Rename zone %1…").arg(zone));
        rename->setObjectName("renameZone");
        remove = menu.addAction(tr("Remove zone %1").arg(zone));
        remove->setObjectName("removeZone");
        remove->setToolTip(tr("Its components leave it (one only there falls to the first zone left)"));
    }
    QAction* chosen = menu.exec(event->screenPos());
    if (chosen == addZone) {
        m_doc->addZone();
    } else if (chosen && chosen == rename) {
        emit zoneRenameRequested(zone);
    } else if (chosen && chosen == remove) {
        QString why;
        if (!m_doc->removeZone(zone, &why))
            emit message(tr("Cannot remove zone %1: %2").arg(zone, why));
    }
    event->accept();
}

void CanvasScene::drawBackground(QPainter* painter, const QRectF& rect)
{
    if (m_plain)
        return;
    painter->fillRect(rect, QColor(0xfa, 0xfb, 0xfc));
    if (!m_snap)
        return;
    painter->setPen(QPen(QColor(0xcf, 0xd8, 0xdc), 1.5));
    const double left = std::floor(rect.left() / kGrid) * kGrid;
    const double top = std::floor(rect.top() / kGrid) * kGrid;
    QVector<QPointF> dots;
    for (double x = left; x < rect.right(); x += kGrid)
        for (double y = top; y < rect.bottom(); y += kGrid)
            dots << QPointF(x, y);
    painter->drawPoints(dots.data(), int(dots.size()));
}

} // namespace scalelab::gui
