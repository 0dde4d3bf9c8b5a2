#include "zoneitem.h"

#include "autolayout.h"

#include "models/fields.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <functional>
#include <optional>
#include <map>
#include <set>

namespace scalelab::gui {

namespace {

const QColor kZoneInk(0x45, 0x5a, 0x64);
const QColor kRegionInk(0x37, 0x47, 0x4f);
constexpr double kEmptyWidth = 260.0;  // an empty zone's area
constexpr double kEmptyHeight = 150.0;

} // namespace

ZoneItem::ZoneItem(Level level, const QString& name, const QString& label, const QRectF& rect, bool labelAtBottom)
    : QGraphicsRectItem(rect), m_level(level), m_name(name), m_label(label), m_labelAtBottom(labelAtBottom)
{
    setAcceptedMouseButtons(Qt::NoButton); // a press goes through to the canvas (rubber band, drop)
    setToolTip(level == Level::Zone ? QObject::tr("%1: drag a component here to put it in this zone").arg(label)
                                    : label);
}

QColor zoneInk()
{
    return kZoneInk;
}

QFont ZoneItem::labelFont()
{
    QFont font;
    font.setPointSizeF(10.0);
    font.setBold(true);
    return font;
}

QRectF ZoneItem::labelRect() const
{
    const QFontMetricsF metrics(labelFont());
    const QString text = m_outage ? QObject::tr("%1 — OUTAGE").arg(m_label) : m_label;
    const QSizeF size(metrics.horizontalAdvance(text) + 2.0, metrics.height());
    const QRectF r = rect();
    return m_labelAtBottom ? QRectF(QPointF(r.left() + 10, r.bottom() - 4 - size.height()), size)
                           : QRectF(QPointF(r.left() + 10, r.top() + 4), size);
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
    painter->setFont(labelFont());
    painter->setPen(m_outage ? QColor(0xb7, 0x1c, 0x1c) : ink);
    const QString text = m_outage ? QObject::tr("%1 — OUTAGE").arg(m_label) : m_label;
    painter->drawText(labelRect(), Qt::AlignLeft | Qt::AlignVCenter, text);
}

namespace {

constexpr double kPad = 16.0;       // between a zone's border and its components
constexpr double kLabelRoom = 24.0; // the label's row inside an area

/// The areas around each zone's components where the boxes are a user's own
/// arrangement: a zone whose components are spread among others' takes
/// several areas rather than one covering a component outside it; later
/// zones a little further out, their labels a row higher.
std::vector<ZoneArea> clusters(const scenarios::Study& study, const scenarios::Variant& variant,
                               const QHash<QString, QRectF>& boxes,
                               const std::function<QString(const scenarios::Zone&)>& labelOf)
{
    std::vector<ZoneArea> out;
    std::map<std::string, std::vector<QRectF>> members; // the boxes of each zone's components
    std::vector<QRectF> all;                            // every component's box
    for (const auto& c : variant.components) {
        const auto box = boxes.find(QString::fromStdString(c.name));
        if (box == boxes.end())
            continue;
        all.push_back(*box);
        for (int z : drawnZones(study, c))
            members[study.network.zones[std::size_t(z)].name].push_back(*box);
    }
    int index = 0;
    for (const auto& zone : study.network.zones) {
        const auto it = members.find(zone.name);
        if (it == members.end())
            continue;
        const double pad = kPad + 8.0 * index;
        const QMarginsF margins(pad, pad + kLabelRoom + 20.0 * index, pad, pad);
        std::vector<QRectF> outside;
        for (const QRectF& box : all)
            if (std::find(it->second.begin(), it->second.end(), box) == it->second.end())
                outside.push_back(box);
        std::vector<QRectF> clustered = it->second;
        for (bool merged = true; merged;) {
            merged = false;
            for (size_t i = 0; i < clustered.size() && !merged; ++i)
                for (size_t j = i + 1; j < clustered.size() && !merged; ++j) {
                    const QRectF both = clustered[i].united(clustered[j]);
                    if (std::none_of(outside.begin(), outside.end(),
                                     [&](const QRectF& o) { return both.marginsAdded(margins).intersects(o); })) {
                        clustered[i] = both;
                        clustered.erase(clustered.begin() + long(j));
                        merged = true;
                    }
                }
        }
        for (const QRectF& cluster : clustered)
            out.push_back({ZoneItem::Level::Zone, QString::fromStdString(zone.name), labelOf(zone),
                           cluster.marginsAdded(margins), -10.0 - 0.01 * index});
        ++index;
    }
    return out;
}

/// The areas as bands, one per zone with components, top to bottom in the
/// study's order, each as wide as the zoned drawing. A component in one zone
/// stands inside its band and in no other area; components spread over two
/// neighbouring zones stand in a strip where the two bands overlap, so the
/// drawing reads as "in both"; components in no zone stand outside every band.
/// nullopt when the boxes are not placed so (a user's own arrangement): the
/// caller draws clusters.
std::optional<std::vector<ZoneArea>> bands(const scenarios::Study& study, const scenarios::Variant& variant,
                                           const QHash<QString, QRectF>& boxes)
{
    const auto& zones = study.network.zones;
    struct Box
    {
        QRectF rect;
        int lo = -1, hi = -1; // the bands it spans (indices among used zones)
    };
    std::vector<int> used;    // zone indices with components, in order
    std::vector<std::pair<QRectF, std::vector<int>>> members;
    std::vector<QRectF> outside;
    for (const auto& c : variant.components) {
        const auto box = boxes.find(QString::fromStdString(c.name));
        if (box == boxes.end())
            continue;
        const std::vector<int> in = drawnZones(study, c);
        if (in.empty())
            outside.push_back(*box);
        else
            members.push_back({*box, in});
        for (int z : in)
            if (std::find(used.begin(), used.end(), z) == used.end())
                used.push_back(z);
    }
    if (used.empty())
        return std::vector<ZoneArea>{};
    std::sort(used.begin(), used.end());
    const auto band = [&](int zone) { return int(std::find(used.begin(), used.end(), zone) - used.begin()); };
    std::vector<Box> list;
    QRectF drawing;
    for (const auto& [rect, in] : members) {
        list.push_back({rect, band(in.front()), band(in.back())});
        drawing = drawing.united(rect);
    }
    const int n = int(used.size());
    // The strip where bands b and b+1 overlap: around every box spread over
    // both (room for band b's label at its foot when that band has its label
    // there), else a line halfway between the boxes above and below it.
    std::vector<double> stripTop(static_cast<std::size_t>(std::max(0, n - 1)));
    std::vector<double> stripBottom(stripTop.size());
    for (int b = 0; b + 1 < n; ++b) {
        double low = 1e300, high = -1e300, above = -1e300, below = 1e300;
        for (const Box& x : list) {
            if (x.lo <= b && b < x.hi) {
                low = std::min(low, x.rect.top());
                high = std::max(high, x.rect.bottom());
            } else if (x.hi <= b) {
                above = std::max(above, x.rect.bottom());
            } else {
                below = std::min(below, x.rect.top());
            }
        }
        const auto i = std::size_t(b);
        if (low <= high) {
            stripTop[i] = low - kPad;
            stripBottom[i] = high + kPad + (b > 0 ? kLabelRoom : 0.0);
        } else {
            stripTop[i] = stripBottom[i] = (above + below) / 2;
        }
        if (b > 0 && stripTop[i] <= stripBottom[i - 1] + kLabelRoom)
            return std::nullopt;
    }
    // Each band's top and bottom; the first band's label on top, the others' at the bottom.
    std::vector<double> bandTop(static_cast<std::size_t>(n)), bandBottom(static_cast<std::size_t>(n));
    for (int b = 0; b < n; ++b) {
        double first = 1e300, last = -1e300;
        for (const Box& x : list)
            if (x.lo <= b && b <= x.hi) {
                first = std::min(first, x.rect.top());
                last = std::max(last, x.rect.bottom());
            }
        bandTop[std::size_t(b)] = b == 0 ? first - kPad - kLabelRoom : stripTop[std::size_t(b - 1)];
        bandBottom[std::size_t(b)] = b + 1 == n ? last + kPad + (n > 1 ? kLabelRoom : 0.0) : stripBottom[std::size_t(b)];
    }
    const double left = drawing.left() - kPad, right = drawing.right() + kPad;
    const QRectF all(left, bandTop.front(), right - left, bandBottom.back() - bandTop.front());
    for (const QRectF& o : outside)
        if (o.intersects(all))
            return std::nullopt;
    std::vector<QRectF> rects;
    for (int b = 0; b < n; ++b)
        rects.emplace_back(left, bandTop[std::size_t(b)], right - left, bandBottom[std::size_t(b)] - bandTop[std::size_t(b)]);
    // Every box inside each of its bands (clear of their labels) and clear of every other band.
    for (const Box& x : list)
        for (int b = 0; b < n; ++b) {
            const QRectF& r = rects[std::size_t(b)];
            const bool mine = x.lo <= b && b <= x.hi;
            const double topRoom = b == 0 ? kPad + kLabelRoom : kPad;
            const double bottomRoom = b > 0 && b + 1 == n ? kPad + kLabelRoom : kPad;
            if (mine && (x.rect.top() < r.top() + topRoom - 0.5 || x.rect.bottom() > r.bottom() - bottomRoom + 0.5))
                return std::nullopt;
            if (!mine && x.rect.intersects(r))
                return std::nullopt;
        }
    std::vector<ZoneArea> out;
    for (int b = 0; b < n; ++b) {
        ZoneArea a;
        a.name = QString::fromStdString(zones[std::size_t(used[std::size_t(b)])].name);
        a.rect = rects[std::size_t(b)];
        a.labelAtBottom = b > 0;
        out.push_back(a);
    }
    return out;
}

} // namespace

std::vector<ZoneArea> zoneAreas(const scenarios::Study& study, const scenarios::Variant& variant,
                                const QHash<QString, QRectF>& boxes)
{
    std::vector<ZoneArea> out;
    if (study.network.zones.empty())
        return out;
    std::set<std::string> regions;
    for (const auto& zone : study.network.zones)
        regions.insert(zone.region);
    const bool showRegions = regions.size() > 1;
    const auto labelOf = [&](const scenarios::Zone& zone) {
        QString label = QStringLiteral("zone ") + QString::fromStdString(zone.name);
        if (zone.region != "default" && !showRegions)
            label += " (" + QString::fromStdString(zone.region) + ")";
        return label;
    };
    QRectF drawing;
    for (const auto& c : variant.components)
        if (const auto box = boxes.find(QString::fromStdString(c.name)); box != boxes.end())
            drawing = drawing.united(*box);
    std::map<std::string, QRectF> zoneBounds;
    if (const auto banded = bands(study, variant, boxes)) {
        out = *banded;
        for (ZoneArea& a : out) {
            drawing = drawing.united(a.rect);
            zoneBounds[a.name.toStdString()] = a.rect;
            for (const auto& zone : study.network.zones)
                if (zone.name == a.name.toStdString())
                    a.label = labelOf(zone);
        }
    } else {
        out = clusters(study, variant, boxes, labelOf);
        for (const ZoneArea& a : out)
            zoneBounds[a.name.toStdString()] = zoneBounds[a.name.toStdString()].united(a.rect);
    }
    // A zone without components: an empty area right of the drawing, to drag components into.
    double emptyX = drawing.isNull() ? 0.0 : drawing.right() + 80.0;
    const double emptyY = drawing.isNull() ? 0.0 : drawing.top();
    for (const auto& zone : study.network.zones) {
        if (zoneBounds.count(zone.name))
            continue;
        const QRectF empty(emptyX, emptyY, kEmptyWidth, kEmptyHeight);
        out.push_back({ZoneItem::Level::Zone, QString::fromStdString(zone.name), labelOf(zone), empty, -10.0});
        zoneBounds[zone.name] = empty;
        emptyX += kEmptyWidth + 40.0;
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
