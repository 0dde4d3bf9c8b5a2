#include "zoneitem.h"

#include "models/fields.h"

#include <QFont>
#include <QPainter>

#include <algorithm>
#include <map>
#include <set>

namespace scalelab::gui {

namespace {

const QColor kZoneInk(0x45, 0x5a, 0x64);
const QColor kRegionInk(0x37, 0x47, 0x4f);
constexpr double kEmptyWidth = 260.0;  // an empty zone's area
constexpr double kEmptyHeight = 150.0;

} // namespace

ZoneItem::ZoneItem(Level level, const QString& name, const QString& label, const QRectF& rect)
    : QGraphicsRectItem(rect), m_level(level), m_name(name), m_label(label)
{
    setAcceptedMouseButtons(Qt::NoButton); // a press goes through to the canvas (rubber band, drop)
    setToolTip(level == Level::Zone ? QObject::tr("%1: drag a component here to put it in this zone").arg(label)
                                    : label);
}

QColor zoneInk()
{
    return kZoneInk;
}

void ZoneItem::setOutage(bool on)
{
    m_outage = on;
    update();
}

void ZoneItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const bool zone = m_level == Level::Zone;
    const QColor ink = zone ? kZoneInk : kRegionInk;
    painter->setPen(QPen(ink, zone ? 1.4 : 1.8, zone ? Qt::DashLine : Qt::DashDotLine));
    if (m_outage)
        painter->setBrush(QColor(0x61, 0x61, 0x61, 110));
    else
        painter->setBrush(QColor(ink.red(), ink.green(), ink.blue(), zone ? 14 : 6));
    painter->drawRoundedRect(rect(), 10, 10);
    QFont font = painter->font();
    font.setPointSizeF(10.0);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(m_outage ? QColor(0xb7, 0x1c, 0x1c) : ink);
    const QString text = m_outage ? QObject::tr("%1 — OUTAGE").arg(m_label) : m_label;
    painter->drawText(rect().adjusted(10, 4, -10, 0), Qt::AlignLeft | Qt::AlignTop, text);
}

std::vector<ZoneArea> zoneAreas(const scenarios::Study& study, const scenarios::Variant& variant,
                                const QHash<QString, QRectF>& boxes)
{
    std::vector<ZoneArea> out;
    if (study.network.zones.empty())
        return out;
    const std::string first = study.network.zones.front().name;
    const unsigned zoned = models::kindsWith(&models::Kind::hasMachines) | models::kEntry;
    std::map<std::string, std::vector<QRectF>> members; // the boxes of each zone's components
    std::vector<QRectF> all;                            // every component's box
    QRectF drawing;
    for (const auto& c : variant.components) {
        const auto box = boxes.find(QString::fromStdString(c.name));
        if (box == boxes.end())
            continue;
        all.push_back(*box);
        drawing = drawing.united(*box);
        if (!(models::kindBit(c.kind) & zoned))
            continue;
        for (const std::string& z : c.zones.empty() ? std::vector<std::string>{first} : c.zones)
            members[z].push_back(*box);
    }
    std::set<std::string> regions;
    for (const auto& zone : study.network.zones)
        regions.insert(zone.region);
    const bool showRegions = regions.size() > 1;
    // Later zones a little further out, their labels a row higher, so that
    // areas of zones sharing components stay apart; each behind the one
    // inside it, translucent, behind the connections and components.
    int index = 0;
    double emptyX = drawing.isNull() ? 0.0 : drawing.right() + 80.0;
    const double emptyY = drawing.isNull() ? 0.0 : drawing.top();
    std::map<std::string, QRectF> zoneBounds;
    for (const auto& zone : study.network.zones) {
        QString label = QStringLiteral("zone ") + QString::fromStdString(zone.name);
        if (zone.region != "default" && !showRegions)
            label += " (" + QString::fromStdString(zone.region) + ")";
        const auto it = members.find(zone.name);
        if (it == members.end()) {
            const QRectF empty(emptyX, emptyY, kEmptyWidth, kEmptyHeight);
            out.push_back({ZoneItem::Level::Zone, QString::fromStdString(zone.name), label, empty, -10.0 - 0.01 * index});
            zoneBounds[zone.name] = zoneBounds[zone.name].united(empty);
            emptyX += kEmptyWidth + 40.0;
            ++index;
            continue;
        }
        const double pad = 16.0 + 8.0 * index;
        const QMarginsF margins(pad, pad + 24.0 + 20.0 * index, pad, pad);
        // An area never covers a component outside the zone: the zone's
        // components in as few areas as the layout allows.
        std::vector<QRectF> outside;
        for (const QRectF& box : all)
            if (std::find(it->second.begin(), it->second.end(), box) == it->second.end())
                outside.push_back(box);
        std::vector<QRectF> clusters = it->second;
        for (bool merged = true; merged;) {
            merged = false;
            for (size_t i = 0; i < clusters.size() && !merged; ++i)
                for (size_t j = i + 1; j < clusters.size() && !merged; ++j) {
                    const QRectF both = clusters[i].united(clusters[j]);
                    if (std::none_of(outside.begin(), outside.end(),
                                     [&](const QRectF& o) { return both.marginsAdded(margins).intersects(o); })) {
                        clusters[i] = both;
                        clusters.erase(clusters.begin() + long(j));
                        merged = true;
                    }
                }
        }
        for (const QRectF& cluster : clusters) {
            const QRectF area = cluster.marginsAdded(margins);
            out.push_back({ZoneItem::Level::Zone, QString::fromStdString(zone.name), label, area, -10.0 - 0.01 * index});
            zoneBounds[zone.name] = zoneBounds[zone.name].united(area);
        }
        ++index;
    }
    if (showRegions)
        for (const std::string& region : regions) {
            QRectF bounds;
            for (const auto& zone : study.network.zones)
                if (zone.region == region)
                    bounds = bounds.united(zoneBounds[zone.name]);
            if (!bounds.isNull())
                out.push_back({ZoneItem::Level::Region, QString::fromStdString(region),
                               QStringLiteral("region ") + QString::fromStdString(region),
                               bounds.adjusted(-14, -34, 14, 14), -20.0});
        }
    return out;
}

} // namespace scalelab::gui
