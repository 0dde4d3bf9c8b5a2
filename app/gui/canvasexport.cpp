#include "canvasexport.h"

#include "canvasscene.h"
#include "document.h"
#include "zoneitem.h"

#include "charts/chartexport.h"
#include "models/fields.h"
#include "models/kinds/kind.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QSignalBlocker>
#include <QSvgGenerator>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace scalelab::gui {

namespace {

/// Components, connections and zones as designed while it lives: no run's
/// load, faults, outages or traffic, no model badges; put back as they were after.
class DesignedLook
{
public:
    explicit DesignedLook(CanvasScene& scene)
    {
        for (QGraphicsItem* i : scene.items()) {
            if (i->type() == ComponentItem::Type) {
                auto* c = static_cast<ComponentItem*>(i);
                m_components.push_back({c, c->live(), c->faulty(), c->model()});
                c->setLive(std::nullopt);
                c->setFaulty(false);
                c->setModel(std::nullopt);
            } else if (i->type() == ZoneItem::Type) {
                auto* z = static_cast<ZoneItem*>(i);
                m_zones.push_back({z, z->outage()});
                z->setOutage(false);
            } else if (i->type() == EdgeItem::Type) {
                auto* e = static_cast<EdgeItem*>(i);
                m_edges.push_back({e, e->traffic()});
                e->setTraffic(std::nullopt);
            }
        }
    }
    ~DesignedLook()
    {
        for (const auto& c : m_components) {
            c.item->setLive(c.live);
            c.item->setFaulty(c.faulty);
            c.item->setModel(c.model);
        }
        for (const auto& [zone, outage] : m_zones)
            zone->setOutage(outage);
        for (const auto& e : m_edges)
            e.item->setTraffic(e.traffic);
    }

private:
    struct Component
    {
        ComponentItem* item;
        std::optional<LiveState> live;
        bool faulty;
        std::optional<ModelState> model;
    };
    struct Edge
    {
        EdgeItem* item;
        std::optional<EdgeTraffic> traffic;
    };
    std::vector<Component> m_components;
    std::vector<Edge> m_edges;
    std::vector<std::pair<ZoneItem*, bool>> m_zones;
};

/// The kinds drawn on the canvas, in the palette's order.
std::vector<scenarios::ComponentKind> kindsShown(CanvasScene& scene)
{
    std::vector<scenarios::ComponentKind> kinds;
    for (QGraphicsItem* i : scene.items())
        if (i->type() == ComponentItem::Type) {
            const auto kind = static_cast<ComponentItem*>(i)->kind();
            if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
                kinds.push_back(kind);
        }
    std::sort(kinds.begin(), kinds.end());
    return kinds;
}

/// The legend: each kind shown with its icon, then the notation of arrows
/// and zones, in rows from the top left of `band` (wrapped to its width).
/// Returns the height used.
double drawLegend(CanvasScene& scene, QPainter& painter, const QRectF& band, bool draw)
{
    QFont font = painter.font();
    font.setPixelSize(13);
    font.setBold(false);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const double row = 24.0, icon = 18.0, gap = 22.0;
    QPointF at = band.topLeft();
    auto place = [&](double width) {
        if (at.x() + width > band.right() && at.x() > band.left()) {
            at.setX(band.left());
            at.ry() += row;
        }
        const QPointF start = at;
        at.rx() += width + gap;
        return start;
    };
    const QColor ink(0x37, 0x47, 0x4f);
    painter.setPen(ink);
    for (const auto kind : kindsShown(scene)) {
        const QString text = QString::fromStdString(models::kindOf(kind).label());
        const QPointF p = place(icon + 6.0 + metrics.horizontalAdvance(text));
        if (!draw)
            continue;
        if (QSvgRenderer* r = scene.icon(kind))
            r->render(&painter, QRectF(p.x(), p.y() + (row - icon) / 2 - 2, icon, icon));
        painter.drawText(QRectF(p.x() + icon + 6.0, p.y(), band.width(), row - 4), Qt::AlignLeft | Qt::AlignVCenter,
                         text);
    }
    // Arrows: a call; dashed, one made on a cache miss (when the drawing has one).
    bool miss = false;
    for (QGraphicsItem* i : scene.items())
        miss = miss || (i->type() == EdgeItem::Type && static_cast<EdgeItem*>(i)->look().miss);
    QPointF p;
    for (const bool dashed : {false, true}) {
        if (dashed && !miss)
            break;
        const QString text = dashed ? QObject::tr("a call made on a cache miss") : QObject::tr("a call, caller to callee");
        p = place(34.0 + metrics.horizontalAdvance(text));
        if (!draw)
            continue;
        const double y = p.y() + (row - 4) / 2;
        painter.setPen(QPen(ink, 2.0, dashed ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
        painter.drawLine(QPointF(p.x(), y), QPointF(p.x() + 20.0, y));
        painter.setPen(QPen(ink, 1.0));
        painter.setBrush(ink);
        painter.drawPolygon(QPolygonF{QPointF(p.x() + 28.0, y), QPointF(p.x() + 18.0, y - 5.0),
                                      QPointF(p.x() + 18.0, y + 5.0)});
        painter.setBrush(Qt::NoBrush);
        painter.drawText(QRectF(p.x() + 34.0, p.y(), band.width(), row - 4), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    if (!scene.document()->study().network.zones.empty()) {
        const QString zoneText = QObject::tr("a zone: its components run there");
        p = place(34.0 + metrics.horizontalAdvance(zoneText));
        if (draw) {
            const QColor zone = zoneInk();
            painter.setPen(QPen(zone, 1.4, Qt::DashLine));
            painter.setBrush(QColor(zone.red(), zone.green(), zone.blue(), 14));
            painter.drawRect(QRectF(p.x(), p.y() + 3.0, 26.0, row - 10.0));
            painter.setBrush(Qt::NoBrush);
            painter.setPen(ink);
            painter.drawText(QRectF(p.x() + 34.0, p.y(), band.width(), row - 4), Qt::AlignLeft | Qt::AlignVCenter,
                             zoneText);
        }
    }
    return at.y() + row - band.top();
}

double titleHeight(QSize size)
{
    return std::clamp(size.height() * 0.06, 24.0, 72.0);
}

/// The legend band's height at `size` (0 without a legend).
double legendHeight(CanvasScene& scene, QSize size, const CanvasPicture& picture)
{
    if (!picture.legend)
        return 0.0;
    QImage scratch(1, 1, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&scratch);
    return drawLegend(scene, painter, QRectF(16.0, 0.0, size.width() - 32.0, size.height()), false) + 12.0;
}

QRectF drawingSource(CanvasScene& scene)
{
    return scene.itemsBoundingRect().adjusted(-20, -20, 20, 20);
}

void render(CanvasScene& scene, QPainter& painter, QSize size, const CanvasPicture& picture)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    // Selection outlines are for the editor, not for the picture.
    const QSignalBlocker quiet(&scene); // the selection is back as it was before anyone could look
    const auto selected = scene.selectedItems();
    for (auto* item : selected)
        item->setSelected(false);
    {
        std::optional<DesignedLook> designed;
        if (!picture.keepRunColours)
            designed.emplace(scene);

        // The title: the study's name and the variant, a band over the drawing.
        const double title = titleHeight(size);
        QFont font = painter.font();
        font.setPixelSize(int(title * 0.5));
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(QColor(0x26, 0x32, 0x38));
        const QString study = QString::fromStdString(scene.document()->study().name);
        const QString text = study.isEmpty() ? scene.variant() : study + " — " + scene.variant();
        const QRectF titleBox(16.0, 0.0, size.width() - 32.0, title);
        painter.drawText(titleBox, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(font).elidedText(text, Qt::ElideRight, titleBox.width()));

        // The legend, a band at the foot, measured first so the drawing fits above it.
        const double legend = legendHeight(scene, size, picture);
        if (picture.legend) {
            const double top = size.height() - legend;
            painter.setPen(QPen(QColor(0xcf, 0xd8, 0xdc), 1.0));
            painter.drawLine(QPointF(16.0, top), QPointF(size.width() - 16.0, top));
            drawLegend(scene, painter, QRectF(16.0, top + 6.0, size.width() - 32.0, legend), true);
        }

        // The drawing fitted under the title, centred (render alone keeps it at the top left).
        const QRectF area(0.0, title, size.width(), size.height() - title - legend);
        const QRectF source = drawingSource(scene);
        QRectF target(QPointF(), source.size().scaled(area.size(), Qt::KeepAspectRatio));
        target.moveCenter(area.center());
        scene.setPlainBackground(true);
        scene.render(&painter, target, source, Qt::IgnoreAspectRatio);
        scene.setPlainBackground(false);
    }
    for (auto* item : selected)
        item->setSelected(true);
}

} // namespace

QSize fittedCanvasSize(CanvasScene& scene, int width, int maxHeight, CanvasPicture picture)
{
    const QRectF source = drawingSource(scene);
    if (source.width() <= 0.0)
        return {width, maxHeight};
    const double drawing = source.height() * width / source.width();
    // The title's height follows the picture's: settle it from the tallest.
    QSize size(width, maxHeight);
    for (int pass = 0; pass < 3; ++pass)
        size.setHeight(std::min(maxHeight, int(std::ceil(titleHeight(size) + legendHeight(scene, size, picture) + drawing))));
    return size;
}

bool exportCanvas(CanvasScene& scene, const QString& path, const QString& format, QSize size, QString* error,
                  CanvasPicture picture)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (size.width() <= 0 || size.height() <= 0)
        return fail(QString("the size must be positive (got %1x%2)").arg(size.width()).arg(size.height()));
    if (format == "png") {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&image);
            render(scene, painter, size, picture);
        }
        return image.save(path, "PNG") || fail("cannot write " + path);
    }
    if (format == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle("ScaleLab canvas");
        QPainter painter;
        if (!painter.begin(&svg))
            return fail("cannot write " + path);
        render(scene, painter, size, picture);
        return (painter.end() && charts::sizeSvgInPixels(path, size.width(), size.height())) ||
               fail("cannot write " + path);
    }
    return fail("unknown canvas format '" + format + "': use png or svg");
}

} // namespace scalelab::gui
